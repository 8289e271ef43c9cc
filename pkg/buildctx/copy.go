package buildctx

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/moby/patternmatcher"
)

// Copy is what a COPY or ADD from the context says, its words evaluated.
type Copy struct {
	// Sources are as written (context paths, globs allowed).
	Sources []string
	// Dest is the absolute destination in the image; DestDir tells whether
	// it names a folder (a trailing slash, or a folder known to exist).
	Dest    string
	DestDir bool
	// Exclude are --exclude patterns; Parents is --parents.
	Exclude []string
	Parents bool
}

// Landing is one source of a COPY, matched in the context: a file, or a
// folder whose content the COPY puts into Dest.
type Landing struct {
	// Src is the context path ("." for the root).
	Src string
	// Dest is where Src lands in the image: the file's path, or the folder
	// that receives the folder's content.
	Dest string
	Dir  bool
}

// File is one file a COPY puts into the image.
type File struct {
	Src  string // context path
	Dest string // absolute path in the image
}

// MissingError is a COPY source the context lacks.
type MissingError struct{ Source string }

func (e *MissingError) Error() string {
	return fmt.Sprintf("%s is not in the build context", e.Source)
}

// hasMeta tells whether a source is a pattern, as BuildKit reads it.
func hasMeta(s string) bool { return strings.ContainsAny(s, `*?[`) }

// Resolve matches a COPY's sources in the context. A source that matches
// nothing is a *MissingError: the build would fail on it, or the context
// given is not the one docker build uses.
func (c *Context) Resolve(cp Copy) ([]Landing, error) {
	var out []Landing
	several := len(cp.Sources) > 1
	var matches [][]string
	for _, src := range cp.Sources {
		var m []string
		if hasMeta(src) {
			var err error
			if m, err = c.Glob(src); err != nil {
				return nil, err
			}
		} else if ok, _ := c.Stat(src); ok {
			m = []string{Clean(src)}
		}
		if len(m) == 0 {
			return nil, &MissingError{Source: src}
		}
		several = several || len(m) > 1
		matches = append(matches, m)
	}
	for _, m := range matches {
		for _, p := range m {
			_, dir := c.Stat(p)
			l := Landing{Src: p, Dest: cp.Dest, Dir: dir}
			if cp.Parents && p != "." {
				parent := path.Dir(p)
				if dir {
					parent = p
				}
				if parent != "." {
					l.Dest = path.Join(cp.Dest, parent)
				}
			}
			if !dir && (cp.DestDir || several || cp.Parents) {
				l.Dest = path.Join(l.Dest, path.Base(p))
			}
			out = append(out, l)
		}
	}
	return out, nil
}

// Glob lists the context paths a COPY pattern matches, as path.Match
// matches each element.
func (c *Context) Glob(pattern string) ([]string, error) {
	pattern = Clean(pattern)
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, fmt.Errorf("bad pattern %q: %w", pattern, err)
	}
	parts := strings.Split(pattern, "/")
	paths := []string{"."}
	for _, part := range parts {
		var next []string
		for _, dir := range paths {
			if !hasMeta(part) {
				p := path.Join(dir, part)
				if ok, _ := c.Stat(p); ok {
					next = append(next, p)
				}
				continue
			}
			if _, isDir := c.Stat(dir); !isDir {
				continue
			}
			entries, err := c.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				if ok, _ := path.Match(part, e.Name()); ok {
					next = append(next, path.Join(dir, e.Name()))
				}
			}
		}
		paths = next
	}
	return paths, nil
}

// Files lists the files a landing puts into the image, each with where it
// lands, leaving out what --exclude patterns name.
func (c *Context) Files(l Landing, exclude []string) ([]File, error) {
	var ex *patternmatcher.PatternMatcher
	if len(exclude) > 0 {
		var err error
		if ex, err = patternmatcher.New(exclude); err != nil {
			return nil, err
		}
	}
	excluded := func(rel string) bool {
		if ex == nil {
			return false
		}
		m, _ := ex.MatchesOrParentMatches(rel)
		return m
	}
	if !l.Dir {
		if excluded(path.Base(l.Src)) {
			return nil, nil
		}
		return []File{{Src: l.Src, Dest: l.Dest}}, nil
	}
	var out []File
	err := c.Walk(l.Src, func(p string, isDir bool) error {
		rel := strings.TrimPrefix(p, l.Src+"/")
		if l.Src == "." {
			rel = p
		}
		if excluded(rel) {
			if isDir {
				return fs.SkipDir
			}
			return nil
		}
		if !isDir {
			out = append(out, File{Src: p, Dest: path.Join(l.Dest, rel)})
		}
		return nil
	})
	return out, err
}
