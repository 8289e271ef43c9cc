// Package config reads the mirror's settings from its environment.
package config

import "os"

const defaultGit = "git"

// Config is the mirror's settings.
type Config struct {
	Git      string
	Upstream string
	Dir      string
}

// Load reads the settings, with their defaults.
func Load() Config {
	return Config{
		Git:      getEnv("MIRROR_GIT", defaultGit),
		Upstream: os.Getenv("MIRROR_UPSTREAM"),
		Dir:      getEnv("MIRROR_DIR", "/srv/mirror"),
	}
}

func getEnv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}
