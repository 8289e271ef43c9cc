module example.com/facecount

go 1.22

require gocv.io/x/gocv v0.36.1
