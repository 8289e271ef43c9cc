// Command facecount counts the faces in the images it is given.
package main

import (
	"fmt"
	"os"

	"gocv.io/x/gocv"
)

func main() {
	classifier := gocv.NewCascadeClassifier()
	defer classifier.Close()
	for _, f := range os.Args[1:] {
		img := gocv.IMRead(f, gocv.IMReadColor)
		fmt.Println(f, len(classifier.DetectMultiScale(img)))
	}
}
