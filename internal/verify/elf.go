package verify

import (
	"bytes"
	"debug/elf"
	"path"
	"sort"
	"strings"
)

// linkage is what an ELF file asks of the dynamic loader.
type linkage struct {
	interp string   // the loader's path; "" for a static binary or a library
	needed []string // DT_NEEDED
	paths  []string // DT_RPATH or DT_RUNPATH folders, $ORIGIN expanded
	// versions are the symbol versions it needs from each library
	// (GLIBC_2.34, GLIBCXX_3.4.32), weak ones left out: the loader
	// refuses to start a program whose library lacks one.
	versions map[string][]string
}

// readLinkage reads an ELF file's dynamic linking; ok is false for a file
// that is not ELF.
func readLinkage(p string, data []byte) (lk linkage, ok bool) {
	f := elfFile(data)
	if f == nil {
		return lk, false
	}
	defer f.Close()
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP {
			b := make([]byte, prog.Filesz)
			if _, err := prog.ReadAt(b, 0); err == nil {
				lk.interp = strings.TrimRight(string(b), "\x00")
			}
		}
	}
	lk.needed, _ = f.ImportedLibraries()
	needs, _ := f.DynamicVersionNeeds()
	for _, n := range needs {
		for _, d := range n.Needs {
			if d.Flags&elf.VER_FLG_WEAK != 0 {
				continue
			}
			if lk.versions == nil {
				lk.versions = map[string][]string{}
			}
			lk.versions[n.Name] = append(lk.versions[n.Name], d.Dep)
		}
	}
	for _, tag := range []elf.DynTag{elf.DT_RUNPATH, elf.DT_RPATH} {
		vals, _ := f.DynString(tag)
		for _, v := range vals {
			for _, d := range strings.Split(v, ":") {
				d = strings.ReplaceAll(strings.ReplaceAll(d, "${ORIGIN}", path.Dir(p)), "$ORIGIN", path.Dir(p))
				if d != "" {
					lk.paths = append(lk.paths, d)
				}
			}
		}
	}
	return lk, true
}

// searchPath is where the image's loader looks for libraries: glibc's
// default folders and those its ld.so.conf names (the cache ldconfig
// builds from them), or musl's path file; LD_LIBRARY_PATH first.
func searchPath(l Listing, musl bool, ldLibraryPath string) []string {
	var dirs []string
	for _, d := range strings.Split(ldLibraryPath, ":") {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	if musl {
		for p, f := range l {
			if strings.HasPrefix(p, "/etc/ld-musl-") && strings.HasSuffix(p, ".path") && f.Data != nil {
				return append(dirs, strings.FieldsFunc(string(f.Data), func(r rune) bool { return r == ':' || r == '\n' })...)
			}
		}
		return append(dirs, "/lib", "/usr/local/lib", "/usr/lib")
	}
	dirs = append(dirs, ldConf(l, "/etc/ld.so.conf", 0)...)
	return append(dirs, "/lib", "/usr/lib", "/lib64", "/usr/lib64")
}

// ldConf reads an ld.so.conf file and the files it includes.
func ldConf(l Listing, file string, depth int) []string {
	f, ok := l[file]
	if !ok || f.Data == nil || depth > 4 {
		return nil
	}
	var dirs []string
	for _, line := range strings.Split(string(f.Data), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if rest, ok := strings.CutPrefix(line, "include "); ok {
			pattern := strings.TrimSpace(rest)
			if !path.IsAbs(pattern) {
				pattern = path.Join(path.Dir(file), pattern)
			}
			for _, p := range l.glob(pattern) {
				dirs = append(dirs, ldConf(l, p, depth+1)...)
			}
			continue
		}
		if line != "" {
			dirs = append(dirs, line)
		}
	}
	return dirs
}

// glob lists the paths that match a pattern, in order.
func (l Listing) glob(pattern string) []string {
	var out []string
	for p := range l {
		if ok, _ := path.Match(pattern, p); ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// findLibrary tells where the loader finds a library, "" when nowhere.
func findLibrary(l Listing, name string, dirs []string) string {
	if strings.Contains(name, "/") {
		return l.Resolve(name)
	}
	for _, d := range dirs {
		if p := l.Resolve(path.Join(d, name)); p != "" {
			return p
		}
	}
	return ""
}

// definedVersions are the symbol versions a shared library defines; ok
// is false when its content was not kept or it is not ELF.
func definedVersions(data []byte) (defined map[string]bool, ok bool) {
	f := elfFile(data)
	if f == nil {
		return nil, false
	}
	defer f.Close()
	vs, err := f.DynamicVersions()
	if err != nil {
		return nil, false
	}
	defined = map[string]bool{}
	for _, v := range vs {
		defined[v.Name] = true
	}
	return defined, true
}

// elfFile reads a file's content as ELF; nil when it is not.
func elfFile(data []byte) *elf.File {
	if !bytes.HasPrefix(data, []byte(elf.ELFMAG)) {
		return nil
	}
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	return f
}

// sharedLibrary tells whether a path is named like a shared library
// (libssl.so.3, ld-linux-x86-64.so.2): verify keeps their contents in the
// rewrite's image, to check the symbol versions its binaries need.
func sharedLibrary(p string) bool {
	base := path.Base(p)
	return (strings.HasPrefix(base, "lib") || strings.HasPrefix(base, "ld-")) && strings.Contains(base, ".so")
}
