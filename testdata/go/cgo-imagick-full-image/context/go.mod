module example.com/thumbs

go 1.22

require gopkg.in/gographics/imagick.v2 v2.6.2
