from PIL import Image

print(Image.new("RGB", (1, 1)).size)
