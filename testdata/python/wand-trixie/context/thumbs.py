from wand.image import Image

with Image(filename="in.png") as img:
    img.resize(64, 64)
    img.save(filename="out.png")
