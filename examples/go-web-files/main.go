// Command app renders a page from files it reads at run time: a template
// folder, a stylesheet and a configuration file, relative to its working
// folder. Its version is compiled in.
package main

import (
	_ "embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
)

//go:embed version.txt
var version string

func main() {
	cfg, err := os.ReadFile("config.yaml")
	if err != nil {
		fmt.Println("config:", err)
		os.Exit(1)
	}
	css, err := os.ReadFile("static/site.css")
	if err != nil {
		fmt.Println("static:", err)
		os.Exit(1)
	}
	t, err := template.ParseGlob(filepath.Join("templates", "*.html"))
	if err != nil {
		fmt.Println("templates:", err)
		os.Exit(1)
	}
	title := strings.TrimSpace(strings.TrimPrefix(string(cfg), "title:"))
	if err := t.ExecuteTemplate(os.Stdout, "page.html", map[string]string{"Title": title, "Version": strings.TrimSpace(version)}); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	_, err = os.Stat(".env.local")
	fmt.Printf("css %d bytes, .env.local ignored: %v\n", len(css), os.IsNotExist(err))
}
