package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
)

// readFile reads a regular file, refusing folders and files over the size
// limit before reading them whole.
func readFile(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if fi.IsDir() {
		return nil, errors.New("is a directory")
	}
	// Read into a buffer of the file's size, as os.ReadFile does, but never
	// more than one byte over the limit (which Parse then reports).
	data := make([]byte, 0, min(fi.Size(), dockerfile.MaxSize)+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		switch {
		case err == io.EOF:
			return data, nil
		case err != nil:
			return nil, err
		case len(data) > dockerfile.MaxSize:
			return data, nil
		case len(data) == cap(data):
			data = append(data, 0)[:len(data)] // it grew while we read
		}
	}
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeAtomic replaces file's contents by writing a temporary file beside
// it and renaming it over, so a reader never sees half a file. A symlink
// stays a symlink: its target is what gets replaced. The mode is kept.
func writeAtomic(file string, data []byte) error {
	target, err := filepath.EvalSymlinks(file)
	if err != nil {
		return unwrapPathError(err)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return unwrapPathError(err)
	}
	// A file without write permission is one its owner wants left alone;
	// root could write it, but should not, any more than an editor would.
	if fi.Mode().Perm()&0o222 == 0 {
		return errors.New("file is read-only")
	}
	// Refuse what the user could not write in place either.
	if f, err := os.OpenFile(target, os.O_WRONLY, 0); err != nil {
		return unwrapPathError(err)
	} else {
		f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".msrewrite-*")
	if err != nil {
		return unwrapPathError(err)
	}
	tmpName := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmpName)
		return unwrapPathError(err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmpName)
		return unwrapPathError(err)
	}
	if err := os.Rename(tmpName, target); err != nil {
		os.Remove(tmpName)
		return unwrapPathError(err)
	}
	return nil
}
