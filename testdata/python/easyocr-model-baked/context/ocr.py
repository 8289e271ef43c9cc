import easyocr

print(easyocr.Reader(["en"], gpu=False).readtext("in.png"))
