"""Accepts photos and answers with their size, as ImageMagick reads it."""
import subprocess
import tempfile

from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/photos")
async def upload(photo: UploadFile):
    with tempfile.NamedTemporaryFile() as f:
        f.write(await photo.read())
        f.flush()
        size = subprocess.check_output(["identify", "-format", "%wx%h", f.name], text=True)
    return {"size": size}
