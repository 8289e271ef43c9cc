package main

import "os"

// Config is what docsync reads from its environment.
type Config struct {
	Git    string
	Repo   string
	Listen string
}

func loadConfig() Config {
	c := Config{Git: "git", Repo: "/srv/docs", Listen: ":8080"}
	if v := os.Getenv("GIT"); v != "" {
		c.Git = v
	}
	if v := os.Getenv("DOCS_REPO"); v != "" {
		c.Repo = v
	}
	return c
}
