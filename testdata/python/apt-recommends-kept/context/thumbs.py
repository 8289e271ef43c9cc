from wand.image import Image
