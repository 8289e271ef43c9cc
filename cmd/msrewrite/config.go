package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/moby/patternmatcher"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
	"github.com/pelletier/go-toml/v2"
)

// configName is the project configuration file, found like .editorconfig or
// .hadolint.yaml: in the Dockerfile's folder or the nearest one above it.
const configName = ".msrewrite.toml"

// config is what a project can set; flags given on the command line win.
type config struct {
	// Alias names the builder stage.
	Alias string `toml:"alias"`
	// RuntimeImage sets the runtime base per toolchain: go, rust, c.
	RuntimeImage map[string]string `toml:"runtime-image"`
	// Keep and Drop are patterns (.dockerignore syntax) of build context
	// paths the runtime stage must carry, or must not, whatever msrewrite
	// infers from them.
	Keep []string `toml:"keep"`
	Drop []string `toml:"drop"`
	// Transforms and Toolchains select which run (all when empty).
	Transforms []string `toml:"transforms"`
	Toolchains []string `toml:"toolchains"`

	path string
}

// configs caches each folder's configuration for a run over many files.
type configs struct {
	mu     sync.Mutex
	byDir  map[string]*config
	errors map[string]error
	// listed tells, for each absolute folder the run walked, whether it
	// holds a configuration file: the walk already read those folders, so
	// a folder without one costs no failed open per Dockerfile.
	listed map[string]bool
	cwd    string
}

// setListed records whether a folder (by absolute path) holds a configName.
func (cs *configs) setListed(dir string, has bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.listed == nil {
		cs.listed = map[string]bool{}
	}
	cs.listed[dir] = has
}

// find returns the configuration that applies to a file in dir (nil for
// none), reading each file once.
func (cs *configs) find(dir string) (*config, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if !filepath.IsAbs(dir) {
		if cs.cwd == "" {
			// filepath.Abs would ask the system for the working folder
			// once per file.
			wd, err := os.Getwd()
			if err != nil {
				return nil, err
			}
			cs.cwd = wd
		}
		dir = filepath.Join(cs.cwd, dir)
	}
	return cs.lookup(filepath.Clean(dir))
}

func (cs *configs) lookup(dir string) (*config, error) {
	if c, ok := cs.byDir[dir]; ok {
		return c, cs.errors[dir]
	}
	var c *config
	var err error
	p := filepath.Join(dir, configName)
	var data []byte
	rerr := os.ErrNotExist
	if has, known := cs.listed[dir]; has || !known {
		data, rerr = os.ReadFile(p)
	}
	if rerr == nil {
		c, err = parseConfig(p, data)
	} else if parent := filepath.Dir(dir); parent != dir {
		c, err = cs.lookup(parent)
	}
	if cs.byDir == nil {
		cs.byDir, cs.errors = map[string]*config{}, map[string]error{}
	}
	cs.byDir[dir], cs.errors[dir] = c, err
	return c, err
}

func parseConfig(path string, data []byte) (*config, error) {
	c := &config{path: path}
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		var missing *toml.StrictMissingError
		var bad *toml.DecodeError
		switch {
		case errors.As(err, &missing) && len(missing.Errors) > 0:
			row, _ := missing.Errors[0].Position()
			return nil, fmt.Errorf("%s:%d: unknown key %q", path, row, strings.Join(missing.Errors[0].Key(), "."))
		case errors.As(err, &bad):
			row, _ := bad.Position()
			return nil, fmt.Errorf("%s:%d: %v", path, row, bad)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if c.Alias != "" && !dockerfile.ValidStageName(c.Alias) {
		return nil, fmt.Errorf("%s: alias %q is not a valid stage name", path, c.Alias)
	}
	for key, patterns := range map[string][]string{"keep": c.Keep, "drop": c.Drop} {
		if _, err := patternmatcher.New(patterns); err != nil {
			return nil, fmt.Errorf("%s: %s: %v", path, key, err)
		}
	}
	known := map[string]bool{}
	for _, t := range append(slices.Clone(transforms.All), transforms.Optional...) {
		known["transform "+t.Name] = true
	}
	for _, t := range transforms.Toolchains {
		known["toolchain "+t.Name] = true
	}
	for _, name := range c.Transforms {
		if !known["transform "+name] {
			return nil, fmt.Errorf("%s: unknown transform %q (msrewrite --list names them)", path, name)
		}
	}
	for _, name := range c.Toolchains {
		if !known["toolchain "+name] {
			return nil, fmt.Errorf("%s: unknown toolchain %q (msrewrite --list names them)", path, name)
		}
	}
	for name := range c.RuntimeImage {
		if !known["toolchain "+name] {
			return nil, fmt.Errorf("%s: runtime-image for unknown toolchain %q", path, name)
		}
	}
	return c, nil
}

// selected returns the transforms and toolchains a configuration keeps.
func (c *config) selected() ([]rewrite.Transform, []rewrite.Toolchain) {
	if c == nil {
		return transforms.All, transforms.Toolchains
	}
	keep := func(names []string) map[string]bool {
		if len(names) == 0 {
			return nil
		}
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	kt, kc := keep(c.Transforms), keep(c.Toolchains)
	var ts []rewrite.Transform
	if kt == nil {
		ts = transforms.All
	} else {
		ts, _ = transforms.Chain(c.Transforms) // the optional ones too, in their order
	}
	var tcs []rewrite.Toolchain
	for _, t := range transforms.Toolchains {
		if kc == nil || kc[t.Name] {
			tcs = append(tcs, t)
		}
	}
	return ts, tcs
}
