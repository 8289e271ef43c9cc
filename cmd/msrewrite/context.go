package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
)

// contexts are the build context folders of a run, each listed once
// (a buildctx.Dir), however many Dockerfiles use it.
type contexts struct {
	mu   sync.Mutex
	dirs map[string]*buildctx.Dir
}

// checkContextFlag refuses a --context that is not a folder: taken as an
// empty context, it would make msrewrite decide without what is there.
func checkContextFlag(dir string) error {
	if dir == "" {
		return nil
	}
	fi, err := os.Stat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("--context %s: %w", dir, unwrapPathError(err))
	case !fi.IsDir():
		return fmt.Errorf("--context %s: not a folder", dir)
	}
	return nil
}

// forFile is the build context of a Dockerfile: the --context folder, or
// the Dockerfile's own folder, with the ignore file BuildKit would apply
// (the Dockerfile's own <name>.dockerignore first). A Dockerfile with no
// name (standard input) and no --context has none: nil.
func (cs *contexts) forFile(flagDir, name string, named bool) (*buildctx.Context, error) {
	dir := flagDir
	if dir == "" {
		if !named {
			return nil, nil
		}
		dir = filepath.Dir(name)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	cs.mu.Lock()
	if cs.dirs == nil {
		cs.dirs = map[string]*buildctx.Dir{}
	}
	d, ok := cs.dirs[abs]
	if !ok {
		d = buildctx.NewDir(os.DirFS(abs), dir)
		cs.dirs[abs] = d
	}
	cs.mu.Unlock()
	var own []byte
	ownName := ""
	if named {
		ownName = name + ".dockerignore"
		own, err = os.ReadFile(ownName)
		if errors.Is(err, fs.ErrNotExist) {
			own, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return d.Context(own, ownName)
}
