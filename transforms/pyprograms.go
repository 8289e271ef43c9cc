package transforms

import (
	"iter"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// The programs Python code runs through a command line it builds:
// f-strings, functions imported from subprocess (or under another name),
// names assigned once, and functions of its own that hand their
// parameter on to subprocess (def sh(cmd)).

// pyRunnerImports find `from subprocess import run, check_output as co`
// (or from os, shutil or pexpect), and `import subprocess as sp`.
var pyRunnerImports = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{
		regexp.MustCompile(`(?m)^[ \t]*from[ \t]+(subprocess|os|shutil|pexpect)[ \t]+import[ \t]+(?:\(([\w\s,]+)\)|([\w \t,]+))`),
		regexp.MustCompile(`(?m)^[ \t]*import[ \t]+(subprocess|os|shutil|pexpect)[ \t]+as[ \t]+(\w+)`),
	}
})

// pyRunnerFuncs are the functions of os, shutil and pexpect that run or
// find a program (all of subprocess's count).
var pyRunnerFuncs = rewrite.WordSet(`system popen execvp execvpe execlp execlpe which spawn run`)

// pyQualifyRunners writes the calls of the functions a Python file
// imports by name from subprocess (from subprocess import run), os,
// shutil or pexpect as the module's (subprocess.run), and a module
// imported under another name (import subprocess as sp) by its own, for
// the patterns.
func pyQualifyRunners(src string) string {
	if !strings.Contains(src, "import") || !strings.Contains(src, "from ") && !strings.Contains(src, " as ") {
		return src
	}
	names := map[string]string{}   // local function name → module.function
	modules := map[string]string{} // local module name → module
	pat := pyRunnerImports()
	for _, m := range pat[0].FindAllStringSubmatch(src, -1) {
		for _, item := range strings.Split(m[2]+m[3], ",") {
			fields := strings.Fields(item)
			if len(fields) == 0 || m[1] != "subprocess" && !pyRunnerFuncs.Has(fields[0]) {
				continue
			}
			switch {
			case len(fields) == 1:
				names[fields[0]] = m[1] + "." + fields[0]
			case len(fields) == 3 && fields[1] == "as":
				names[fields[2]] = m[1] + "." + fields[0]
			}
		}
	}
	for _, m := range pat[1].FindAllStringSubmatch(src, -1) {
		if m[2] != m[1] {
			modules[m[2]] = m[1]
		}
	}
	if len(names) == 0 && len(modules) == 0 {
		return src
	}
	var b strings.Builder
	for i := 0; i < len(src); {
		j := i
		for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
			j++
		}
		if j == i {
			b.WriteByte(src[i])
			i++
			continue
		}
		word := src[i:j]
		if i == 0 || src[i-1] != '.' {
			if fn, ok := names[word]; ok && strings.HasPrefix(strings.TrimLeft(src[j:], " \t"), "(") {
				word = fn
			} else if module, ok := modules[word]; ok && strings.HasPrefix(src[j:], ".") {
				word = module
			}
		}
		b.WriteString(word)
		i = j
	}
	return b.String()
}

// occurrences are the offsets at which name occurs in src, in order,
// without overlaps.
func occurrences(src, name string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; name != "" && i < len(src); {
			j := strings.Index(src[i:], name)
			if j < 0 || !yield(i+j) {
				return
			}
			i += j + len(name)
		}
	}
}

// pyAssignedOnce is the text after the = of the one assignment a Python
// file makes to a name at the start of a line (cmd = [...]), or after
// the lookup of the environment it starts with (the default); ok is
// false when it makes none or several. cmd += [...] adds words after
// the program: it does not count.
func pyAssignedOnce(src, name string) (value string, ok bool) {
	values := pyAssignments(src, name, 2)
	if len(values) != 1 {
		return "", false
	}
	return values[0], true
}

// pyAssignments are the texts after the = of the assignments a Python
// file makes to a name at the start of a line, each after the lookup of
// the environment it starts with (the default), at most limit of them.
func pyAssignments(src, name string, limit int) []string {
	var out []string
	for at := range occurrences(src, name) {
		i := at + len(name)
		lineStart := strings.LastIndexByte(src[:at], '\n') + 1
		if strings.TrimLeft(src[lineStart:at], " \t") != "" {
			continue // not at the start of a line
		}
		rest := strings.TrimLeft(src[i:], " \t")
		if strings.HasPrefix(rest, "==") || !strings.HasPrefix(rest, "=") {
			continue
		}
		if len(out) == limit {
			break
		}
		found := len(src) - len(rest) + 1
		value := src[found:min(len(src), found+400)]
		if loc := pyEnvLookup().FindStringIndex(value); loc != nil {
			value = value[loc[1]:] // the default: GIT = os.environ.get("GIT", "git")
		}
		out = append(out, value)
	}
	return out
}

// pyFormattedCommands are the command lines an f-string (its text) may
// be once the name it starts with is known: f"{FFMPEG} -i {src} ..."
// or f"{settings.git_bin} pull", each program programs gives the name or
// attribute (ffmpeg = "ffmpeg", then "./ffmpeg" on another system: each
// may run; a Windows path cannot). Other {expressions} are unknown
// words; a name given no string leaves the program unknown too.
func pyFormattedCommands(text string, programs func(ref string) []string) []string {
	ref, rest, ok := strings.Cut(strings.TrimPrefix(text, "{"), "}")
	if !ok || !strings.HasPrefix(text, "{") || !isDotted(ref) {
		return []string{fstringCommand(text)}
	}
	var out []string
	for _, program := range programs(ref) {
		if plainProgram(program) && !windowsName(program) {
			out = append(out, program+fstringCommand(rest))
		}
	}
	if len(out) == 0 {
		return []string{fstringCommand(text)}
	}
	return out
}

// isDotted tells whether s is a name or an attribute of one (settings.git_bin).
func isDotted(s string) bool {
	for part := range strings.SplitSeq(s, ".") {
		if !isIdentifier(part) {
			return false
		}
	}
	return true
}

// plainProgram tells whether a string a name holds can stand as a command
// line's first word as it is: one word, no quotes, nothing the shell
// would expand.
func plainProgram(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\\'\"$`")
}

// pyStringText is the text of the plain string literal value starts with
// (r"..." and u'...' too; not an f-string).
func pyStringText(value string) (string, bool) {
	value = strings.TrimLeft(value[:min(len(value), 1)], "rRuU") + value[min(len(value), 1):]
	if !strings.HasPrefix(value, "'") && !strings.HasPrefix(value, `"`) {
		return "", false
	}
	return jsStringText(value)
}

// pyLoopValues are the elements a Python file's loops over a literal
// list or tuple give a name, as their source text: `for tool in
// ("ffmpeg", "ffprobe"):`, `for cmd in [["git", "pull"], ...]:`, or a
// loop over a name given such a literal once (tools = ["git", "ssh"]).
func pyLoopValues(src, name string) []string {
	if !strings.Contains(src, "for ") {
		return nil
	}
	var out []string
	for _, m := range pyLoop().FindAllStringSubmatchIndex(src, -1) {
		if src[m[2]:m[3]] == name {
			out = append(out, loopElements(src, m[1], submatches(src, m)[2], pyAssignedOnce, "[(")...)
		}
	}
	return unique(out, func(s string) string { return s })
}

// loopElements are the elements, as source text, of what a loop ranges
// over: the literal at src[at:] (opened by one of opens), or, when over
// names one, the literal declaredOnce finds that name given.
func loopElements(src string, at int, over string, declaredOnce func(src, name string) (string, bool), opens string) []string {
	list := src[at:min(len(src), at+2000)]
	if over != "" {
		value, ok := declaredOnce(src, over)
		if !ok {
			return nil
		}
		list = strings.TrimLeft(value, " \t\n")
	}
	if list == "" || strings.IndexByte(opens, list[0]) < 0 {
		return nil
	}
	var out []string
	for _, elt := range splitScriptArgs(list[1:]) {
		if elt = strings.TrimSpace(elt); elt != "" {
			out = append(out, elt)
		}
	}
	return out
}

// pyLoop finds a for loop's one variable and what it ranges over: a
// name, or where a literal starts.
var pyLoop = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^[ \t]*(?:async[ \t]+)?for[ \t]+([A-Za-z_]\w*)[ \t]+in[ \t]+(?:([A-Za-z_]\w*)[ \t]*:)?`)
})

// pyEnvLookup finds a lookup of the environment that a default follows,
// at the start of a value: os.environ.get("GIT", "git"),
// os.getenv("GIT") or "git".
var pyEnvLookup = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*os\.(?:environ\.get|getenv)\s*\(\s*[rbu]?['"][^'"\n]*['"]\s*(?:,\s*|\)\s*or\s+)`)
})

// fstringCommand is an f-string's text with each {expression} made an
// unknown shell word ({{ and }} are braces).
func fstringCommand(text string) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		switch {
		case strings.HasPrefix(text[i:], "{{") || strings.HasPrefix(text[i:], "}}"):
			b.WriteByte(text[i])
			i++
		case text[i] == '{':
			end := strings.IndexByte(text[i:], '}')
			if end < 0 {
				end = len(text) - i - 1
			}
			b.WriteString(`"$v"`)
			i += end
		default:
			b.WriteByte(text[i])
		}
	}
	return b.String()
}

// pyShellAlways tells whether a subprocess function (or asyncio's) always
// runs its command line with the shell.
func pyShellAlways(what string) bool {
	return what == "subprocess.getoutput" || what == "subprocess.getstatusoutput" || what == "asyncio.create_subprocess_shell"
}

// pyPlumbum finds the programs plumbum runs: `from plumbum.cmd import git,
// curl` and local["git"].
var pyPlumbum = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{
		regexp.MustCompile(`(?m)^[ \t]*from[ \t]+plumbum\.cmd[ \t]+import[ \t]+(?:\(([\w\s,]+)\)|([\w \t,]+))`),
		regexp.MustCompile(`\blocal\s*\[\s*[rbu]?['"]([^'"\n]+)['"]\s*\]`),
	}
})

// plumbumPrograms are the programs a Python source runs through plumbum
// (an underscore in an imported name may stand for a dash, or a dot:
// those are left out).
func plumbumPrograms(file, src string) []rewrite.Exec {
	var out []rewrite.Exec
	pat := pyPlumbum()
	for _, m := range pat[0].FindAllStringSubmatch(src, -1) {
		for _, item := range strings.Split(m[1]+m[2], ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(item), " ")
			if name != "" && !strings.Contains(name, "_") {
				out = append(out, rewrite.Exec{Name: name, Why: "plumbum in " + file})
			}
		}
	}
	for _, m := range pat[1].FindAllStringSubmatch(src, -1) {
		out = append(out, rewrite.Exec{Name: m[1], Why: "plumbum in " + file})
	}
	return out
}

// pyWrapper is a function of the context's Python code that hands its
// parameter on to subprocess or os.system (def sh(cmd): return
// subprocess.check_output(cmd, shell=True)): its calls with a literal
// (sh("git describe --tags")) name the programs that run.
type pyWrapper struct {
	name   string
	file   string // where it is defined
	module string // the module that file is (utils for app/utils.py)
	method bool   // its first parameter is self or cls
	// instances finds the names a file gives instances of a method's
	// class (sh = Shell(), self.sh = tools.Shell()); nil when the class
	// is not known.
	instances *regexp.Regexp
	runner    string // what it calls (subprocess.check_output), for messages
	// line says its parameter is a command line (given to a shell, or
	// split into words), not a program or an argument list.
	line bool
	// param is the parameter's name, place its place among a call's
	// arguments (-1 when it comes after *args: only by keyword).
	param string
	place int
	// calls find its calls: bare (in its module, or where imported by
	// name), and through the module or, for a method, an object (self,
	// cls, an instance: the first group); imports finds an import of it
	// by name.
	calls   [2]*regexp.Regexp
	imports *regexp.Regexp
}

// pyClass finds a class's definition.
var pyClass = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^[ \t]*class[ \t]+([A-Za-z_]\w*)`)
})

// pyDef finds a function's definition, with its indentation and
// parameters.
var pyDef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(([^)]*)\)[^:\n]*:`)
})

// pyCommandLine tells whether a runner (what) given a name, maybe split
// first, takes a command line (a shell's, or words split from it) rather
// than a program or an argument list; call is the source text from the
// call on.
func pyCommandLine(what string, split bool, call string) bool {
	return split || strings.HasPrefix(what, "os.") || strings.HasPrefix(what, "pexpect.") || pyShellAlways(what) || shellTrue(call)
}

// pyWrappers are the wrappers a Python source defines.
func pyWrappers(file, src string) []pyWrapper {
	var out []pyWrapper
	// The definitions, read once, on the first call that needs them.
	defs := sync.OnceValue(func() [][]int { return pyDef().FindAllStringSubmatchIndex(src, -1) })
	seen := map[string]bool{}
	// The runners' calls given a name (pyPatterns' fourth).
	for _, c := range pyPatterns()[3].FindAllStringSubmatchIndex(src, -1) {
		cm := submatches(src, c)
		// The function the call is in: a definition not far before it
		// that takes the name and whose body holds the call.
		for i := range definitionsBefore(defs(), c[0]) {
			m := submatches(src, defs()[i])
			indent, name, params := m[1], m[2], strings.Split(m[3], ",")
			w := pyWrapper{name: name, file: file, module: strings.TrimSuffix(path.Base(file), ".py"), param: cm[3], place: -1}
			if first := pyParamName(params[0]); (first == "self" || first == "cls") && len(params) > 1 {
				w.method, params = true, params[1:]
			}
			found, keywordOnly := false, false
			for k, p := range params {
				if pyParamName(p) == w.param && !strings.HasPrefix(strings.TrimSpace(p), "**") {
					found = true
					if !keywordOnly {
						w.place = k
					}
					break
				}
				keywordOnly = keywordOnly || strings.HasPrefix(strings.TrimSpace(p), "*")
			}
			if !found || defs()[i][1]+len(pyBody(src[defs()[i][1]:], len(indent))) <= c[0] {
				continue
			}
			if !seen[name] {
				seen[name] = true
				w.runner = cm[1]
				w.line = pyCommandLine(cm[1], cm[2]+cm[4] != "", src[c[0]:])
				through := `\b` + regexp.QuoteMeta(w.module) + `\.`
				if w.method {
					// self.sh(...), cls.sh(...), or on an instance.
					through = `\b([A-Za-z_]\w*)\s*\.\s*`
					if cl := pyClass().FindAllStringSubmatch(src[:defs()[i][0]], -1); cl != nil {
						class := regexp.QuoteMeta(cl[len(cl)-1][1])
						w.instances = regexp.MustCompile(`(?m)(?:^[ \t]*|\bself\.)([A-Za-z_]\w*)\s*=\s*(?:[A-Za-z_]\w*\.)?` + class + `\s*\(`)
					}
				}
				w.calls = [2]*regexp.Regexp{regexp.MustCompile(`(?:^|[^\w.])` + name + `\s*\(`), regexp.MustCompile(through + name + `\s*\(`)}
				w.imports = regexp.MustCompile(`(?m)^[ \t]*from[ \t]+\S+[ \t]+import[ \t][^\n#]*\b` + name + `\b`)
				out = append(out, w)
			}
			break
		}
	}
	return out
}

// arg is the argument a call gives the wrapper's parameter, given the
// text after the call's opening parenthesis: by keyword (cmd="git pull")
// or at its place.
func (w pyWrapper) arg(rest string) string {
	args := splitScriptArgs(rest)
	for _, a := range args {
		if k, v, ok := strings.Cut(a, "="); ok && strings.TrimSpace(k) == w.param && !strings.HasPrefix(v, "=") {
			return v
		}
	}
	if w.place < 0 || w.place >= len(args) || pyKeywordArg().MatchString(args[w.place]) {
		return ""
	}
	return args[w.place]
}

// pyKeywordArg finds an argument given by keyword.
var pyKeywordArg = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*[A-Za-z_]\w*\s*=[^=]`)
})

// pyLiteralArg finds an argument that is a string literal, or a list
// that starts with one.
var pyLiteralArg = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(\[\s*)?([rRbBuUfF]{0,2})['"]([^'"\n]+)['"]`)
})

// pyParamName is a parameter's name, without its stars, annotation and
// default.
func pyParamName(param string) string {
	param, _, _ = strings.Cut(param, "=")
	param, _, _ = strings.Cut(param, ":")
	return strings.TrimLeft(strings.TrimSpace(param), "*")
}

// pyBody is the body of a definition, given the text after its colon and
// the definition's indentation: the lines indented deeper, at most
// maxWrapperBody bytes of them.
func pyBody(rest string, indent int) string {
	rest = rest[:min(len(rest), maxWrapperBody)]
	end := strings.IndexByte(rest, '\n')
	if end < 0 {
		return rest
	}
	for end+1 < len(rest) {
		next := strings.IndexByte(rest[end+1:], '\n')
		line := rest[end+1:]
		if next >= 0 {
			line = line[:next]
		}
		if trimmed := strings.TrimLeft(line, " \t"); trimmed != "" && !strings.HasPrefix(trimmed, "#") && len(line)-len(trimmed) <= indent {
			break
		}
		if next < 0 {
			return rest
		}
		end += 1 + next
	}
	return rest[:end]
}

// programs are the programs a Python source runs through the wrapper:
// in its own module, or in one that imports it by name (from utils
// import sh) or calls it through its module (utils.sh(...)).
func (w pyWrapper) programs(file, src string) []rewrite.Exec {
	if !strings.Contains(src, w.name) {
		return nil
	}
	call := w.calls[0]   // bare
	var objects []string // a method's: self and cls in its file, instances of its class
	if w.method {
		if file == w.file {
			objects = append(objects, "self", "cls")
		}
		if w.instances != nil {
			for _, m := range w.instances.FindAllStringSubmatch(src, -1) {
				objects = append(objects, m[1])
			}
		}
		if len(objects) == 0 {
			return nil
		}
	}
	if w.method || file != w.file && !w.imports.MatchString(src) {
		call = w.calls[1] // through an object, or the module
	}
	why := w.name + " in " + file + ", which runs it with " + w.runner
	var out []rewrite.Exec
	for _, at := range call.FindAllStringSubmatchIndex(src, -1) {
		if w.method && !slices.Contains(objects, src[at[2]:at[3]]) {
			continue // a method of something else
		}
		m := pyLiteralArg().FindStringSubmatch(w.arg(src[at[1]:min(len(src), at[1]+2000)]))
		if m == nil {
			continue
		}
		text := m[3]
		if strings.ContainsAny(m[2], "fF") {
			text = fstringCommand(text)
		}
		switch {
		case w.line && m[1] == "":
			out = append(out, shellPrograms(text, why)...)
		case !w.line && !strings.ContainsAny(text, " \t$"):
			// A program's name, alone or first in its list.
			out = append(out, rewrite.Exec{Name: text, Why: why})
		}
	}
	return out
}

// pyFieldDefault finds a class field's string default: a pydantic
// setting or a dataclass field (ffmpeg_path: str = "ffmpeg", git: str =
// Field(default="git"), ffmpeg: Annotated[str, Field(default="ffmpeg")]).
var pyFieldDefault = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^[ \t]+([A-Za-z_]\w*)[ \t]*:[ \t]*(?:[^=\n]*=[ \t]*(?:[Ff]ield[ \t]*\([ \t]*(?:default[ \t]*=[ \t]*)?)?|Annotated\[[^\n]*?[Ff]ield[ \t]*\([ \t]*(?:default[ \t]*=[ \t]*)?)([rRuU]?['"])`)
})

// pyAttributeDefaults are the strings a Python program's sources give an
// attribute by default, by its name: the default of an argparse option
// (add_argument("--ffmpeg-bin", default="ffmpeg") gives args.ffmpeg_bin)
// and of a settings or dataclass field. A command list that starts with
// args.ffmpeg_bin or settings.git_path runs one of them unless the
// operator says otherwise. (pyFacts adds the assignments to the name,
// a module's or class's GIT = "git", when a call needs them.)
func pyAttributeDefaults(sources []sourceFile) map[string][]string {
	out := map[string][]string{}
	add := func(name, value string) {
		if text, ok := pyStringText(value); ok && plainProgram(text) && !slices.Contains(out[name], text) {
			out[name] = append(out[name], text)
		}
	}
	for _, s := range sources {
		for at := range occurrences(s.src, "add_argument(") {
			var flags []string
			var dest, value string
			for _, arg := range splitScriptArgs(s.src[at+len("add_argument(") : min(len(s.src), at+2000)]) {
				arg = strings.TrimSpace(arg)
				if flag, ok := pyStringText(arg); ok {
					flags = append(flags, flag)
					continue
				}
				switch key, v, _ := strings.Cut(arg, "="); strings.TrimSpace(key) {
				case "default":
					value = strings.TrimSpace(v)
				case "dest":
					dest, _ = pyStringText(strings.TrimSpace(v))
				}
			}
			// The attribute: dest, else the first long option, else the first.
			if i := slices.IndexFunc(flags, func(f string) bool { return strings.HasPrefix(f, "--") }); dest == "" && i >= 0 {
				dest = flags[i]
			}
			if dest == "" && len(flags) > 0 {
				dest = flags[0]
			}
			if dest != "" && value != "" {
				add(strings.ReplaceAll(strings.TrimLeft(dest, "-"), "-", "_"), value)
			}
		}
		for _, m := range pyFieldDefault().FindAllStringSubmatchIndex(s.src, -1) {
			add(s.src[m[2]:m[3]], s.src[m[4]:min(len(s.src), m[4]+400)])
		}
	}
	return out
}
