import pyvips
