// Package verify compares the image a single-stage Dockerfile builds with
// the image of its rewrite: the files the program may read, the libraries
// its binaries load, the programs it runs and the image's configuration.
// The comparison works on recorded listings (compare.go, elf.go); the
// engine is only asked for them (engine.go).
package verify

import (
	"archive/tar"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// File is one entry of an image's filesystem.
type File struct {
	Mode     fs.FileMode
	UID, GID int
	Size     int64
	ModTime  time.Time
	// Link is a symbolic link's target.
	Link string
	// Data is the content, for the files the reader was asked to keep.
	Data []byte
}

// Listing is an image's filesystem, by absolute clean path.
type Listing map[string]*File

// keepLimit bounds the contents one listing keeps (binaries and their
// libraries): a larger image is checked without what does not fit.
const keepLimit = 512 << 20

// ReadExport reads the tar stream `docker export` writes; keep says which
// regular files' contents to keep.
func ReadExport(r io.Reader, keep func(p string) bool) (Listing, error) {
	l := Listing{}
	tr := tar.NewReader(r)
	kept := int64(0)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return l, nil
		}
		if err != nil {
			return nil, err
		}
		p := Clean(h.Name)
		f := &File{Mode: h.FileInfo().Mode(), UID: h.Uid, GID: h.Gid, Size: h.Size, ModTime: h.ModTime, Link: h.Linkname}
		if h.Typeflag == tar.TypeLink {
			// A hard link is the file it links to.
			if target, ok := l[Clean(h.Linkname)]; ok {
				cp := *target
				f = &cp
			}
		}
		if h.Typeflag == tar.TypeReg && keep != nil && keep(p) && kept+h.Size <= keepLimit {
			data, err := io.ReadAll(tr)
			if err != nil {
				return nil, err
			}
			f.Data, kept = data, kept+h.Size
		}
		l[p] = f
	}
}

// Clean makes a tar entry's name an absolute clean path.
func Clean(name string) string {
	return path.Clean("/" + strings.TrimPrefix(name, "./"))
}

// Resolve follows symbolic links to the file a path names; "" when it
// does not exist (or the links loop).
func (l Listing) Resolve(p string) string {
	p, ok := l.follow(path.Clean(p), 0)
	if _, exists := l[p]; !ok || !exists {
		return ""
	}
	return p
}

// follow resolves the symbolic links of a path and its folders, whether
// or not what it ends on exists; ok is false when the links loop.
func (l Listing) follow(p string, depth int) (string, bool) {
	if depth > 40 {
		return "", false
	}
	if p == "/" {
		return p, true
	}
	dir, ok := l.follow(path.Dir(p), depth+1)
	if !ok {
		return "", false
	}
	p = path.Join(dir, path.Base(p))
	f, exists := l[p]
	if !exists || f.Mode&fs.ModeSymlink == 0 {
		return p, true
	}
	target := f.Link
	if !path.IsAbs(target) {
		target = path.Join(path.Dir(p), target)
	}
	return l.follow(path.Clean(target), depth+1)
}
