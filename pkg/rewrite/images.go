package rewrite

import (
	"strconv"
	"strings"
)

// The image table: every base image msrewrite chooses or reasons about is
// described here and nowhere else.

// Alpine is the default runtime base, pinned to a current stable release
// (never `latest`, so a rewrite builds the same tomorrow).
const Alpine = "alpine:3.23"

// Libc values of an image.
const (
	Glibc  = "glibc"
	Musl   = "musl"
	NoLibc = "none" // scratch and static distroless: static binaries only
)

// DefaultPath is the PATH Docker gives a container whose image sets none,
// and the one the alpine and debian images set.
const DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// Image is what msrewrite knows of a base image.
type Image struct {
	Ref string
	// Family is the repository's last path element ("golang", "alpine", ...).
	Family string
	// Tag is the tag as written, "" for none.
	Tag string
	// Libc is Glibc, Musl, NoLibc or "" when unknown.
	Libc string
	// Release is the distribution release: "bookworm", "3.19", ...; "" when
	// the tag does not say.
	Release string
	// Shell tells whether /bin/sh exists.
	Shell bool
	// Programs are the commands on its PATH that a CMD may use.
	Programs map[string]bool
	// Env is the environment the image sets.
	Env map[string]string
	// Workdir is the working directory the image sets ("/" when none).
	Workdir string
	// CACerts tells whether it carries a CA bundle.
	CACerts bool
	// Known tells whether msrewrite recognised the image at all.
	Known bool
}

var busybox = words(`sh ash cat chmod chown cp cut date dirname basename du echo env expr false find grep
	gunzip gzip head hostname id kill ln ls mkdir mktemp mv nc nslookup ping printf ps pwd readlink rm
	rmdir sed seq sleep sort stat tail tar tee test [ touch tr true uname uniq wc wget which whoami xargs`)

var debianSlim = words(`sh bash dash cat chmod chown cp cut date dirname basename du echo env expr false find
	grep gunzip gzip head hostname id kill ln ls mkdir mktemp mv printf ps pwd readlink rm rmdir sed
	seq sleep sort stat tail tar tee test [ touch tr true uname uniq wc xargs whoami`)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// debianReleases are the Debian code names an image tag may carry.
var debianReleases = []string{"stretch", "buster", "bullseye", "bookworm", "trixie", "forky"}

// goDefaultRelease maps a Go minor version to the Debian release its
// official image is based on when the tag names none. When the default
// changed during a Go minor's life, the table gives the newer release: a
// glibc binary runs on a newer glibc, never reliably on an older one.
func goDefaultRelease(version string) string {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) >= 2 && parts[0] == "1" {
		if minor, err := strconv.Atoi(parts[1]); err == nil {
			switch {
			case minor <= 14:
				return "buster"
			case minor <= 19:
				return "bullseye"
			case minor <= 23:
				return "bookworm"
			}
		}
	}
	return "trixie"
}

// LookupImage describes ref, a reference as written in FROM (variables
// already expanded).
func LookupImage(ref string) Image {
	img := Image{Ref: ref, Workdir: "/", Env: map[string]string{"PATH": DefaultPath}, Programs: map[string]bool{}}
	name := ref
	if i := strings.Index(name, "@"); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name, img.Tag = name[:i], name[i+1:]
	}
	img.Family = name[strings.LastIndex(name, "/")+1:]
	full := strings.TrimPrefix(strings.TrimPrefix(name, "docker.io/"), "library/")
	switch {
	case full == "scratch":
		img.Known, img.Libc = true, NoLibc
		img.Env = map[string]string{}
	case full == "alpine":
		img.Known, img.Libc, img.Shell, img.CACerts = true, Musl, true, true
		img.Release = img.Tag
		img.Programs = busybox
	case full == "debian" || full == "ubuntu":
		img.Known, img.Libc, img.Shell, img.CACerts = true, Glibc, true, false
		img.Release = strings.TrimSuffix(img.Tag, "-slim")
		img.Programs = debianSlim
	case strings.HasPrefix(full, "gcr.io/distroless/static"):
		img.Known, img.Libc, img.CACerts = true, NoLibc, true
	case strings.HasPrefix(full, "gcr.io/distroless/base"), strings.HasPrefix(full, "gcr.io/distroless/cc"):
		img.Known, img.Libc, img.CACerts = true, Glibc, true
	case full == "golang":
		img.Known, img.Shell, img.CACerts = true, true, true
		img.Env = map[string]string{
			"PATH":        "/go/bin:/usr/local/go/bin:" + DefaultPath,
			"GOPATH":      "/go",
			"GOTOOLCHAIN": "local",
		}
		img.Workdir = "/go"
		version, variant, _ := strings.Cut(img.Tag, "-")
		if version != "" && (version[0] < '0' || version[0] > '9') {
			version, variant = "", img.Tag // golang:alpine, golang:bookworm
		}
		if version != "" {
			img.Env["GOLANG_VERSION"] = version
		}
		switch {
		case strings.HasPrefix(variant, "alpine"):
			img.Libc, img.Release = Musl, strings.TrimPrefix(variant, "alpine")
			img.Programs = busybox
		default:
			img.Libc = Glibc
			img.Programs = debianSlim
			for _, r := range debianReleases {
				if variant == r {
					img.Release = r
				}
			}
			if img.Release == "" {
				if variant != "" && variant != "latest" {
					img.Known = false // windowsservercore and the like
				}
				img.Release = goDefaultRelease(version)
			}
		}
	default:
		if strings.Contains(full, "alpine") {
			img.Libc = Musl
		} else if strings.Contains(full, "debian") || strings.Contains(full, "ubuntu") {
			img.Libc = Glibc
		}
		img.Shell = true
	}
	return img
}

// DebianSlim is the glibc runtime for a Debian release.
func DebianSlim(release string) string { return "debian:" + release + "-slim" }

// AlpineRuntime is the musl runtime for an alpine release ("" for the default).
func AlpineRuntime(release string) string {
	if release == "" {
		return Alpine
	}
	return "alpine:" + release
}
