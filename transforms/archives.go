package transforms

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// unpacked is what a tar or unzip extraction writes: the members it
// names, each where it lands, or, when it names none, the whole folder
// it unpacks into (dir). The content is the archive's, which the
// Dockerfile does not show.
type unpacked struct {
	members []string
	dir     string
}

// archiveWrites reads a tar or unzip command; ok is false when what it
// writes cannot be told, and extracts is false for one that writes
// nothing in the image (tar -t, unzip -l, a tar -c into a pipe).
func archiveWrites(c shell.Call) (u unpacked, extracts, ok bool) {
	if path.Base(c.Name()) == "unzip" {
		return unzipWrites(c)
	}
	return tarWrites(c)
}

// tarValueLetters are tar's short options whose value is the next word
// (or the rest of a dash bundle): the archive, the folder, a list file,
// the blocking factor, a format, a compressor.
const tarValueLetters = "fCTXbHI"

// tarWrites reads GNU tar's and busybox tar's extraction: -x (or x in
// the old style's first word), -C DIR, --strip-components=N, members.
func tarWrites(c shell.Call) (u unpacked, extracts, ok bool) {
	args := c.Args[1:]
	dir, strip, mode := c.Dir, 0, ""
	var members []string
	whole := false   // the members are patterns or a list: where they land cannot be told
	unknown := false // absolute names (-P), or to standard output (-O)
	letter := func(l byte, value string) {
		switch l {
		case 'x':
			mode = "x"
		case 'c', 'r', 'u', 't', 'd', 'A':
			mode = string(l)
		case 'C':
			dir = shell.Resolve(dir, value)
		case 'T', 'X':
			whole = true
		case 'P', 'O':
			unknown = true
		}
	}
	bundle := func(word string, i *int, old bool) bool {
		for k := 0; k < len(word); k++ {
			l := word[k]
			value := ""
			if strings.IndexByte(tarValueLetters, l) >= 0 {
				switch {
				case !old && k+1 < len(word):
					value, k = word[k+1:], len(word)
				case *i+1 < len(args):
					*i++
					value = args[*i]
				default:
					return false
				}
			}
			letter(l, value)
		}
		return true
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, inline := strings.Cut(a, "=")
		next := func() (string, bool) {
			if inline {
				return value, true
			}
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		switch {
		case i == 0 && !strings.HasPrefix(a, "-"):
			if !bundle(a, &i, true) { // the old style: tar xzf FILE
				return u, false, false
			}
		case name == "--extract" || name == "--get":
			mode = "x"
		case name == "--create" || name == "--append" || name == "--update" || name == "--list" || name == "--diff" || name == "--delete":
			mode = name
		case name == "--directory":
			v, ok := next()
			if !ok {
				return u, false, false
			}
			dir = shell.Resolve(dir, v)
		case name == "--strip-components" || name == "--strip":
			v, ok := next()
			n, err := strconv.Atoi(v)
			if !ok || err != nil || n < 0 {
				return u, false, false
			}
			strip = n
		case name == "--wildcards" || name == "--files-from" || name == "--exclude-from" || name == "--one-top-level":
			whole = true
			if name != "--wildcards" && name != "--one-top-level" && !inline {
				i++
			}
		case name == "--transform" || name == "--xform" || name == "--absolute-names" || name == "--to-stdout" || name == "--to-command":
			// Renamed, out of the folder, or not into files: unknown.
			return u, false, false
		case name == "--file" || name == "--use-compress-program" || name == "--format" || name == "--blocking-factor" || name == "--owner" || name == "--group" || name == "--mode" || name == "--exclude":
			if !inline {
				if _, ok := next(); !ok {
					return u, false, false
				}
			}
		case strings.HasPrefix(a, "--"):
			// Other long options (--no-same-owner, -z's --gzip): no value.
		case strings.HasPrefix(a, "-") && len(a) > 1:
			if !bundle(a[1:], &i, false) {
				return u, false, false
			}
		default:
			members = append(members, a)
		}
	}
	switch {
	case unknown:
		return u, false, false
	case mode == "x":
	case mode == "t" || mode == "--list":
		return u, false, true
	default:
		return u, false, false // an archive written, or changed: not read
	}
	return landing(dir, members, strip, whole)
}

// landing is where an extraction's members land in dir, with strip
// leading folders of each name dropped; the whole folder when they are
// not named (or named by patterns).
func landing(dir string, members []string, strip int, whole bool) (u unpacked, extracts, ok bool) {
	if dir == "" {
		return u, true, false
	}
	if len(members) == 0 || whole || slices.ContainsFunc(members, func(m string) bool { return strings.ContainsAny(m, "*?[") }) {
		return unpacked{dir: dir}, true, true
	}
	for _, m := range members {
		parts := strings.Split(strings.Trim(path.Clean("/"+m), "/"), "/")
		if len(parts) <= strip {
			continue // nothing is left of the name: not written
		}
		u.members = append(u.members, path.Join(dir, strings.Join(parts[strip:], "/")))
	}
	return u, true, true
}

// unzipValueOptions are unzip's options whose value is the next word.
var unzipValueOptions = rewrite.WordSet(`-d -P`)

// unzipWrites reads unzip ARCHIVE [MEMBER...] [-x EXCLUDED...] [-d DIR]:
// -j (junk paths) puts every member in DIR itself; -l, -t, -v, -p and
// -Z write no file.
func unzipWrites(c shell.Call) (u unpacked, extracts, ok bool) {
	args := c.Args[1:]
	dir, junk, archive := c.Dir, false, ""
	var members []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-x":
			// Excluded members, to the end or to the next option.
			for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
			}
		case a == "-d":
			if i+1 == len(args) {
				return u, false, false
			}
			i++
			dir = shell.Resolve(c.Dir, args[i])
		case unzipValueOptions.Has(a):
			i++
		case strings.HasPrefix(a, "-d") && len(a) > 2:
			dir = shell.Resolve(c.Dir, a[2:])
		case strings.HasPrefix(a, "-") && len(a) > 1:
			if strings.ContainsAny(a[1:], "ltvpZz") {
				return u, false, true // lists, tests or prints: writes nothing
			}
			junk = junk || strings.Contains(a[1:], "j")
		case archive == "":
			archive = a
		default:
			members = append(members, a)
		}
	}
	if archive == "" {
		return u, false, false
	}
	strip := 0
	if junk {
		for _, m := range members {
			strip = max(strip, strings.Count(strings.Trim(m, "/"), "/"))
		}
		if len(members) > 1 {
			// Each keeps only its base name: not a fixed number of folders.
			var bases []string
			for _, m := range members {
				bases = append(bases, path.Base(m))
			}
			members, strip = bases, 0
		}
	}
	return landing(dir, members, strip, false)
}

// downloadRun names a program the container's command line, a health
// check or the built program (programs) runs that the build downloaded
// (curl -o, wget -O, a member of an archive a RUN unpacked, an ADD of a
// URL), or else (ran false) a download put on PATH; "" for none. Its C
// library is not known: this is for a detector that chooses the runtime
// before the plan reads every RUN.
func downloadRun(st *rewrite.Stage, ctx *buildctx.Context, programs []rewrite.Exec) (name string, ran bool) {
	got, dirs := st.RemoteAdds(), []string(nil)
	var executable []string // files a chmod makes executable
	for _, c := range st.ReadableCalls() {
		switch path.Base(c.Name()) {
		case "chmod":
			executable = append(executable, madeExecutable(c)...)
		case "curl", "wget":
			files, _ := downloadedFiles(c)
			got = append(got, files...)
		case "tar", "unzip":
			if u, _, ok := archiveWrites(c); ok {
				got = append(got, u.members...)
				if u.dir != "" && !rewrite.IsSystemDir(u.dir) {
					dirs = append(dirs, u.dir) // a release unpacked whole (/opt/tool)
				}
			}
		}
	}
	if len(got) == 0 && len(dirs) == 0 {
		return "", false
	}
	var runs []containerCall
	for _, in := range st.Body {
		if in.Name() == "healthcheck" {
			runs = append(runs, commandCalls(st, &rewrite.Program{In: in}, ctx)...)
		}
	}
	if prog := st.Program(); prog != nil {
		runs = append(runs, commandCalls(st, prog, ctx)...)
	}
	for _, e := range programs {
		runs = append(runs, containerCall{words: []string{e.Name}, dir: st.Final.Workdir})
	}
	downloaded := func(p string) bool {
		return slices.Contains(got, p) || slices.ContainsFunc(dirs, func(d string) bool { return under(p, d) })
	}
	for _, c := range runs {
		if len(c.words) == 0 || c.words[0] == "" {
			continue
		}
		if exe := rewrite.LookPath(c.words[0], c.dir, finalPath(st), downloaded); exe != "" && downloaded(exe) {
			return c.words[0], true
		}
	}
	// One on PATH, or made executable, is there to be run, by what the
	// Dockerfile does not show: docker exec, a command that replaces CMD,
	// a Kubernetes probe.
	for _, f := range got {
		if onPath(path.Dir(f), finalPath(st)) || slices.Contains(executable, f) {
			return f, false
		}
	}
	return "", false
}

// madeExecutable are the files a chmod call gives execute permission:
// a symbolic mode adding or setting x (+x, a+rx, u=rwx), or an octal one
// with the owner's x bit (755, 0700).
func madeExecutable(c shell.Call) []string {
	var files []string
	mode := ""
	for j := 1; j < len(c.Args); j++ {
		a := c.Args[j]
		switch {
		case !c.Known[j] || c.Dir == "":
			return nil
		case mode == "" && strings.HasPrefix(a, "-") && !strings.Contains(a, "x"):
			// an option (-R, -v)
		case mode == "":
			mode = a
		default:
			files = append(files, shell.Resolve(c.Dir, a))
		}
	}
	if n, err := strconv.ParseUint(mode, 8, 32); err == nil {
		if n&0o100 == 0 {
			return nil
		}
		return files
	}
	for _, clause := range strings.Split(mode, ",") {
		if i := strings.IndexAny(clause, "+="); i >= 0 && strings.Contains(clause[i:], "x") {
			return files
		}
	}
	return nil
}
