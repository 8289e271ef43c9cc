package main

import "gopkg.in/gographics/imagick.v2/imagick"

func main() {
	imagick.Initialize()
	defer imagick.Terminate()
	wand := imagick.NewMagickWand()
	defer wand.Destroy()
}
