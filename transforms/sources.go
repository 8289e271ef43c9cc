package transforms

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// What the sources of an interpreted program (JavaScript, TypeScript,
// Python) in the build context import and run. No parser of either
// language is among msrewrite's dependencies, so the sources are searched
// with regular expressions for the static forms (a string literal as the
// module or the program): a dynamic name is not seen. Tests, build
// configuration and vendored packages are not searched: they do not run
// in the container.

// scriptFacts are what a context's sources of one language import and run.
type scriptFacts struct {
	// imports maps each package a source imports to the first file that does.
	imports map[string]string
	// programs are the programs the sources run.
	programs []rewrite.Exec
	// zones says which file loads time zones by name ("" for none; C#).
	zones string
	// fonts says which file names a DejaVu font file ("" for none).
	fonts string
	// tkinter says which file imports Tk's Python binding ("" for none).
	tkinter string
	// loadsByName says which file opens a shared library by its
	// unversioned name (ctypes.CDLL("libsodium.so"), ffi-napi's
	// ffi.Library("libsodium")), which only a -dev package ships; "" for
	// none.
	loadsByName string
}

// loadsLibraryWords are the calls that open a shared library by name:
// Python's ctypes (CDLL, cdll.LoadLibrary) and cffi (ffi.dlopen), Node's
// ffi-napi (ffi.Library, which adds .so to a name without one) and koffi
// (koffi.load), Go's purego (Dlopen) and Rust's libloading
// (Library::new). A source that names none is not searched.
var loadsLibraryWords = []string{"CDLL", "PyDLL", "LoadLibrary", "dlopen", "Dlopen", "ffi.Library", "koffi.load", "DynamicLibrary", "Library::new"}

// unversionedLoad finds a call of loadsLibraryWords with a literal name;
// the name is its group.
var unversionedLoad = sync.OnceValue(func() *regexp.Regexp {
	calls := make([]string, len(loadsLibraryWords))
	for i, w := range loadsLibraryWords {
		calls[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(calls, "|") + `)\(\s*(?:r|b)?["']([^"'\s]+)["']`)
})

// loadsLibrary records the first source that opens a shared library by
// an unversioned name.
func (f *scriptFacts) loadsLibrary(p, src string) {
	if f.loadsByName == "" {
		f.loadsByName = unversionedLoadIn(p, src)
	}
}

// unversionedLoadIn says why src, the source at p, opens a shared
// library by an unversioned name (libfoo.so, or libfoo for ffi-napi), ""
// when it does not: the linker's versioned soname (libfoo.so.23), which a
// library package ships, is not what it asks for, and only the -dev
// package ships libfoo.so. A path counts too (./build/libmath.so): which
// package, if any, ships it cannot be told.
func unversionedLoadIn(p, src string) string {
	if !slices.ContainsFunc(loadsLibraryWords, func(w string) bool { return strings.Contains(src, w) }) {
		return ""
	}
	for _, m := range unversionedLoad().FindAllStringSubmatch(src, -1) {
		name := path.Base(m[1])
		if strings.Contains(name, ".so.") || strings.HasSuffix(name, ".dll") || strings.HasSuffix(name, ".dylib") {
			continue // versioned, or another system's
		}
		if strings.HasSuffix(name, ".so") || strings.HasPrefix(m[0], "ffi.Library") && !strings.Contains(name, ".") {
			return p + " opens " + m[1] + " by its unversioned name"
		}
	}
	return ""
}

// librariesFor is how the runtime stage gets the packages the build
// installed: their library packages (st.LibrariesFor), or, when a source
// opens a library by its unversioned name (loadsByName tells which, read
// only when the build installs packages), the packages as they are
// (st.PackagesFor): only the -dev package ships libfoo.so, and the library
// package a linked binary needs is not enough.
func librariesFor(st *rewrite.Stage, p *rewrite.Pass, loadsByName func(*buildctx.Context) string) func(rewrite.Image, string, ...string) ([]rewrite.Library, error) {
	ctx := p.Options.Context
	if ctx == nil || len(st.Installs()) == 0 {
		return st.LibrariesFor
	}
	why := loadsByName(ctx)
	if why == "" {
		return st.LibrariesFor
	}
	p.Notef(st.From.Line(), "%s: the packages the build installs are installed again as they are", why)
	return st.PackagesFor
}

// dejavuFont finds a DejaVu font file named in a source: Pillow's
// ImageFont.truetype("DejaVuSans.ttf") looks for it under
// /usr/share/fonts, a path names it there. The full images have the
// fonts (buildpack-deps' ImageMagick brings fontconfig, which brings
// fonts-dejavu-core); slim has none, and a program falls back to a
// bitmap font or fails.
var dejavuFont = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`DejaVu[A-Za-z]*(?:-[A-Za-z]+)?\.ttf`) })

// namesFont records the first source that names a DejaVu font.
func (f *scriptFacts) namesFont(p, src string) {
	if f.fonts == "" && strings.Contains(src, "DejaVu") {
		if m := dejavuFont().FindString(src); m != "" {
			f.fonts = p + " names " + m
		}
	}
}

// notRunDirs are folders whose sources do not run in the container.
var notRunDirs = rewrite.WordSet(`node_modules bower_components test tests __tests__ __mocks__ e2e cypress coverage
	spec specs venv .venv site-packages __pycache__ .tox .nox docs`)

// notRun tells whether a source file is a test or build configuration.
func notRun(base string) bool {
	for _, s := range []string{".test.", ".spec.", ".config.", ".d.ts", "_test.py", "conftest.py", "setup.py", "noxfile.py"} {
		if strings.Contains(base, s) {
			return true
		}
	}
	return strings.HasPrefix(base, "test_") || strings.HasPrefix(base, ".")
}

// jsPatterns find imports and child_process calls; compiled on first use.
var jsPatterns = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{
		// require("x"), import("x"), import ... from "x", export ... from "x", import "x"
		regexp.MustCompile(`(?m)(?:\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*(import|export)\s+(type\s+)?(?:[\w$*{}\s,]+\s+from\s+)?)['"]([^'"\n]+)['"]`),
		// exec("cmd"), execSync(`cmd`), spawn("prog", ...), execFile("prog", ...);
		// the first word of spawn's and execFile's argument list when it
		// is a literal (spawn("bash", ["scripts/sync.sh"])), and the second
		// (spawn("sh", ["-c", "git pull"]))
		// A template literal is read by templateCommand ($`...` too), from
		// the backquote on: `git log ${ref}` runs git.
		regexp.MustCompile(jsRunnerAt + "(?:'([^'\\n]*)'|\"([^\"\\n]*)\"|(`))(?:\\s*,\\s*\\[\\s*(?:'([^'\\n]*)'|\"([^\"\\n]*)\")(?:\\s*,\\s*(?:'([^'\\n]*)'|\"([^\"\\n]*)\"|(`)))?)?"),
	}
})

// jsWhich finds the which package's lookups of a literal name.
var jsWhich = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\bwhich(?:\.sync)?\s*\(\s*['"]([^'"\n]+)['"]`)
})

// pyTkinter finds an import of tkinter (turtle's too, which is built on it).
var pyTkinter = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^\s*(?:import|from)\s+(?:tkinter|turtle)\b`)
})

// pySh finds the programs the sh package runs: `from sh import git, rm
// as remove`, sh.git(...), sh.Command("git").
var pySh = sync.OnceValue(func() [3]*regexp.Regexp {
	return [3]*regexp.Regexp{
		regexp.MustCompile(`(?m)^\s*from\s+sh\s+import\s+\(?([^\n#)]+)`),
		regexp.MustCompile(`\bsh\.([a-z][a-z0-9]*)\s*\(`),
		regexp.MustCompile(`\bsh\.Command\s*\(\s*[rbu]?['"]([^'"\n]+)['"]`),
	}
})

// shNotPrograms are names the sh package gives that run no program of
// that name.
var shNotPrograms = rewrite.WordSet(`cd pushd contrib glob bake`)

// shPrograms are the programs a Python source runs through the sh
// package, each named as sh names it (an underscore may stand for a
// dash: those are left out).
func shPrograms(file, src string) []rewrite.Exec {
	var out []rewrite.Exec
	add := func(name string) {
		if name != "" && !shNotPrograms.Has(name) && !strings.Contains(name, "_") && name[0] >= 'a' && name[0] <= 'z' &&
			!slices.ContainsFunc(out, func(e rewrite.Exec) bool { return e.Name == name }) {
			out = append(out, rewrite.Exec{Name: name, Why: "sh in " + file})
		}
	}
	pat := pySh()
	for _, m := range pat[0].FindAllStringSubmatch(src, -1) {
		for _, item := range strings.Split(m[1], ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(item), " ")
			add(name)
		}
	}
	for _, m := range pat[1].FindAllStringSubmatch(src, -1) {
		add(m[1])
	}
	for _, m := range pat[2].FindAllStringSubmatch(src, -1) {
		if !strings.Contains(m[1], "/") {
			add(m[1])
		}
	}
	return out
}

// pyProgramAt is where a call takes the program: first in subprocess's
// list (maybe args=[...]), or the first argument of
// create_subprocess_exec, os.execvp and shutil.which; the function is
// the first or the second group.
const pyProgramAt = `\b(?:(subprocess\.(?:run|call|check_call|check_output|Popen))\s*\(\s*(?:args\s*=\s*)?[\[(]|(asyncio\.create_subprocess_exec|os\.exec[lv]pe?|shutil\.which)\s*\()\s*`

// pyPatterns find subprocess and os.system calls; compiled on first use.
var pyPatterns = sync.OnceValue(func() [8]*regexp.Regexp {
	return [8]*regexp.Regexp{
		// subprocess.run(["prog", ...]) and the other subprocess calls
		// (the list given by keyword too, args=[...], as the patterns
		// below take their name or command line)
		// (and its second word, when it is a literal too: bash run.sh)
		// (and its third, a script after bash -c)
		regexp.MustCompile(`\bsubprocess\.(?:run|call|check_call|check_output|Popen)\s*\(\s*(?:args\s*=\s*)?[\[(]\s*[rbuf]?['"]([^'"\n]+)['"](?:\s*,\s*[rbuf]?['"]([^'"\n]+)['"](?:\s*,\s*([rbuf]?)['"]([^'"\n]+)['"])?)?`),
		// subprocess.run("cmd", shell=True), os.system("cmd"), os.popen("cmd"),
		// asyncio's create_subprocess_exec("prog", ...) and _shell("cmd"),
		// pexpect.spawn("ssh host") and pexpect.run (a command line), and
		// subprocess's given shlex.split("git pull") (one too)
		// (an f-string's too: f"git rev-parse {ref}", the prefix first)
		regexp.MustCompile(`\b(?:subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|asyncio\.create_subprocess_(?:exec|shell)|pexpect\.(?:spawn|run)|os\.system|os\.popen)\s*\(\s*(?:args\s*=\s*)?(?:shlex\.split\s*\(\s*)?([rRbBuUfF]{0,2})['"]([^'"\n]+)['"]`),
		// shutil.which("prog"), os.execvp("prog", [...]) and os.execlp
		regexp.MustCompile(`\b(shutil\.which|os\.exec[lv]pe?)\s*\(\s*['"]([^'"\n]+)['"]`),
		// the same calls given a name (cmd = ["git", "pull"]; subprocess.run(cmd)),
		// maybe split into words first (shlex.split(cmd), cmd.split()) or
		// unpacked (*args), and shutil.which given one
		regexp.MustCompile(`\b(subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|asyncio\.create_subprocess_(?:exec|shell)|os\.system|os\.popen|pexpect\.(?:spawn|run)|shutil\.which)\s*\(\s*(?:args\s*=\s*)?(shlex\.split\s*\(\s*)?\*?([A-Za-z_]\w*)(\s*\.\s*split\s*\(\s*\))?\s*[,)]`),
		// the value such a name is given: a string, or a list or tuple
		// that starts with one
		regexp.MustCompile(`^\s*([\[(]?)\s*([rRbBuUfF]{0,2})(?:'([^'\n]*)'|"([^"\n]*)")`),
		// a list that starts with a name (GIT = "git"; subprocess.run([GIT, "pull"]))
		regexp.MustCompile(`\b(subprocess\.(?:run|call|check_call|check_output|Popen))\s*\(\s*(?:args\s*=\s*)?[\[(]\s*([A-Za-z_]\w*)\s*[,\])]`),
		// a program named by an attribute (subprocess.run([args.ffmpeg,
		// ...]), create_subprocess_exec(settings.git_path, ...)): the
		// attribute's name last
		regexp.MustCompile(pyProgramAt + `((?:[A-Za-z_]\w*\s*\.\s*)+([A-Za-z_]\w*))\s*[,\])]`),
		// a program named by the environment, with a default
		// (subprocess.run([os.environ.get("GIT_BIN", "git"), ...]),
		// os.getenv("FFMPEG") or "ffmpeg"): the default last
		regexp.MustCompile(pyProgramAt + `os\s*\.\s*(?:environ\s*\.\s*get|getenv)\s*\(\s*['"][^'"\n]*['"]\s*(?:,\s*|\)\s*or\s+)[rRuU]?['"]([^'"\n]+)['"]`),
	}
})

// pyListHead finds a list or tuple that starts with a name or an
// attribute: [FFMPEG, "-i", src], (settings.git_bin, "pull").
var pyListHead = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*[\[(]\s*((?:[A-Za-z_]\w*\s*\.\s*)*[A-Za-z_]\w*)\s*,`)
})

// pySplitAfter finds a string split into words right after it: the
// .split() of "git pull".split().
var pySplitAfter = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*\.\s*split\s*\(\s*\)`)
})

// csPatterns find the programs C# starts; compiled on first use.
var csPatterns = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{
		// Process.Start("git", ...), new ProcessStartInfo("git"), FileName = "git"
		// (or the environment's, with that default: FileName =
		// Environment.GetEnvironmentVariable("GIT") ?? "git")
		regexp.MustCompile(`(?:\bProcess\.Start\s*\(|\bnew\s+ProcessStartInfo\s*\(|\bFileName\s*=)\s*(?:(?:System\.)?Environment\.GetEnvironmentVariable\s*\([^()]*\)\s*\?\?\s*)?@?"([^"\n]+)"`),
		// the script given to a shell's -c: Process.Start("bash", "-c \"git
		// pull\""), Arguments = $"-c \"git -C {dir} pull\""
		regexp.MustCompile(`(?:\bProcess\.Start\s*\(\s*"(?:/bin/)?(?:ba)?sh"\s*,\s*|\bArguments\s*=\s*)\$?"-c\s+\\"((?:[^"\\\n]|\\[^"])+)\\""`),
	}
})

// compiledPatterns find the programs Rust, Java and C or C++ sources
// start with a literal name; compiled on first use. The second group of
// each is a shell command line (system, popen, Runtime.exec's string).
var compiledPatterns = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		// Command::new("git"), the which crate's which("git"); and the
		// script of Command::new("sh").arg("-c").arg("git pull") (or
		// .args(["-c", ...]), or format!("git -C {} pull", dir))
		".rs": regexp.MustCompile(`(?:\bCommand::new|\bwhich::which|\bwhich)\s*\(\s*r?#?"([^"\n]+)"(?:\s*\)\s*\.args?\s*\(\s*&?(?:vec!)?\[?\s*"-c"\s*(?:,|\)\s*\.arg\s*\()\s*&?(?:format!\s*\(\s*)?r?#?"([^"\n]+)")?()`),
		// new ProcessBuilder("git", ...), Kotlin's ProcessBuilder("git", ...),
		// Runtime.getRuntime().exec("git log") (or of new String[]{"git",
		// "log"}); and the script of
		// new ProcessBuilder("sh", "-c", "git pull") (or String.format's)
		".java": regexp.MustCompile(`\b(?:new\s+)?ProcessBuilder\s*\(\s*(?:List\.of\s*\(|Arrays\.asList\s*\()?\s*"([^"\n]+)"(?:\s*,\s*"-c"\s*,\s*(?:String\.format\s*\(\s*)?"([^"\n]+)")?|\bgetRuntime\s*\(\s*\)\s*\.exec\s*\(\s*(?:new\s+String\s*\[\s*\]\s*\{\s*)?"([^"\n]+)"`),
		// execlp("git", ...), system("git log"), popen("git log", "r")
		".c": regexp.MustCompile(`\bexec[lv]p?e?\s*\(\s*"([^"\n]+)"()|\b(?:system|popen)\s*\(\s*"([^"\n]+)"`),
	}
})

type jsFactsKey struct{}
type pyFactsKey struct{}
type csFactsKey struct{}
type compiledFactsKey struct{ lang string }

// compiledNamed find the calls that start a program named by a constant
// (Command::new(GIT), new ProcessBuilder(GIT, ...)), and the
// declarations that give one a string: Rust's const and static, Java's
// final String, Kotlin's val, C#'s const and readonly string.
var compiledNamed = sync.OnceValue(func() map[string]namedPatterns {
	return map[string]namedPatterns{
		// C#'s FileName = Git, Process.Start(Git, ...), new
		// ProcessStartInfo(Git), with const string Git = "git" (or
		// static readonly string)
		// (and a name given the environment's value or a default:
		// _ffmpegPath = Environment.GetEnvironmentVariable("FFMPEG_PATH")
		// ?? "ffmpeg", in a field, a constructor or a local)
		".cs": {call: regexp.MustCompile(`\bFileName\s*=\s*([A-Za-z_]\w*)\s*[,;}\n]|\bProcess\.Start\s*\(\s*([A-Za-z_]\w*)\s*[,)]|\bnew\s+ProcessStartInfo\s*\(\s*([A-Za-z_]\w*)\s*[,)]`),
			decl: regexp.MustCompile(`\b(?:(?:const|readonly)\s+string\s+([A-Za-z_]\w*)\s*=\s*|([A-Za-z_]\w*)\s*=\s*(?:System\.)?Environment\.GetEnvironmentVariable\s*\([^()]*\)\s*\?\?\s*)@?"([^"\n]+)"`)},
		".rs": {call: regexp.MustCompile(`\bCommand::new\s*\(\s*([A-Z_][A-Z0-9_]*)\s*\)`),
			decl: regexp.MustCompile(`\b(?:const|static)\s+([A-Z_][A-Z0-9_]*)\s*:\s*&(?:'static\s+)?str\s*=\s*"([^"\n]+)"`)},
		// (and a command line as an array or a list: new
		// ProcessBuilder(cmd), Runtime.getRuntime().exec(cmd))
		".java": {call: regexp.MustCompile(`\bProcessBuilder\s*\(\s*(?:List\.of\s*\(|Arrays\.asList\s*\()?\s*([A-Za-z_]\w*)\s*[,)]|\bgetRuntime\s*\(\s*\)\s*\.exec\s*\(\s*([A-Za-z_]\w*)\s*[,)]`),
			// (and the environment's value or a default:
			// git = System.getenv().getOrDefault("GIT_BIN", "git"),
			// Kotlin's System.getenv("GIT_BIN") ?: "git")
			decl: regexp.MustCompile(`(?:\bfinal\s+String\s+([A-Za-z_]\w*)\s*=\s*|\bval\s+([A-Za-z_]\w*)\s*(?::\s*String\s*)?=\s*|\b([A-Za-z_]\w*)\s*=\s*System\.getenv\s*\(\s*\)\s*\.\s*getOrDefault\s*\(\s*"[^"\n]*"\s*,\s*|\b([A-Za-z_]\w*)\s*(?::\s*String\s*)?=\s*System\.getenv\s*\(\s*"[^"\n]*"\s*\)\s*\?:\s*)"([^"\n]+)"`),
			// String[] cmd = {"git", ...}, List<String> cmd =
			// List.of("git", ...), new ArrayList<>(Arrays.asList("git",
			// ...)), Kotlin's listOf, mutableListOf, arrayOf, a String
			// (for exec); the first cmd.add("git") of a list built a word
			// at a time
			lists: regexp.MustCompile(`\b([A-Za-z_]\w*)\s*=\s*(?:new\s+String\s*\[\s*\]\s*)?(?:new\s+ArrayList\s*(?:<[^>]*>)?\s*\(\s*)?(?:List\.of|Arrays\.asList|listOf|mutableListOf|arrayOf)?\s*[({]?\s*"([^"\n]+)"|\b([A-Za-z_]\w*)\s*\.\s*add\s*\(\s*"([^"\n]+)"`)},
	}
})

// namedPatterns are a language's call given a constant (or a command
// line's name), and the declarations, each with the name and the value,
// of a constant and (nil for none) of a command line that starts with a
// literal or of its words added one at a time.
type namedPatterns struct {
	call, decl, lists *regexp.Regexp
}

// namedValues are what a source's declarations give its names, read in
// one pass: each constant's values, and the programs each command line
// may start.
type namedValues struct {
	consts, lists map[string][]string
}

// readNamed reads a Rust, Java, Kotlin or C# source's namedValues. A
// command line's programs are the first word of each declaration that
// starts it with a literal, else of its first add.
func readNamed(lang, src string) namedValues {
	pats := compiledNamed()[lang]
	v := namedValues{consts: map[string][]string{}, lists: map[string][]string{}}
	for _, m := range pats.decl.FindAllStringSubmatch(src, -1) {
		// The name is the group that took part; the value, the last.
		name := strings.Join(m[1:len(m)-1], "")
		v.consts[name] = append(v.consts[name], m[len(m)-1])
	}
	if pats.lists == nil {
		return v
	}
	firsts, adds := map[string][]string{}, map[string]string{}
	for _, m := range pats.lists.FindAllStringSubmatch(src, -1) {
		if m[1] != "" {
			firsts[m[1]] = append(firsts[m[1]], m[2])
		} else if _, ok := adds[m[3]]; !ok {
			adds[m[3]] = m[4]
		}
	}
	for name, first := range adds {
		if _, ok := firsts[name]; !ok {
			firsts[name] = []string{first}
		}
	}
	for name, texts := range firsts {
		for _, text := range texts {
			if words := strings.Fields(text); len(words) > 0 {
				v.lists[name] = append(v.lists[name], words[0])
			}
		}
	}
	return v
}

// compiledNamedPrograms are the programs a Rust, Java, Kotlin or C# source
// starts through a constant it declares once, or a command line it keeps
// in a name.
func compiledNamedPrograms(lang, p, src string) []rewrite.Exec {
	pats, ok := compiledNamed()[lang]
	if !ok {
		return nil
	}
	var out []rewrite.Exec
	var named *namedValues
	seen := map[string]bool{}
	for _, m := range pats.call.FindAllStringSubmatch(src, -1) {
		name := strings.Join(m[1:], "")
		if seen[name] {
			continue
		}
		seen[name] = true
		if named == nil {
			v := readNamed(lang, src)
			named = &v
		}
		why := "started in " + p + " (" + name + ")"
		if decls := named.consts[name]; len(decls) == 1 && !strings.ContainsAny(decls[0], " \t") {
			out = append(out, rewrite.Exec{Name: decls[0], Why: why})
			continue
		}
		for _, first := range named.lists[name] {
			out = append(out, rewrite.Exec{Name: first, Why: why})
		}
	}
	return out
}

// compiledPrograms are the programs a compiled language's sources in the
// build context start by a literal name (lang: ".rs", ".java", ".c" for
// C and C++): the binary runs them where the builder had them.
func compiledPrograms(ctx *buildctx.Context, lang string) []rewrite.Exec {
	if ctx == nil {
		return nil
	}
	exts := map[string][]string{".rs": {".rs"}, ".java": {".java", ".kt"}, ".c": {".c", ".cc", ".cpp", ".cxx"}}[lang]
	return ctx.Memo(compiledFactsKey{lang}, func() any {
		var out []rewrite.Exec
		var sources []sourceFile
		walkSources(ctx, exts, func(p, src string) {
			sources = append(sources, sourceFile{p, src})
			// Each: the program, a shell script it is given, a command
			// line run by a shell.
			for _, at := range compiledPatterns()[lang].FindAllStringSubmatchIndex(src, -1) {
				m := submatches(src, at)
				if m[1] != "" {
					e := rewrite.Exec{Name: m[1], Why: "started in " + p}
					switch lang {
					case ".java":
						if words := scriptWords(src[at[2]-1:], false); len(words) > 1 {
							e.Args = words[1:] // new ProcessBuilder("timeout", "30", "git", ...): git too
						}
					case ".rs":
						// Command::new("timeout").args(["5s", "git", ...]): git too
						if after, ok := rustAfterLiteral(src[at[3]:]); ok {
							e.Args = rustChainWords(src[:at[0]], after, shell.IsRunner(m[1]))
						}
					}
					out = append(out, e)
				}
				if script := m[2]; script != "" && shell.IsShell(m[1]) {
					// {} of format! and %s of String.format: unknown words
					script = formatVerbs().ReplaceAllString(fstringCommand(script), `"$$v"`)
					out = append(out, shellPrograms(script, "run by a shell in "+p)...)
				}
				if m[3] != "" {
					out = append(out, shellPrograms(m[3], "run by a shell in "+p)...)
				}
			}
			out = append(out, compiledNamedPrograms(lang, p, src)...)
			if lang == ".rs" && strings.Contains(src, "Command::new") {
				out = append(out, rustLocalPrograms(p, src)...)
			}
		})
		return append(out, compiledWrapperPrograms(lang, sources)...)
	}).([]rewrite.Exec)
}

// rustArgCall finds a Rust Command's .arg( or .args( call, and rustBinding
// the let that names the Command (let mut cmd = Command::new(...)).
var (
	rustArgCall = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*\.\s*(args?)\s*\(`) })
	rustBinding = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\blet\s+(?:mut\s+)?([a-z_]\w*)\s*=\s*$`) })
)

// rustLocalCall finds a Command started with a binding or a function's
// result (Command::new(&ffmpeg), Command::new(ffmpeg_bin())), rustString
// a string literal, and rustFn and rustLet the function of no arguments
// and the let that may give that name its value, by name.
var (
	rustLocalCall = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\bCommand::new\s*\(\s*&?\s*([a-z_]\w*)\s*(\(\s*\))?\s*\)`)
	})
	rustString = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"((?:[^"\\\n]|\\.)*)"`) })
	rustFn     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bfn\s+([a-z_]\w*)\s*\(\s*\)\s*->[^{;]*\{`) })
	rustLet    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\blet\s+(?:mut\s+)?([a-z_]\w*)\s*(?::[^=;]+)?=`) })
)

// rustLocalPrograms are the programs a Rust source starts through a
// binding or a function of its own whose value falls back to a string:
// let ffmpeg = env::var("FFMPEG").unwrap_or_else(|_| "ffmpeg".to_string()),
// fn git_bin() -> String { ... }, or a plain literal. The binding is the
// nearest let above the call.
func rustLocalPrograms(p, src string) []rewrite.Exec {
	var out []rewrite.Exec
	for _, at := range rustLocalCall().FindAllStringSubmatchIndex(src, -1) {
		name, call := src[at[2]:at[3]], at[4] >= 0
		var expr string
		if call {
			if loc := rustNamed(rustFn(), src, name, true); loc != nil {
				expr = src[loc[1]:min(len(src), loc[1]+400)]
				if end := strings.Index(expr, "\n}"); end >= 0 {
					expr = expr[:end]
				}
			}
		} else if loc := rustNamed(rustLet(), src[:at[0]], name, false); loc != nil {
			expr = src[loc[1]:at[0]]
			expr, _, _ = strings.Cut(expr, ";")
		}
		program := rustDefault(expr)
		if program == "" {
			continue
		}
		e := rewrite.Exec{Name: program, Why: "started in " + p + " (" + name + ")"}
		e.Args = rustChainWords(src[:at[0]], src[at[1]:], shell.IsRunner(program))
		out = append(out, e)
	}
	return out
}

// rustNamed is the first (or, with first false, the last) match of re
// in src whose first group is name; nil for none. The patterns are
// compiled once for every name, rather than once for each.
func rustNamed(re *regexp.Regexp, src, name string, first bool) []int {
	var found []int
	for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
		if src[m[2]:m[3]] == name {
			if found = m; first {
				break
			}
		}
	}
	return found
}

// rustDefault is the program a Rust expression gives: a string literal
// alone (with .to_string(), .into(), String::from), or the last literal
// of an environment lookup, its default; "" for anything else.
func rustDefault(expr string) string {
	expr = strings.TrimSpace(expr)
	literals := rustString().FindAllStringSubmatchIndex(expr, -1)
	if len(literals) == 0 {
		return ""
	}
	last := literals[len(literals)-1]
	plain := len(literals) == 1 && strings.Trim(strings.TrimPrefix(expr[:last[0]], "String::from"), "( ") == ""
	if !plain && !strings.Contains(expr, "env::var") {
		return ""
	}
	program := expr[last[2]:last[3]]
	if !plainProgram(program) || windowsName(program) {
		return ""
	}
	return program
}

// rustAfterLiteral is the source after Command::new("git")'s closing
// parenthesis, given the source from the literal's closing quote.
func rustAfterLiteral(after string) (string, bool) {
	rest := strings.TrimPrefix(after, `"`)
	rest = strings.TrimPrefix(rest, "#") // r#"..."#
	return strings.CutPrefix(strings.TrimLeft(rest, " \t\r\n"), ")")
}

// rustChainWords are the words a Rust Command is given by the .arg and
// .args calls chained to Command::new (before: the source up to it;
// after: from the parenthesis that closes it), or made on the name it
// is bound to in the next statement (let mut cmd = Command::new("timeout");
// cmd.args([...])), as far as they are literal; for a command runner, a
// computed word is "" and the reading goes on, as scriptWords does.
func rustChainWords(before, after string, runner bool) []string {
	const space = " \t\r\n"
	rest := strings.TrimLeft(after, space)
	var ok bool
	if strings.HasPrefix(rest, ";") {
		line := before[strings.LastIndexByte(before, '\n')+1:]
		b := rustBinding().FindStringSubmatch(line)
		if b == nil {
			return nil
		}
		next := strings.TrimLeft(rest[1:], space)
		if rest, ok = strings.CutPrefix(next, b[1]); !ok {
			return nil // (cmd2.arg: rustArgCall finds no call)
		}
	}
	var out []string
	for len(out) < 64 {
		m := rustArgCall().FindStringSubmatchIndex(rest)
		if m == nil {
			return out
		}
		many := rest[m[2]:m[3]] == "args"
		rest = rest[m[1]:]
		args := splitList(rest[:min(len(rest), 2000)], false)
		if len(args) != 1 || len(args[0]) == len(rest) {
			return out // not one argument and its closing parenthesis
		}
		arg := strings.TrimSpace(args[0])
		rest = rest[len(args[0])+1:]
		if !many {
			words := scriptWords(arg, runner)
			if len(words) != 1 {
				return out
			}
			out = append(out, words[0])
			continue
		}
		list, ok := strings.CutPrefix(strings.TrimPrefix(strings.TrimPrefix(arg, "&"), "vec!"), "[")
		if !ok {
			return out // a list the code computes: how many words is unknown
		}
		words := scriptWords(list, runner)
		out = append(out, words...)
		elements := 0
		for _, e := range splitList(list, false) {
			if strings.TrimSpace(e) != "" {
				elements++
			}
		}
		if len(words) < elements {
			return out
		}
	}
	return out
}

// csFacts reads the context's C# sources: the programs they start, and
// the first file that loads time zones by name (FindSystemTimeZoneById,
// ConvertTimeBySystemTimeZoneId or TimeZoneConverter's TZConvert, which
// read /usr/share/zoneinfo).
func csFacts(ctx *buildctx.Context) scriptFacts {
	return ctx.Memo(csFactsKey{}, func() any {
		var f scriptFacts
		var sources []sourceFile
		walkSources(ctx, []string{".cs"}, func(p, src string) {
			sources = append(sources, sourceFile{p, src})
			for _, call := range []string{"FindSystemTimeZoneById", "ConvertTimeBySystemTimeZoneId", "TZConvert."} {
				if f.zones == "" && strings.Contains(src, call) {
					f.zones = p + " calls " + strings.TrimSuffix(call, ".")
				}
			}
			if !strings.Contains(src, "Process") {
				return
			}
			pat := csPatterns()
			for _, m := range pat[0].FindAllStringSubmatch(src, -1) {
				f.programs = append(f.programs, rewrite.Exec{Name: m[1], Why: "Process.Start in " + p})
			}
			for _, m := range pat[1].FindAllStringSubmatch(src, -1) {
				// {dir} of an interpolated string: an unknown word
				f.programs = append(f.programs, shellPrograms(fstringCommand(m[1]), "Process.Start in "+p+", in its shell script")...)
			}
			f.programs = append(f.programs, compiledNamedPrograms(".cs", p, src)...)
		})
		f.programs = append(f.programs, compiledWrapperPrograms(".cs", sources)...)
		return f
	}).(scriptFacts)
}

// jsImports are the npm packages a JavaScript or TypeScript source loads
// (require, import, export from), in order; type-only imports, which the
// compiler erases, are left out.
func jsImports(src string) []string {
	var pkgs []string
	for _, m := range jsPatterns()[0].FindAllStringSubmatch(src, -1) {
		if pkg := jsPackage(m[3]); m[2] == "" && pkg != "" {
			pkgs = append(pkgs, pkg)
		}
	}
	return pkgs
}

// submatches are the texts of a match's groups, given its indices (as
// FindStringSubmatch gives them: "" for a group that did not take part),
// where the caller needs the indices too.
func submatches(s string, loc []int) []string {
	out := make([]string, len(loc)/2)
	for k := range out {
		if loc[2*k] >= 0 {
			out[k] = s[loc[2*k]:loc[2*k+1]]
		}
	}
	return out
}

// namesModule tells whether JavaScript source names a module in quotes
// ("zx", 'bun').
func namesModule(src, module string) bool {
	return strings.Contains(src, `"`+module+`"`) || strings.Contains(src, `'`+module+`'`)
}

// jsFacts reads the context's JavaScript and TypeScript sources.
func jsFacts(ctx *buildctx.Context) scriptFacts {
	return ctx.Memo(jsFactsKey{}, func() any {
		f := scriptFacts{imports: map[string]string{}}
		exts := []string{".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"}
		// First the functions that hand a command on to child_process,
		// whose calls elsewhere name programs too.
		var wrappers []jsWrapper
		sources := readSources(ctx, exts)
		for _, s := range sources {
			if jsRuns(s.src) {
				wrappers = append(wrappers, jsWrappers(s.path, jsUnalias(jsUnpromisify(s.src)))...)
			}
		}
		// The strings a property may hold, read from every source once a
		// call names a program by one.
		propertyValues := onceEach(func(name string) []string { return jsPropertyValues(sources, name) })
		read := func(p, src string) {
			for _, w := range wrappers {
				f.programs = append(f.programs, w.programs(p, src)...)
			}
			for _, pkg := range jsImports(src) {
				if _, ok := f.imports[pkg]; !ok {
					f.imports[pkg] = p
				}
			}
			f.namesFont(p, src)
			f.loadsLibrary(p, src)
			if strings.Contains(src, `"which"`) || strings.Contains(src, `'which'`) {
				// the which package: which.sync("git"), await which("git")
				for _, m := range jsWhich().FindAllStringSubmatch(src, -1) {
					f.programs = append(f.programs, rewrite.Exec{Name: m[1], Why: "which in " + p})
				}
			}
			if strings.Contains(src, "`") && (strings.Contains(src, "execa") || namesModule(src, "zx") || strings.Contains(src, "zx/globals") ||
				strings.Contains(src, "env zx") || namesModule(src, "bun")) {
				// (execa, zx and zx/globals, a zx script, Bun: zxcvbn is not zx)
				for _, at := range jsTemplateTag().FindAllStringSubmatchIndex(src, -1) {
					if cmd, ok := templateCommand(src[at[1]:]); ok {
						f.programs = append(f.programs, shellPrograms(cmd, src[at[2]:at[3]]+"`...` in "+p)...)
					}
				}
			}
			pat := jsPatterns()
			// child_process, or the packages that wrap it (execa's
			// execa("git", [...]), cross-spawn's spawn, ShellJS's exec).
			if !jsRuns(src) {
				return
			}
			src = jsUnalias(jsUnpromisify(src))
			for _, at := range pat[1].FindAllStringSubmatchIndex(src, -1) {
				m := submatches(src, at)
				fn := m[1]
				arg, call := m[2]+m[3], "child_process."+fn
				if obj, method := strings.CutSuffix(strings.TrimRight(src[:at[2]], " \t"), "."); method {
					if !childProcessObject(src, obj) {
						continue // db.exec("CREATE TABLE ..."), a method of something else
					}
					if strings.HasSuffix(obj, "shell") || strings.HasSuffix(obj, "shelljs')") || strings.HasSuffix(obj, `shelljs")`) {
						call = "shell." + fn // ShellJS's
					}
				}
				if strings.HasPrefix(fn, "execa") {
					call = fn // execa's own
				}
				if m[4] != "" {
					cmds, ok := jsTemplateCommands(src, src[at[9]:], propertyValues)
					if !ok {
						continue
					}
					for _, cmd := range cmds {
						words := shellPrograms(cmd, call+" in "+p)
						if !jsCommandLine(fn) && len(words) > 0 {
							// A program's name: the template's only word, if known.
							words = []rewrite.Exec{{Name: words[0].Name, Why: words[0].Why}}
						}
						f.programs = append(f.programs, words...)
					}
					continue
				}
				if jsCommandLine(fn) {
					// A command line: exec, execSync, execaCommand.
					f.programs = append(f.programs, shellPrograms(arg, call+" in "+p)...)
				} else if arg != "" {
					e := rewrite.Exec{Name: arg, Why: call + " in " + p}
					if first := max(at[10], at[12]); first >= 0 {
						// spawn("timeout", ["30", "git", "pull"]): git too.
						e.Args = scriptWords(src[strings.LastIndexByte(src[:first], '[')+1:], shell.IsRunner(arg))
					}
					f.programs = append(f.programs, e)
					if shell.IsShell(arg) && len(e.Args) > 0 && isCommandFlag(e.Args[0]) {
						// spawn("sh", ["-c", "git pull"]): the script's programs
						script := m[7] + m[8]
						if m[9] != "" {
							script, _ = templateCommand(src[at[19]:])
						}
						if script != "" {
							f.programs = append(f.programs, shellPrograms(script, call+" in "+p+", in its shell script")...)
						}
					}
				}
			}
			f.programs = append(f.programs, jsNamedPrograms(p, src, propertyValues)...)
			f.programs = append(f.programs, jsPropertyPrograms(p, src, propertyValues)...)
		}
		for _, s := range sources {
			read(s.path, s.src)
		}
		return f
	}).(scriptFacts)
}

// pyFacts reads the context's Python sources.
func pyFacts(ctx *buildctx.Context) scriptFacts {
	return ctx.Memo(pyFactsKey{}, func() any {
		var f scriptFacts
		// First the functions that hand a command on to subprocess,
		// whose calls elsewhere name programs too.
		var wrappers []pyWrapper
		sources := readSources(ctx, []string{".py"})
		for _, s := range sources {
			if !strings.Contains(s.src, "def ") {
				continue
			}
			if src := pyQualifyRunners(s.src); pyRuns(src) {
				wrappers = append(wrappers, pyWrappers(s.path, src)...)
			}
		}
		// The strings an attribute may hold, read from every source once
		// a call names a program by one.
		defaults := sync.OnceValue(func() map[string][]string { return pyAttributeDefaults(sources) })
		attributeValues := onceEach(func(attr string) []string {
			values := slices.Clone(defaults()[attr])
			for _, s := range sources {
				for _, v := range pyAssignments(s.src, attr, 8) {
					if text, ok := pyStringText(strings.TrimLeft(v, " \t")); ok && plainProgram(text) && !slices.Contains(values, text) {
						values = append(values, text)
					}
				}
			}
			// A Windows path is no program here (ffmpeg.exe on the other system).
			return withoutWindows(values)
		})
		read := func(p, src string) {
			src = pyQualifyRunners(src)
			f.namesFont(p, src)
			f.loadsLibrary(p, src)
			for _, w := range wrappers {
				f.programs = append(f.programs, w.programs(p, src)...)
			}
			if f.tkinter == "" && strings.Contains(src, "tkinter") && pyTkinter().MatchString(src) {
				f.tkinter = p + " imports tkinter"
			}
			if strings.Contains(src, "plumbum") {
				f.programs = append(f.programs, plumbumPrograms(p, src)...)
			}
			if strings.Contains(src, "import sh") || strings.Contains(src, "from sh import") {
				f.programs = append(f.programs, shPrograms(p, src)...)
			}
			if !pyRuns(src) && !strings.Contains(src, "shutil.which") && !strings.Contains(src, "os.exec") {
				return
			}
			pat := pyPatterns()
			// What a name a call is given may hold: its one assignment,
			// or each element a loop gives it; once per name, since each
			// lookup reads the whole file.
			valuesOf := onceEach(func(name string) []string {
				if value, ok := pyAssignedOnce(src, name); ok {
					return []string{value}
				}
				return pyLoopValues(src, name)
			})
			// The programs a name or an attribute that starts a list may
			// be: the plain string the file gives the name (or, when it
			// gives none, another module: an import), or each an attribute
			// is given by default.
			namedProgram := func(ref string) []string {
				if i := strings.LastIndexByte(ref, '.'); i >= 0 {
					return attributeValues(strings.TrimSpace(ref[i+1:]))
				}
				var out []string
				for _, value := range valuesOf(ref) {
					if text, ok := pyStringText(strings.TrimLeft(value, " \t")); ok && plainProgram(text) {
						out = append(out, text)
					}
				}
				if len(out) == 0 {
					return attributeValues(ref) // from .settings import FFMPEG_BIN
				}
				return out
			}
			for _, at := range pat[0].FindAllStringSubmatchIndex(src, -1) {
				m := submatches(src, at)
				if strings.Contains(m[1], "{") {
					continue // f"{tool}": a name the code computes
				}
				e := rewrite.Exec{Name: m[1], Why: "subprocess in " + p}
				if words := scriptWords(src[strings.LastIndexAny(src[:at[2]], "[(")+1:], false); len(words) > 1 {
					e.Args = words[1:] // timeout 30 git pull: git too
				}
				f.programs = append(f.programs, e)
				if shell.IsShell(m[1]) && isCommandFlag(m[2]) && m[4] != "" {
					script := m[4]
					if strings.Contains(m[3], "f") {
						script = fstringCommand(script)
					}
					f.programs = append(f.programs, shellPrograms(script, "subprocess in "+p+", in its shell script")...)
				}
			}
			for _, at := range pat[1].FindAllStringSubmatchIndex(src, -1) {
				call, args := src[at[0]:at[1]], []string{src[at[4]:at[5]]}
				if strings.ContainsAny(src[at[2]:at[3]], "fF") {
					args = pyFormattedCommands(args[0], namedProgram)
				}
				what := strings.TrimSpace(strings.SplitN(call, "(", 2)[0])
				// "git pull".split(): words, as shlex.split's
				split := strings.Contains(call, "shlex.split") || pySplitAfter().MatchString(src[at[1]:])
				for _, arg := range args {
					if strings.Contains(call, "subprocess") && !pyShellAlways(what) && !split && !shellTrue(src[at[0]:]) {
						// Without shell=True the string is the program itself.
						if !strings.ContainsAny(arg, " \t$") {
							f.programs = append(f.programs, rewrite.Exec{Name: arg, Why: what + " in " + p})
						}
						continue
					}
					f.programs = append(f.programs, shellPrograms(arg, what+" in "+p)...)
				}
			}
			for _, m := range pat[2].FindAllStringSubmatch(src, -1) {
				f.programs = append(f.programs, rewrite.Exec{Name: m[2], Why: m[1] + " in " + p})
			}
			for _, at := range pat[3].FindAllStringSubmatchIndex(src, -1) {
				m := submatches(src, at)
				what, name, split := m[1], m[3], m[2]+m[4] != ""
				values := valuesOf(name)
				if len(values) == 0 {
					// cmd = [...] in each of several functions: the one
					// above the call, the nearest
					if before := pyAssignments(src[:at[0]], name, 64); len(before) > 0 {
						values = before[len(before)-1:]
					}
				}
				for _, value := range values {
					loc := pat[4].FindStringSubmatchIndex(value)
					if loc == nil {
						// cmd = [FFMPEG, "-i", src, ...] or [settings.git_bin, ...]:
						// the list starts with a name
						if head := pyListHead().FindStringSubmatch(value); head != nil {
							for _, program := range namedProgram(head[1]) {
								f.programs = append(f.programs, rewrite.Exec{Name: program, Why: what + " in " + p + " (" + name + ", " + head[1] + ")"})
							}
						}
						continue
					}
					v := submatches(value, loc)
					if v[1] == "(" && !strings.HasPrefix(strings.TrimLeft(value[loc[1]:], " \t\n"), ",") {
						// (f"ffmpeg -i {src} " f"{dst}"): a string in
						// parentheses, not a tuple; its first piece
						v[1] = ""
					}
					texts := []string{v[3] + v[4]}
					if strings.ContainsAny(v[2], "fF") {
						texts = pyFormattedCommands(texts[0], namedProgram) // f"{GIT} pull"
					}
					why := what + " in " + p + " (" + name + ")"
					for _, text := range texts {
						switch {
						case v[1] != "":
							// A list's first word is the program.
							if text != "" && !strings.ContainsAny(text, " \t$") {
								e := rewrite.Exec{Name: text, Why: why}
								if words := scriptWords(value[loc[3]:], false); len(words) > 1 {
									e.Args = words[1:]
								}
								f.programs = append(f.programs, e)
							}
						case pyCommandLine(what, split, src[at[0]:]):
							// A command line: a shell's, or split into words.
							f.programs = append(f.programs, shellPrograms(text, why)...)
						case text != "" && !strings.ContainsAny(text, " \t$"):
							f.programs = append(f.programs, rewrite.Exec{Name: text, Why: why})
						}
					}
				}
			}
			for _, m := range pat[5].FindAllStringSubmatch(src, -1) {
				for _, program := range namedProgram(m[2]) {
					f.programs = append(f.programs, rewrite.Exec{Name: program, Why: m[1] + " in " + p + " (" + m[2] + ")"})
				}
			}
			for _, m := range pat[6].FindAllStringSubmatch(src, -1) {
				// (subprocess.run([settings.git_bin, ...]): by default, git)
				what, attribute := m[1]+m[2], strings.Join(strings.Fields(m[3]), "")
				for _, program := range attributeValues(m[4]) {
					f.programs = append(f.programs, rewrite.Exec{Name: program, Why: what + " in " + p + " (" + attribute + ", by default)"})
				}
			}
			for _, m := range pat[7].FindAllStringSubmatch(src, -1) {
				if plainProgram(m[3]) {
					f.programs = append(f.programs, rewrite.Exec{Name: m[3], Why: m[1] + m[2] + " in " + p + " (the environment's, by default)"})
				}
			}
		}
		for _, s := range sources {
			read(s.path, s.src)
		}
		return f
	}).(scriptFacts)
}

// onceEach is fn remembering its result for each name: a file's calls
// give the same names again and again, and fn reads the whole file.
func onceEach[T any](fn func(name string) T) func(name string) T {
	memo := map[string]T{}
	return func(name string) T {
		v, ok := memo[name]
		if !ok {
			v = fn(name)
			memo[name] = v
		}
		return v
	}
}

// jsRuns tells whether a JavaScript source may use child_process or a
// package that wraps it (a look at its text).
func jsRuns(src string) bool {
	return strings.Contains(src, "child_process") || strings.Contains(src, "execa") || strings.Contains(src, "cross-spawn") || strings.Contains(src, "shelljs")
}

// pyRuns tells whether a Python source may call subprocess, os.system,
// os.popen or pexpect (a look at its text).
func pyRuns(src string) bool {
	return strings.Contains(src, "subprocess") || strings.Contains(src, "os.system") || strings.Contains(src, "os.popen") || strings.Contains(src, "pexpect")
}

// shellTrue tells whether a call, given as the source text from its name
// on, passes shell=True (before its first closing parenthesis, within a
// few lines).
func shellTrue(call string) bool {
	rest := call[:min(len(call), 300)]
	if j := strings.Index(rest, ")"); j >= 0 {
		rest = rest[:j]
	}
	return strings.Contains(strings.Join(strings.Fields(rest), ""), "shell=True")
}

// sourceFile is a source of the build context, with its text.
type sourceFile struct{ path, src string }

// readSources are the source files of the given extensions that run in
// the container, in walkSources' order: for the readers that pass over
// them twice (wrappers first, then their calls), one walk.
func readSources(ctx *buildctx.Context, exts []string) []sourceFile {
	var out []sourceFile
	walkSources(ctx, exts, func(p, src string) { out = append(out, sourceFile{p, src}) })
	return out
}

// walkSources calls fn with each source file of the given extensions that
// runs in the container.
func walkSources(ctx *buildctx.Context, exts []string, fn func(p, src string)) {
	want := func(base string) bool { return slices.Contains(exts, path.Ext(base)) && !notRun(base) }
	walkFiles(ctx, notRunDirs, want, func(p string) error {
		if src, err := ctx.ReadFile(p); err == nil {
			fn(p, string(src))
		}
		return nil
	})
}

// walkFiles calls fn with each file of the build context whose name want
// accepts, leaving out hidden folders and the folders named in skip
// (dependencies, build output, caches): the readers of the context look
// at the project's own files, each for its own. An error from fn ends
// the walk and is returned (fs.SkipAll ends it with none).
func walkFiles(ctx *buildctx.Context, skip rewrite.Words, want func(base string) bool, fn func(p string) error) error {
	return ctx.Walk(".", func(p string, isDir bool) error {
		base := path.Base(p)
		switch {
		case isDir && p != "." && (strings.HasPrefix(base, ".") || skip.Has(base)):
			return fs.SkipDir
		case isDir || !want(base):
			return nil
		}
		return fn(p)
	})
}

// shellPrograms are the programs a shell command line runs.
func shellPrograms(cmd, why string) []rewrite.Exec {
	calls, err := shell.Calls(cmd, shell.State{Substitutions: true})
	if err != nil {
		return nil
	}
	var out []rewrite.Exec
	for _, c := range calls {
		words, args := execWords(c)
		if args || c.Function || len(words) == 0 {
			continue
		}
		if name := words[0]; name != "" && !shellBuiltins[name] {
			out = append(out, rewrite.Exec{Name: name, Args: words[1:], Why: why})
		}
	}
	return out
}

// jsPackage is the npm package a module specifier names; "" for a file,
// a Node built-in or an alias that is not a package.
func jsPackage(spec string) string {
	switch {
	case spec == "" || strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/") || strings.HasPrefix(spec, "node:"):
		return ""
	case strings.HasPrefix(spec, "@"):
		parts := strings.SplitN(spec, "/", 3)
		if len(parts) < 2 || parts[0] == "@" {
			return ""
		}
		return parts[0] + "/" + parts[1]
	}
	name, _, _ := strings.Cut(spec, "/")
	return name
}

// dejavuFonts installs the DejaVu fonts where the builder has them
// through ImageMagick (the full python, node and rust images) and the
// runtime image, without it, has none; why says what needs them (a source
// naming a font file, a package drawing text), "" for nothing.
func dejavuFonts(st *rewrite.Stage, runtime rewrite.Image, why string) []rewrite.Library {
	if why == "" || !st.BaseImage.Programs.Has("convert") || runtime.Programs.Has("convert") || runtime.Libc != rewrite.Glibc {
		return nil
	}
	return []rewrite.Library{{Dev: "fonts-dejavu-core", Package: "fonts-dejavu-core", AsIs: true,
		Why: why + ", and " + st.Base + " has the fonts (its ImageMagick brings fontconfig, and fontconfig them), " + runtime.Ref + " none"}}
}
