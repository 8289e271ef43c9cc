// Package buildctx models the build context a Dockerfile is built with:
// the files of a folder, filtered by the ignore file as BuildKit filters
// them (with moby/patternmatcher, the library BuildKit uses), and what a
// COPY or ADD brings from it and where each file lands.
//
// It reads through an fs.FS and never decides where the folder is: the
// caller (the command line, a test with fstest.MapFS, a language server
// with unsaved buffers) makes the Dir. A Dir reads each folder and file
// once, however many Dockerfiles of a run use it.
package buildctx

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// IgnoreFile is the ignore file at the root of a context.
const IgnoreFile = ".dockerignore"

// MaxEntries bounds what one walk of a context reads, so that a huge
// context cannot make a save slow; a walk that would read more fails with
// ErrTooLarge.
const MaxEntries = 50000

// ErrTooLarge is the error of a walk over more than MaxEntries entries.
var ErrTooLarge = fmt.Errorf("more than %d files and folders", MaxEntries)

// Dir is a context folder as one run reads it: each folder's listing and
// each file's content are read once and shared. It is safe for
// concurrent use.
type Dir struct {
	fsys  fs.FS
	name  string
	mu    sync.Mutex
	dirs  map[string]listing
	files map[string]content
	memo  sync.Map // memoKey → *memoEntry
}

type memoKey struct {
	ignore string // the ignore rules the answer was made under
	key    any
}

type memoEntry struct {
	once  sync.Once
	value any
}

type listing struct {
	entries []fs.DirEntry
	err     error
}

type content struct {
	data []byte
	err  error
}

// NewDir is the context folder fsys, called name in messages.
func NewDir(fsys fs.FS, name string) *Dir {
	return &Dir{fsys: fsys, name: name, dirs: map[string]listing{}, files: map[string]content{}}
}

// NewListedDir is NewDir for a folder whose root the caller has just
// listed (fs.ReadDir's order), as a walk that found a Dockerfile in it
// has: the root is not read again, and a file of the root the listing
// does not hold (an ignore file, a manifest) is not opened. A run over
// many folders would otherwise pay those reads and failed opens in each.
func NewListedDir(fsys fs.FS, name string, root []fs.DirEntry) *Dir {
	d := NewDir(fsys, name)
	d.dirs["."] = listing{entries: root}
	return d
}

// readDir lists a folder of the context ("." for its root), sorted by name.
func (d *Dir) readDir(name string) ([]fs.DirEntry, error) {
	d.mu.Lock()
	l, ok := d.dirs[name]
	d.mu.Unlock()
	if ok {
		return l.entries, l.err
	}
	if d.lacks(name) {
		l.err = &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	} else {
		l.entries, l.err = fs.ReadDir(d.fsys, name)
	}
	d.mu.Lock()
	d.dirs[name] = l
	d.mu.Unlock()
	return l.entries, l.err
}

// readFile reads a file of the context (not filtered: ignore files
// themselves are read with it).
func (d *Dir) readFile(name string) ([]byte, error) {
	d.mu.Lock()
	c, ok := d.files[name]
	d.mu.Unlock()
	if ok {
		return c.data, c.err
	}
	if d.lacks(name) {
		c.err = &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	} else {
		c.data, c.err = fs.ReadFile(d.fsys, name)
	}
	d.mu.Lock()
	d.files[name] = c
	d.mu.Unlock()
	return c.data, c.err
}

// lacks tells whether the listing of the folder holding name, once read
// (or given to NewListedDir), shows that it holds no entry called so: no
// open needed. Detectors ask for files that most contexts lack (go.mod
// in each package folder, vendor/, .cargo/, an ignore file), mostly in
// folders already listed.
func (d *Dir) lacks(name string) bool {
	if name == "." {
		return false
	}
	d.mu.Lock()
	parent, listed := d.dirs[path.Dir(name)]
	d.mu.Unlock()
	if !listed || parent.err != nil {
		return false
	}
	_, found := Find(parent.entries, path.Base(name))
	return !found
}

// Find is the place of the entry called name in a folder's listing, in
// fs.ReadDir's order (sorted by name), and whether it is there.
func Find(entries []fs.DirEntry, name string) (int, bool) {
	return slices.BinarySearchFunc(entries, name, func(e fs.DirEntry, name string) int { return strings.Compare(e.Name(), name) })
}

// Context is the build context of one Dockerfile: the folder, filtered by
// the ignore file that applies to that Dockerfile.
type Context struct {
	dir    *Dir
	ignore *patternmatcher.PatternMatcher
	// rules are the ignore file's text, which Memo keys its answers by.
	rules string
	// Name is the folder's name, for messages.
	Name string
	// IgnoreFile names the ignore file applied ("" for none).
	IgnoreFile string
}

// Context is the folder as a Dockerfile sees it. own is the content of
// the Dockerfile's own ignore file (<Dockerfile>.dockerignore beside it),
// which BuildKit prefers, named ownName; nil when there is none, and then
// .dockerignore at the context's root applies, if any.
func (d *Dir) Context(own []byte, ownName string) (*Context, error) {
	c := &Context{dir: d, Name: d.name}
	rules, name := own, ownName
	if rules == nil {
		data, err := d.readFile(IgnoreFile)
		switch {
		case err == nil:
			rules, name = data, IgnoreFile
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	if rules == nil {
		return c, nil
	}
	patterns, err := ignorefile.ReadAll(bytes.NewReader(rules))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if c.ignore, err = patternmatcher.New(patterns); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.IgnoreFile, c.rules = name, string(rules)
	return c, nil
}

// Memo returns what compute makes for key, computed once per folder and
// ignore file, however many Dockerfiles of a run ask: work over a context
// that each Dockerfile in it would otherwise do again. compute must
// depend only on the context and the key.
func (c *Context) Memo(key any, compute func() any) any {
	e, _ := c.dir.memo.LoadOrStore(memoKey{c.rules, key}, &memoEntry{})
	entry := e.(*memoEntry)
	entry.once.Do(func() { entry.value = compute() })
	return entry.value
}

// Clean makes a COPY source or a path a context path: slash-separated,
// relative to the root, "." for the root. As BuildKit, it does not let a
// path leave the context: "../x" is "x".
func Clean(p string) string {
	p = path.Clean("/" + p)
	if p == "/" {
		return "."
	}
	return p[1:]
}

// Ignored tells whether the ignore file leaves a path out of the context.
func (c *Context) Ignored(p string) bool {
	if c.ignore == nil || p == "." {
		return false
	}
	m, err := c.ignore.MatchesOrParentMatches(p)
	return err == nil && m
}

// Stat tells whether a path is in the context, and whether it is a folder.
func (c *Context) Stat(p string) (exists, dir bool) {
	p = Clean(p)
	if p == "." {
		return true, true
	}
	if c.Ignored(p) && !c.hasIncluded(p) {
		return false, false
	}
	entries, err := c.dir.readDir(path.Dir(p))
	if err != nil {
		return false, false
	}
	base := path.Base(p)
	i, found := Find(entries, base)
	if !found {
		return false, false
	}
	return true, entries[i].IsDir()
}

// hasIncluded tells whether an ignored folder holds a path an exclusion
// (!pattern) takes back into the context.
func (c *Context) hasIncluded(dir string) bool {
	if !c.ignore.Exclusions() {
		return false
	}
	found := false
	c.walk(dir, func(p string, isDir bool) error {
		if !isDir {
			found = true
			return fs.SkipAll
		}
		return nil
	}, new(int))
	return found
}

// ReadFile reads a file of the context; a file the ignore file leaves out
// does not exist.
func (c *Context) ReadFile(p string) ([]byte, error) {
	p = Clean(p)
	if c.Ignored(p) {
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
	return c.dir.readFile(p)
}

// ReadDir lists the entries of a context folder that the ignore file
// keeps, sorted by name.
func (c *Context) ReadDir(p string) ([]fs.DirEntry, error) {
	p = Clean(p)
	entries, err := c.dir.readDir(p)
	if err != nil {
		return nil, err
	}
	if c.ignore == nil {
		return entries, nil
	}
	var out []fs.DirEntry
	for _, e := range entries {
		child := path.Join(p, e.Name())
		if !c.Ignored(child) || e.IsDir() && c.hasIncluded(child) {
			out = append(out, e)
		}
	}
	return out, nil
}

// Walk calls fn for every file and folder below root (a context path, "."
// for everything) that the ignore file keeps, in lexical order, parents
// before children; root itself is not passed. fn may return fs.SkipDir
// for a folder, or fs.SkipAll. More than MaxEntries entries is
// ErrTooLarge.
func (c *Context) Walk(root string, fn func(p string, isDir bool) error) error {
	n := 0
	err := c.walk(Clean(root), fn, &n)
	if errors.Is(err, fs.SkipAll) {
		return nil
	}
	return err
}

func (c *Context) walk(dir string, fn func(p string, isDir bool) error, n *int) error {
	entries, err := c.dir.readDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if *n++; *n > MaxEntries {
			return ErrTooLarge
		}
		p := path.Join(dir, e.Name())
		ignored := c.Ignored(p)
		if ignored && (!e.IsDir() || !c.ignore.Exclusions()) {
			continue
		}
		if !ignored {
			if err := fn(p, e.IsDir()); err != nil {
				if errors.Is(err, fs.SkipDir) && e.IsDir() {
					continue
				}
				return err
			}
		}
		if e.IsDir() {
			if err := c.walk(p, fn, n); err != nil {
				return err
			}
		}
	}
	return nil
}
