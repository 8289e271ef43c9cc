//go:build debianlists

// The tables of runtime packages name Debian packages per release, and
// Ubuntu's images install the same names. This test reads the releases'
// package lists from Debian's and Ubuntu's archives and checks
// that every name exists there (as a package or as one a package
// provides) and that each development package depends on the library
// package the table gives it; and, from the releases' Contents files,
// that each program row's package ships its program and that the
// programs msrewrite counts on in every Debian or Ubuntu image come from
// essential or required packages. It needs the network, so it runs only when
// asked (.ci/run does):
//
//	go test -tags debianlists -run TestDebianLists ./pkg/rewrite
//
// MSREWRITE_DEBIAN_MIRROR and MSREWRITE_UBUNTU_MIRROR pick other mirrors.
package rewrite

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"io"
	"maps"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
)

// archive is a distribution's archive and the releases of it the test
// reads: where each release's package lists and Contents files are, under
// its folder in dists/.
type archive struct {
	distro   string // the image's name: debian, ubuntu
	mirror   string
	releases []string
	// lists are the package lists, contents the Contents files, each by
	// its path under the release's folder.
	lists, contents []string
}

// checkedArchives are the releases whose lists the archives still serve
// (buster's moved to archive.debian.org). Ubuntu's images run apt-get
// with the same names, and msrewrite counts on the same programs in
// them; its Contents file covers every component and architecture.
var checkedArchives = []archive{
	{
		distro:   "debian",
		mirror:   cmp.Or(os.Getenv("MSREWRITE_DEBIAN_MIRROR"), "http://deb.debian.org/debian"),
		releases: []string{"bullseye", "bookworm", "trixie"},
		lists:    []string{"main/binary-amd64/Packages.gz"},
		// Architecture-independent packages (ca-certificates, npm) are
		// in a Contents file of their own.
		contents: []string{"main/Contents-amd64.gz", "main/Contents-all.gz"},
	},
	{
		distro:   "ubuntu",
		mirror:   cmp.Or(os.Getenv("MSREWRITE_UBUNTU_MIRROR"), "http://archive.ubuntu.com/ubuntu"),
		releases: []string{"focal", "jammy", "noble"},
		lists:    []string{"main/binary-amd64/Packages.gz", "universe/binary-amd64/Packages.gz"},
		contents: []string{"Contents-amd64.gz"},
	},
}

// debianList is what the test reads of a release's package list: each
// package's dependencies (alternatives flattened, versions dropped), and
// the names packages provide.
type debianList struct {
	base     map[string]bool // essential or required: in every image, minbase and slim too
	depends  map[string][]string
	groups   map[string][][]string // each dependency's alternatives, in order
	provides map[string][]string   // by package
	provided map[string][]string   // the packages that provide a name
}

func (l debianList) has(name string) bool { return l.depends[name] != nil || l.provided[name] != nil }

// reaches tells whether pkg depends on name within a few steps, directly
// or through a package that provides it; a name no package has is
// followed to the packages that provide it (libxslt-dev).
func (l debianList) reaches(pkg, name string, depth int) bool {
	if l.depends[pkg] == nil {
		return slices.ContainsFunc(l.provided[pkg], func(p string) bool { return l.reaches(p, name, depth) })
	}
	for _, d := range l.depends[pkg] {
		if d == name || slices.Contains(l.provides[d], name) || depth > 0 && l.reaches(d, name, depth-1) {
			return true
		}
	}
	return false
}

// fetch opens a gzipped file of a release from its archive, by its path
// under the release's folder.
func (a archive) fetch(t *testing.T, release, name string) io.Reader {
	t.Helper()
	resp, err := http.Get(a.mirror + "/dists/" + release + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s", release, name, resp.Status)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// programOwners reads the release's Contents files: the packages that
// ship each program in a bin or sbin folder.
func (a archive) programOwners(t *testing.T, release string) map[string][]string {
	t.Helper()
	owners := map[string][]string{}
	var files []io.Reader
	for _, name := range a.contents {
		files = append(files, a.fetch(t, release, name), strings.NewReader("\n"))
	}
	sc := bufio.NewScanner(io.MultiReader(files...))
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for sc.Scan() {
		file, pkgs, ok := cutLast(sc.Text())
		if !ok {
			continue
		}
		for _, dir := range []string{"bin/", "usr/bin/", "sbin/", "usr/sbin/"} {
			if name, ok := strings.CutPrefix(file, dir); ok && !strings.Contains(name, "/") {
				for _, p := range strings.Split(pkgs, ",") {
					owners[name] = append(owners[name], path.Base(p)) // section/package
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return owners
}

// cutLast splits a Contents line at its last run of white space.
func cutLast(line string) (file, pkgs string, ok bool) {
	i := strings.LastIndexAny(line, " \t")
	if i < 0 {
		return "", "", false
	}
	return strings.TrimRight(line[:i], " \t"), line[i+1:], true
}

// debianAlternatives are programs an image may have as an alternative's
// link, which no Contents file lists, by the file the link points to.
var debianAlternatives = map[string]string{"awk": "mawk", "which": "which.debianutils", "cc": "gcc", "c++": "g++"}

// installs is the set of packages apt-get install --no-install-recommends
// leaves in an image that has the packages of have: pkgs and their
// dependencies, each one's first alternative unless another is there
// already, a virtual package by its first provider.
func (l debianList) installs(have map[string]bool, pkgs ...string) map[string]bool {
	out := map[string]bool{}
	maps.Copy(out, have)
	installed := func(name string) bool {
		return out[name] || slices.ContainsFunc(l.provided[name], func(p string) bool { return out[p] })
	}
	var todo []string
	expand := func(p string) {
		for _, alts := range l.groups[p] {
			if len(alts) > 0 && !slices.ContainsFunc(alts, installed) {
				todo = append(todo, alts[0])
			}
		}
	}
	// The packages asked for first, so that a dependency on a virtual
	// package one of them provides (awk: mawk) is not given another.
	var asked []string
	for _, p := range pkgs {
		if _, real := l.depends[p]; real && !out[p] {
			out[p] = true
			asked = append(asked, p)
		} else if !real {
			todo = append(todo, p)
		}
	}
	for _, p := range asked {
		expand(p)
	}
	for len(todo) > 0 {
		p := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if installed(p) {
			continue
		}
		if _, real := l.depends[p]; !real {
			if len(l.provided[p]) == 0 {
				continue
			}
			p = l.provided[p][0]
		}
		out[p] = true
		expand(p)
	}
	return out
}

// baseImage is the packages of the release's image: essential and
// required packages, apt, and what they depend on (debootstrap's minbase,
// which Debian's and Ubuntu's images are made with).
func (l debianList) baseImage() map[string]bool {
	return l.installs(nil, append(slices.Collect(maps.Keys(l.base)), "apt")...)
}

// imageLayers are the packages each layer of the official images
// installs (with --no-install-recommends) over debian:<release>, from
// docker-library's Dockerfiles: python's slim images, buildpack-deps'
// curl and scm images,
// the golang image's cgo toolchain over scm, and the full buildpack-deps
// (the node, python, rust and gcc images' base) over scm. git-lfs (scm)
// and sq (curl) came later than some releases and are left out.
type imageLayer struct {
	name, over string
	packages   string
	programs   Words // what msrewrite counts on in the image, beyond DebianPrograms
}

var imageLayers = []imageLayer{
	{"curl", "", "ca-certificates curl gnupg netbase wget", ""},
	// The python images' slim variants (transforms/python.go says so).
	{"python-slim", "", "ca-certificates netbase tzdata", CACertificatesPrograms},
	{"scm", "curl", "git mercurial openssh-client subversion procps", Words(BuildpackDepsSCM)},
	{"golang", "scm", "g++ gcc libc6-dev make pkg-config", Words(BuildpackDepsSCM).With(CgoToolchain)},
	{"full", "scm", `autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev
		libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev
		liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev
		libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip
		xz-utils zlib1g-dev`, Words(BuildpackDepsFull)},
}

// layerImages are the packages of each layer's image in one release, by
// layer ("" for the base image).
func layerImages(l debianList) map[string]map[string]bool {
	images := map[string]map[string]bool{"": l.baseImage()}
	for _, layer := range imageLayers {
		images[layer.name] = l.installs(images[layer.over], strings.Fields(layer.packages)...)
	}
	return images
}

// checkMimeTypes checks what Image.MimeTypes says of the official
// images: buildpack-deps' scm layer (under the golang and the full
// python images) has media-types, whose /etc/mime.types Go's mime and
// Python's mimetypes read; the base image, curl's layer and python's
// slim one do not. The golang image has no shared-mime-info, whose
// globs2 Go would read instead (the full layer has it, for ImageMagick:
// Python does not read it).
func checkMimeTypes(t *testing.T, images map[string]map[string]bool) {
	for layer, want := range map[string][2]bool{"": {}, "curl": {}, "python-slim": {}, "scm": {true, false}, "golang": {true, false}, "full": {true, true}} {
		if got := [2]bool{images[layer]["media-types"], images[layer]["shared-mime-info"]}; got != want {
			t.Errorf("the %q layer's image has media-types, shared-mime-info: %v, want %v", layer, got, want)
		}
	}
}

// layerPrograms are the programs in bin and sbin folders of the packages
// of each layer's image (layerImages), by layer; and the base image's.
func layerPrograms(images map[string]map[string]bool, owners map[string][]string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for name, pkgs := range images {
		out[name] = map[string]bool{}
		for program, by := range owners {
			if slices.ContainsFunc(by, func(p string) bool { return pkgs[p] }) {
				out[name][program] = true
			}
		}
		for program, target := range debianAlternatives {
			if out[name][target] {
				out[name][program] = true
			}
		}
	}
	return out
}

func (a archive) readList(t *testing.T, release string) debianList {
	t.Helper()
	var files []io.Reader
	for _, name := range a.lists {
		files = append(files, a.fetch(t, release, name), strings.NewReader("\n"))
	}
	zr := io.MultiReader(files...)
	l := debianList{base: map[string]bool{}, depends: map[string][]string{}, groups: map[string][][]string{}, provides: map[string][]string{}, provided: map[string][]string{}}
	names := func(field string) []string {
		var out []string
		for _, alt := range strings.FieldsFunc(field, func(r rune) bool { return r == ',' || r == '|' }) {
			if f := strings.Fields(alt); len(f) > 0 {
				out = append(out, strings.SplitN(f[0], ":", 2)[0]) // libfoo:any
			}
		}
		return out
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	var pkg string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Package: "):
			pkg = strings.TrimPrefix(line, "Package: ")
			l.depends[pkg] = []string{}
		case strings.HasPrefix(line, "Depends: ") || strings.HasPrefix(line, "Pre-Depends: "):
			_, field, _ := strings.Cut(line, ": ")
			l.depends[pkg] = append(l.depends[pkg], names(field)...)
			for _, group := range strings.Split(field, ",") {
				l.groups[pkg] = append(l.groups[pkg], names(group))
			}
		case line == "Essential: yes" || line == "Priority: required":
			l.base[pkg] = true
		case strings.HasPrefix(line, "Provides: "):
			for _, n := range names(strings.TrimPrefix(line, "Provides: ")) {
				l.provided[n] = append(l.provided[n], pkg)
				l.provides[pkg] = append(l.provides[pkg], n)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(l.depends) < 10000 {
		t.Fatalf("%s: only %d packages read", release, len(l.depends))
	}
	return l
}

func TestDebianLists(t *testing.T) {
	// The programs of the official images' layers, by release: a program
	// counts when every release's image has it.
	var layers []map[string]map[string]bool
	for _, a := range checkedArchives {
		for _, release := range a.releases {
			t.Run(release, func(t *testing.T) {
				l, owners := checkRelease(t, a, release)
				if a.distro == "debian" {
					images := layerImages(l)
					layers = append(layers, layerPrograms(images, owners))
					checkMimeTypes(t, images)
				}
			})
		}
	}
	if len(layers) != 3 {
		t.Fatalf("the layers of %d Debian releases read, want 3", len(layers))
	}
	inAll := func(layer, program string) bool {
		return !slices.ContainsFunc(layers, func(ls map[string]map[string]bool) bool { return !ls[layer][program] })
	}
	// The base image ("") first: debian:<release> and its slim variant.
	for _, layer := range append([]imageLayer{{programs: DebianPrograms}}, imageLayers...) {
		if layer.programs == "" {
			continue
		}
		var missing, absent []string
		for program := range layers[0][layer.name] {
			if inAll(layer.name, program) && !DebianPrograms.Has(program) && !layer.programs.Has(program) {
				missing = append(missing, program)
			}
		}
		for _, program := range strings.Fields(string(layer.programs)) {
			for _, ls := range layers {
				// A variant counts for an alternative's link:
				// convert-im6.q16 for convert, automake-1.16 for automake.
				if !ls[layer.name][program] && !slices.ContainsFunc(slices.Collect(maps.Keys(ls[layer.name])), func(p string) bool {
					return strings.HasPrefix(p, program+"-") || strings.HasPrefix(p, program+".")
				}) {
					absent = append(absent, program)
					break
				}
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			t.Errorf("the %q images of every release have programs msrewrite does not count on: %s", layer.name, strings.Join(missing, " "))
		}
		if len(absent) > 0 {
			t.Errorf("msrewrite counts on programs in the %q images that a release's lacks: %s", layer.name, strings.Join(absent, " "))
		}
	}
}

func checkRelease(t *testing.T, a archive, release string) (debianList, map[string][]string) {
	l := a.readList(t, release)
	img := LookupImage(a.distro + ":" + release)
	if a.distro == "debian" {
		img = LookupImage("debian:" + release + "-slim")
	}
	for _, row := range libraryPackages {
		for _, dev := range row.dev {
			pkg, known := LibraryPackage(img, dev)
			if !known || !l.has(dev) {
				continue // alpine's name, or not mapped on this release
			}
			switch {
			case !l.has(pkg):
				t.Errorf("%s: %s maps to %s, which no package is or provides", release, dev, pkg)
			case !l.reaches(dev, pkg, 3):
				t.Errorf("%s: %s does not depend on %s", release, dev, pkg)
			}
		}
	}
	owners := a.programOwners(t, release)
	base := l.baseImage()
	for _, program := range strings.Fields(string(img.Programs)) {
		shipped := append(slices.Clone(owners[program]), owners[debianAlternatives[program]]...)
		if !slices.ContainsFunc(shipped, func(p string) bool { return base[p] }) {
			t.Errorf("%s: %s is among the programs every %s image has, but no package of its base image ships it (%v)", release, program, a.distro, shipped)
		}
	}
	for _, program := range slices.Sorted(maps.Keys(programPackages)) {
		name := ProgramPackage(img, program)
		switch {
		case name == "":
		case !l.has(name):
			t.Errorf("%s: %s maps to the package %s, which %s does not have", release, program, name, release)
		case !shipsProgram(l, owners, name, program):
			t.Errorf("%s: %s maps to the package %s, which neither ships it nor depends on a package that does", release, program, name)
		}
	}
	return l, owners
}

// shipsProgram tells whether pkg, or a package it depends on, ships the
// program, or a variant that an alternative's link makes it
// (convert-im6.q16 for convert, pg_dump through postgresql-client-common).
func shipsProgram(l debianList, owners map[string][]string, pkg, program string) bool {
	for file, by := range owners {
		if file != program && !strings.HasPrefix(file, program+"-") && !strings.HasPrefix(file, program+".") {
			continue
		}
		if slices.ContainsFunc(by, func(o string) bool { return o == pkg || l.reaches(pkg, o, 3) }) {
			return true
		}
	}
	return false
}
