module example.com/ocr

go 1.22

require github.com/otiai10/gosseract/v2 v2.4.1
