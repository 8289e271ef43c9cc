//go:build debianlists

// The tables of runtime packages name Debian packages per release. This
// test reads the releases' package lists from Debian's archive and checks
// that every name exists there (as a package or as one a package
// provides) and that each development package depends on the library
// package the table gives it; and, from the releases' Contents files,
// that each program row's package ships its program and that the
// programs msrewrite counts on in every Debian image come from essential
// or required packages. It needs the network, so it runs only when
// asked (.ci/run does):
//
//	go test -tags debianlists -run TestDebianLists ./pkg/rewrite
//
// MSREWRITE_DEBIAN_MIRROR picks another mirror.
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

// checkedReleases are the releases whose lists the archive still serves
// (buster's moved to archive.debian.org).
var checkedReleases = []string{"bullseye", "bookworm", "trixie"}

// debianList is what the test reads of a release's package list: each
// package's dependencies (alternatives flattened, versions dropped), and
// the names packages provide.
type debianList struct {
	base     map[string]bool // essential or required: in every image, minbase and slim too
	depends  map[string][]string
	provides map[string][]string // by package
	provided map[string][]string // the packages that provide a name
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

// fetchList opens a gzipped file of a release from the archive, by its
// path under the release's folder.
func fetchList(t *testing.T, release, name string) io.Reader {
	t.Helper()
	mirror := cmp.Or(os.Getenv("MSREWRITE_DEBIAN_MIRROR"), "http://deb.debian.org/debian")
	resp, err := http.Get(mirror + "/dists/" + release + "/main/" + name)
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

// programOwners reads the release's Contents file: the packages that
// ship each program in a bin or sbin folder.
func programOwners(t *testing.T, release string) map[string][]string {
	t.Helper()
	owners := map[string][]string{}
	// Architecture-independent packages (ca-certificates, npm) are in a
	// Contents file of their own.
	sc := bufio.NewScanner(io.MultiReader(fetchList(t, release, "Contents-amd64.gz"), strings.NewReader("\n"), fetchList(t, release, "Contents-all.gz")))
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
var debianAlternatives = map[string]string{"awk": "mawk", "which": "which.debianutils"}

func readDebianList(t *testing.T, release string) debianList {
	t.Helper()
	zr := fetchList(t, release, "binary-amd64/Packages.gz")
	l := debianList{base: map[string]bool{}, depends: map[string][]string{}, provides: map[string][]string{}, provided: map[string][]string{}}
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
	for _, release := range checkedReleases {
		t.Run(release, func(t *testing.T) {
			l := readDebianList(t, release)
			img := LookupImage("debian:" + release + "-slim")
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
			owners := programOwners(t, release)
			for _, program := range strings.Fields(string(DebianPrograms)) {
				shipped := append(slices.Clone(owners[program]), owners[debianAlternatives[program]]...)
				if !slices.ContainsFunc(shipped, func(p string) bool { return l.base[p] }) {
					t.Errorf("%s: %s is among the programs every Debian image has, but no essential or required package ships it (%v)", release, program, shipped)
				}
			}
			for _, program := range slices.Sorted(maps.Keys(programPackages)) {
				name := programPackages[program].Debian
				switch {
				case name == "":
				case !l.has(name):
					t.Errorf("%s: %s maps to the package %s, which %s does not have", release, program, name, release)
				case !shipsProgram(l, owners, name, program):
					t.Errorf("%s: %s maps to the package %s, which neither ships it nor depends on a package that does", release, program, name)
				}
			}
		})
	}
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
