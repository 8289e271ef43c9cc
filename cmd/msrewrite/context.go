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
// (a buildctx.Dir), however many Dockerfiles use it. The cache is bounded:
// a walk hands on a folder's Dockerfiles together, so a folder is not
// asked for again once the run has moved well past it, and a run over
// thousands of folders would otherwise hold every file it read.
type contexts struct {
	mu      sync.Mutex
	folders map[string]*contextFolder // by absolute path
	order   []string                  // the keys of folders, oldest first
}

// maxContexts bounds the folders a run keeps; above the walk's lead over
// the workers (processAll's queue), so that a listing is still there when
// its Dockerfiles are processed.
const maxContexts = 1024

type contextFolder struct {
	dir     *buildctx.Dir
	entries []fs.DirEntry // from the walk; nil when it did not list the folder
	listed  bool
}

// folder is the cache entry for an absolute path, made if missing.
// cs.mu must be held.
func (cs *contexts) folder(abs string) *contextFolder {
	if f, ok := cs.folders[abs]; ok {
		return f
	}
	if cs.folders == nil {
		cs.folders = map[string]*contextFolder{}
	}
	if len(cs.order) >= maxContexts {
		delete(cs.folders, cs.order[0])
		cs.order = cs.order[1:]
	}
	f := &contextFolder{}
	cs.folders[abs] = f
	cs.order = append(cs.order, abs)
	return f
}

// setListed records a folder's listing as the walk read it.
func (cs *contexts) setListed(abs string, entries []fs.DirEntry) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if f := cs.folder(abs); f.dir == nil {
		f.entries, f.listed = entries, true
	}
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
	f := cs.folder(abs)
	if f.dir == nil {
		if f.listed {
			f.dir = buildctx.NewListedDir(os.DirFS(abs), dir, f.entries)
		} else {
			f.dir = buildctx.NewDir(os.DirFS(abs), dir)
		}
	}
	d := f.dir
	var own []byte
	ownName := ""
	// The Dockerfile's own ignore file, unless the walk listed its
	// folder without one.
	mayHaveOwn := named
	if named && flagDir == "" && f.listed {
		_, mayHaveOwn = buildctx.Find(f.entries, filepath.Base(name)+".dockerignore")
	}
	cs.mu.Unlock()
	if mayHaveOwn {
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
