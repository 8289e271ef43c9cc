from osgeo import gdal
from fastapi import FastAPI
app = FastAPI()
