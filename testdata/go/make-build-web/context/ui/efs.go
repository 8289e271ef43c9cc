package ui

import "embed"

//go:embed "html"
var Files embed.FS
