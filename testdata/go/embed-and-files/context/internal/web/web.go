package web

import (
	"embed"
	"html/template"
	"net/http"
)

//go:embed assets
var assets embed.FS

func Handler() http.Handler {
	t := template.Must(template.ParseGlob("templates/*.html"))
	_ = t
	return http.FileServer(http.FS(assets))
}
