package transforms

import (
	"path"
	"regexp"
	"slices"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Go from its release archive: on debian and ubuntu, files that want a
// newer Go than the distribution's fetch go<version>.linux-<arch>.tar.gz
// from go.dev/dl (or its older hosts) and unpack it, usually into
// /usr/local. The toolchain is then the build's, as the golang image's
// is, and stays in the builder.

// goArchiveFile is the file name of a Go release archive for Linux.
const goArchiveFile = `go[0-9][0-9a-z.]*\.linux-[a-z0-9]+\.tar\.gz`

// goArchiveURL matches the address of a Go release archive for Linux.
var goArchiveURL = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^https?://(go\.dev/dl|golang\.org/dl|dl\.google\.com/go|storage\.googleapis\.com/golang)/` + goArchiveFile + `$`)
})

// goArchiveName matches the file name of a Go release archive for Linux.
var goArchiveName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^` + goArchiveFile + `$`)
})

// goArchiveFetch tells whether a call is curl or wget fetching a Go
// release archive.
func goArchiveFetch(c shell.Call) bool {
	if len(c.Args) == 0 {
		return false
	}
	if name := path.Base(c.Name()); name != "curl" && name != "wget" {
		return false
	}
	for i, a := range c.Args[1:] {
		if c.Known[i+1] && goArchiveURL().MatchString(a) {
			return true
		}
	}
	return false
}

// goArchiveFiles are the files the stage's fetches of a Go release
// archive write (curl -o, wget -O, or the name in the address; none for
// a fetch piped into tar); fetched tells whether there is one.
func goArchiveFiles(st *rewrite.Stage) (files []string, fetched bool) {
	for _, c := range st.ReadableCalls() {
		if goArchiveFetch(c) {
			fs, _ := downloadedFiles(c)
			files, fetched = append(files, fs...), true
		}
	}
	return files, fetched
}

// goArchiveCall tells whether a command fetches a Go release archive, or
// unpacks one with tar: a file a fetch wrote (archives), a file named as
// the archives are, or a fetch piped into it.
func goArchiveCall(c shell.Call, archives []string) bool {
	if goArchiveFetch(c) {
		return true
	}
	if len(c.Args) == 0 || path.Base(c.Name()) != "tar" {
		return false
	}
	if len(c.Stdin) > 1 && slices.ContainsFunc(c.Stdin[1:], func(w string) bool { return goArchiveURL().MatchString(w) }) {
		return true
	}
	for i, a := range c.Args[1:] {
		if !c.Known[i+1] || c.Dir == "" {
			continue
		}
		if goArchiveName().MatchString(path.Base(a)) || slices.Contains(archives, shell.Resolve(c.Dir, a)) {
			return true
		}
	}
	return false
}
