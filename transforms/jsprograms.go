package transforms

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// The programs JavaScript code runs through a command line it builds:
// template literals, execa's and zx's $, names declared once,
// child_process's functions under other names, and functions of its own
// that hand their parameter on to child_process (function sh(cmd)).

// jsTemplateTag finds the tagged templates that run a command line:
// execa's and zx's $ with a template after it, maybe given options first
// ($({cwd})), $.sync and zx's $$, Bun's $, and a $ bound to options under a
// name of its own (git$).
var jsTemplateTag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile("(?:^|[^\\w$.])([\\w$]*\\$(?:\\.sync|sync)?)\\s*(?:\\([^()`]*\\))?\\s*`")
})

// templateCommand is a template literal's text from just after its
// opening backquote, each ${...} made an unknown shell word; ok is false
// when the template does not end.
func templateCommand(src string) (cmd string, ok bool) {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\' && i+1 < len(src):
			b.WriteByte(src[i+1])
			i++
		case c == '`':
			return b.String(), true
		case c == '$' && strings.HasPrefix(src[i:], "${"):
			depth := 0
			for i++; i < len(src); i++ {
				if src[i] == '{' {
					depth++
				} else if src[i] == '}' {
					if depth--; depth == 0 {
						break
					}
				}
			}
			b.WriteString(`"$v"`)
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

// jsTemplateCommands are templateCommand of a template (text from just
// after its backquote) in the file src, with the ${NAME} it starts with
// known where the file declares NAME once as a plain string (const GIT =
// process.env.GIT_BIN || "git"; exec(`${GIT} pull`)), or ${obj.name}
// each string properties gives the property (exec(`${config.gitBin}
// pull`)); ok is false when the template cannot be read.
func jsTemplateCommands(src, text string, properties func(name string) []string) (cmds []string, ok bool) {
	if head, rest, found := strings.Cut(strings.TrimPrefix(text, "${"), "}"); found && strings.HasPrefix(text, "${") {
		var programs []string
		switch name := strings.ReplaceAll(head, "$", "_"); {
		case isIdentifier(name):
			if value, declared := jsDeclaredOnce(src, head); declared {
				if program, plain := jsStringText(strings.TrimLeft(value, " \t")); plain && !strings.HasPrefix(strings.TrimLeft(value, " \t"), "`") {
					programs = []string{program}
				}
			}
		case isDotted(name) && properties != nil:
			programs = properties(head[strings.LastIndexByte(head, '.')+1:])
		}
		for _, program := range programs {
			if cmd, ok := templateCommand(program + rest); ok && plainProgram(program) {
				cmds = append(cmds, cmd)
			}
		}
		if len(cmds) > 0 {
			return cmds, true
		}
	}
	cmd, ok := templateCommand(text)
	return []string{cmd}, ok
}

// jsPromisified finds child_process's exec and execFile given a name of
// their own as promises: const execAsync = promisify(exec),
// util.promisify(require("child_process").execFile).
var jsPromisified = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:util\.)?promisify\s*\(\s*(?:require\s*\(\s*['"](?:node:)?child_process['"]\s*\)\s*\.|[A-Za-z_$][\w$]*\.)?(exec|execFile)\s*\)`)
})

// jsUnpromisify writes the calls of a file's promisified exec and
// execFile (await execAsync("git pull")) as theirs (exec("git pull")),
// for the patterns.
func jsUnpromisify(src string) string {
	if !strings.Contains(src, "promisify") {
		return src
	}
	for _, m := range jsPromisified().FindAllStringSubmatch(src, -1) {
		if m[1] == m[2] {
			continue
		}
		call := regexp.MustCompile(`(^|[^\w$.])` + regexp.QuoteMeta(m[1]) + `(\s*\()`)
		src = call.ReplaceAllString(src, "${1}"+m[2]+"${2}")
	}
	return src
}

// jsAliases find child_process's functions imported under another name:
// import { exec as execCb } from "node:child_process",
// const { execSync: run } = require("child_process").
var jsAliases = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{
		regexp.MustCompile(`\bimport\s*\{([^}]*)\}\s*from\s*['"](?:node:)?child_process['"]`),
		regexp.MustCompile(`\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\s*\(\s*['"](?:node:)?child_process['"]\s*\)`),
	}
})

// jsUnalias writes the calls of child_process's functions a file imports
// under another name (execCb("git pull")) as theirs (exec("git pull")),
// for the patterns.
func jsUnalias(src string) string {
	if !strings.Contains(src, "child_process") {
		return src
	}
	for i, pat := range jsAliases() {
		sep := " as "
		if i == 1 {
			sep = ":"
		}
		for _, m := range pat.FindAllStringSubmatch(src, -1) {
			for _, item := range strings.Split(m[1], ",") {
				fn, alias, ok := strings.Cut(item, sep)
				fn, alias = strings.TrimSpace(fn), strings.TrimSpace(alias)
				if !ok || fn == alias || !jsRunnerFuncs.Has(fn) || alias == "" {
					continue
				}
				call := regexp.MustCompile(`(^|[^\w$.])` + regexp.QuoteMeta(alias) + `(\s*\()`)
				src = call.ReplaceAllString(src, "${1}"+fn+"${2}")
			}
		}
	}
	return src
}

// jsRunnerFuncs are child_process's functions that run a program.
var jsRunnerFuncs = rewrite.WordSet(`exec execSync spawn spawnSync execFile execFileSync`)

// jsCommandLine tells whether a child_process or execa function takes a
// command line (exec, execSync, execaCommand) rather than a program.
func jsCommandLine(fn string) bool {
	return strings.HasPrefix(fn, "exec") && !strings.HasPrefix(fn, "execFile") && fn != "execa" && fn != "execaSync"
}

// jsRunnerName is a child_process or execa function's name in messages:
// child_process.execSync, execa.
func jsRunnerName(fn string) string {
	if strings.HasPrefix(fn, "execa") {
		return fn
	}
	return "child_process." + fn
}

// jsRunnerAt is a call of child_process's and execa's functions that run
// a program, up to its first argument; the function is the first group.
const jsRunnerAt = `\b(exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|execaCommand|execaCommandSync)\s*\(\s*`

// jsNamedCall finds the child_process and execa calls given a name
// (const cmd = `git log ${ref}`; execSync(cmd)), or the first element
// of one (spawn(argv[0], argv.slice(1))).
var jsNamedCall = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(jsRunnerAt + `([A-Za-z_$][\w$]*)(\s*\[\s*0\s*\])?\s*[,)]`)
})

// jsLoop finds a for-of loop's variable, or the first one it
// destructures (for (const [cmd, ...args] of steps)), and what it
// ranges over: a name, or where a literal starts.
var jsLoop = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\bfor\s*\(\s*(?:const|let|var)\s+(?:([A-Za-z_$][\w$]*)|\[\s*([A-Za-z_$][\w$]*)[^\]\n]*\])\s+of\s+(?:([A-Za-z_$][\w$]*)\s*\))?`)
})

// jsLoopValues are the elements a JavaScript file's for-of loops over a
// literal array (or a name declared once as one) give a name, as their
// source text: for (const tool of ["git", "ssh"]). A name destructured
// first takes each element's first element (for (const [cmd, ...args]
// of [["git", "pull"]])).
func jsLoopValues(src, name string) []string {
	if !strings.Contains(src, "for") {
		return nil
	}
	var out []string
	for _, m := range jsLoop().FindAllStringSubmatchIndex(src, -1) {
		first := m[4] >= 0
		if first && src[m[4]:m[5]] != name || !first && src[m[2]:m[3]] != name {
			continue
		}
		for _, elt := range loopElements(src, m[1], submatches(src, m)[3], jsDeclaredOnce, "[") {
			if first {
				elt = jsFirstElement(elt)
			}
			if elt != "" {
				out = append(out, elt)
			}
		}
	}
	return unique(out, func(s string) string { return s })
}

// jsFirstElement is the source text of an array literal's first element,
// or "".
func jsFirstElement(value string) string {
	if !strings.HasPrefix(value, "[") {
		return ""
	}
	return strings.TrimSpace(splitScriptArgs(value[1:])[0])
}

// jsDeclaredOnce is the text after the = of the one declaration of a
// name in a JavaScript file (const cmd = ...), or after the lookup of the
// environment it starts with (the default); ok is false when there is
// none, or several, or the name is assigned again (cmd += " -v" adds
// words after the program: it does not count).
func jsDeclaredOnce(src, name string) (value string, ok bool) {
	value, count := jsDeclared(src, name)
	return value, count == 1
}

// jsDeclared is the text after the = of the last declaration of a name
// in a JavaScript file (or after the environment lookup it starts with),
// and how many declarations there are; count is -1 when the name is
// assigned again with an operator (cmd ??= ...).
func jsDeclared(src, name string) (value string, count int) {
	found := -1
	for at := range occurrences(src, name) {
		i := at + len(name)
		if at > 0 && isJSNameByte(src[at-1]) || i < len(src) && isJSNameByte(src[i]) {
			continue
		}
		rest := strings.TrimLeft(src[i:], " \t")
		if !strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "==") || strings.HasPrefix(rest, "=>") {
			for _, op := range []string{"-=", "*=", "/=", "|=", "&=", "||=", "&&=", "??="} {
				if strings.HasPrefix(rest, op) {
					return "", -1 // assigned again: cmd ??= ...
				}
			}
			continue
		}
		before := strings.TrimRight(src[:at], " \t")
		if !strings.HasSuffix(before, "const") && !strings.HasSuffix(before, "let") && !strings.HasSuffix(before, "var") {
			return "", -1 // assigned again: cmd = ...
		}
		found = len(src) - len(rest) + 1
		count++
	}
	if found < 0 {
		return "", 0
	}
	value = src[found:min(len(src), found+400)]
	if loc := jsEnvLookup().FindStringIndex(value); loc != nil {
		value = value[loc[1]:] // the default: process.env.GIT || "git"
	}
	return value, count
}

// jsEnvLookup finds a lookup of the environment that a default follows,
// at the start of a value: process.env.GIT || "git",
// process.env["GIT"] ?? "git".
var jsEnvLookup = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*process\.env(?:\.[A-Za-z_$][\w$]*|\[\s*['"][^'"\n]*['"]\s*\])\s*(?:\|\||\?\?)\s*`)
})

// jsNamedPrograms are the programs a JavaScript file's child_process and
// execa calls run through a name it declares once (a template's head
// resolved by properties, as a call's is).
func jsNamedPrograms(p, src string, properties func(name string) []string) []rewrite.Exec {
	var out []rewrite.Exec
	valuesOf := onceEach(func(name string) []string {
		if value, ok := jsDeclaredOnce(src, name); ok {
			return []string{value}
		}
		return jsLoopValues(src, name)
	})
	for _, at := range jsNamedCall().FindAllStringSubmatchIndex(src, -1) {
		fn, name := src[at[2]:at[3]], src[at[4]:at[5]]
		if otherMethod(src, at[2]) {
			continue // re.exec(line), a method of something else
		}
		why := jsRunnerName(fn) + " in " + p + " (" + name + ")"
		values := valuesOf(name)
		if value, count := jsDeclared(src[:at[0]], name); len(values) == 0 && count > 0 {
			values = []string{value} // const args = [...] in each function: the one above the call
		}
		for _, value := range values {
			var args []string
			if value = strings.TrimLeft(value, " \t\n"); at[6] >= 0 {
				if words := scriptWords(value[min(len(value), 1):], false); len(words) > 1 {
					args = words[1:] // argv.slice(1), when they matter: timeout 30 git
				}
				value = jsFirstElement(value) // argv[0]
			}
			text, ok := jsStringText(value)
			texts := []string{text}
			if rest, template := strings.CutPrefix(value, "`"); template {
				// const cmd = `${settings.gitBin} pull`: its head as a call's
				texts, ok = jsTemplateCommands(src, rest, properties)
			}
			for _, text := range texts {
				switch {
				case !ok:
				case jsCommandLine(fn):
					out = append(out, shellPrograms(text, why)...)
				case text != "" && !strings.ContainsAny(text, " \t$"):
					out = append(out, rewrite.Exec{Name: text, Args: args, Why: why})
				}
			}
		}
	}
	return out
}

// jsStringText is the text of the string or template literal value
// starts with, each ${...} of a template an unknown shell word.
func jsStringText(value string) (string, bool) {
	switch {
	case strings.HasPrefix(value, "`"):
		return templateCommand(value[1:])
	case strings.HasPrefix(value, "'") || strings.HasPrefix(value, `"`):
		end := strings.IndexAny(value[1:], value[:1]+"\n")
		if end < 0 || value[1+end] != value[0] {
			return "", false
		}
		return value[1 : 1+end], true
	}
	return "", false
}

// jsModuleName finds the names a file gives the child_process module or
// ShellJS: const cp = require("child_process"), import * as child from
// "node:child_process", import sh from "shelljs".
var jsModuleName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(\s*|\bimport\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s+)['"](?:node:child_process|child_process|shelljs)['"]`)
})

// childProcessObject tells whether text ends with a name the file src
// gives the child_process module or ShellJS (cp.spawn, shell.exec,
// require("child_process").execSync): an exec that is the method of
// anything else (db.exec, re.exec) is not theirs.
func childProcessObject(src, text string) bool {
	for _, module := range []string{"child_process", "node:child_process", "shelljs"} {
		for _, q := range []string{`"`, "'"} {
			if strings.HasSuffix(text, "require("+q+module+q+")") {
				return true
			}
		}
	}
	i := len(text)
	for i > 0 && isJSNameByte(text[i-1]) {
		i--
	}
	switch name := text[i:]; name {
	case "":
		return false
	case "child_process", "childProcess", "cp", "shell":
		// (shell: ShellJS's shell.exec runs a command line)
		return true
	default:
		for _, m := range jsModuleName().FindAllStringSubmatch(src, -1) {
			if m[1]+m[2] == name {
				return true
			}
		}
	}
	return false
}

func isJSNameByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// jsWrapper is a function of the context's JavaScript code that hands
// its parameter on to child_process or execa (function sh(cmd) { return
// execSync(cmd).toString() }): its calls with a literal
// (sh("git rev-parse HEAD")) name the programs that run.
type jsWrapper struct {
	name   string
	file   string // where it is defined
	runner string // what it calls (child_process.execSync), for messages
	// class is the class whose method it is (called as this.name(...),
	// or on an instance: const sh = new Shell(); sh.name(...)); "this"
	// for a method of no class declared before it (an object literal's),
	// called only as this.name(...); "" for a function.
	class string
	// line says its parameter is a command line, not a program.
	line bool
	// place is the parameter's place among a call's arguments.
	place int
	// call finds its calls; a method's with the object before the dot.
	call *regexp.Regexp
}

// jsWrapperDef finds the definitions of functions with their
// parameters: function sh(cmd), const run = (bin, args) =>, const sh =
// async cmd =>, const sh = function (cmd), and a class's method
// (  async sh(cmd) {).
var jsWrapperDef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)(?:\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(([^()]*)\)|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:function\s*\(([^()]*)\)|\(([^()]*)\)\s*=>|([A-Za-z_$][\w$]*)\s*=>)|^[ \t]+(?:async[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*\(([^()]*)\)[ \t]*\{)`)
})

// jsClass finds a class's declaration.
var jsClass = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\bclass\s+([A-Za-z_$][\w$]*)`)
})

// jsKeywords are the words a method's pattern matches that start a
// statement instead (if (x) {).
var jsKeywords = rewrite.WordSet(`if for while switch catch with function return`)

// jsWrappers are the wrappers a JavaScript source defines.
func jsWrappers(file, src string) []jsWrapper {
	var out []jsWrapper
	// The definitions, read once, on the first call that needs them.
	defs := sync.OnceValue(func() [][]int { return jsWrapperDef().FindAllStringSubmatchIndex(src, -1) })
	seen := map[string]bool{}
	for _, c := range jsNamedCall().FindAllStringSubmatchIndex(src, -1) {
		fn, arg := src[c[2]:c[3]], src[c[4]:c[5]]
		if obj, method := strings.CutSuffix(strings.TrimRight(src[:c[2]], " \t"), "."); method && !childProcessObject(src, obj) {
			continue
		}
		// The function the call is in: a definition not far before it
		// that takes arg and whose body holds the call.
		for i := range definitionsBefore(defs(), c[0]) {
			m := submatches(src, defs()[i])
			w := jsWrapper{name: m[1] + m[3] + m[7], file: file, place: -1}
			method := m[7] != ""
			for k, p := range splitScriptArgs(m[2] + m[4] + m[5] + m[6] + m[8]) {
				p, _, _ = strings.Cut(p, "=")
				if strings.TrimPrefix(strings.TrimSpace(p), "...") == arg {
					w.place = k
				}
			}
			if w.place < 0 || jsKeywords.Has(w.name) {
				continue
			}
			start := defs()[i][1]
			if method {
				start-- // from the brace that opens its body
				w.class = "this"
				if cm := jsClass().FindAllStringSubmatch(src[:defs()[i][0]], -1); cm != nil {
					w.class = cm[len(cm)-1][1]
				}
			}
			if start+jsBodyLength(src[start:]) <= c[0] {
				continue // the call comes after its body
			}
			if !seen[w.name] {
				seen[w.name] = true
				w.runner = jsRunnerName(fn)
				w.line = jsCommandLine(fn)
				prefix := `(?:^|[^\w$.])()`
				if method {
					prefix = `\b([A-Za-z_$][\w$]*)\s*\.\s*`
				}
				w.call = regexp.MustCompile(prefix + regexp.QuoteMeta(w.name) + `\s*\(`)
				out = append(out, w)
			}
			break
		}
	}
	return out
}

// jsBodyLength is how far a function's body reaches in the text after its
// parameters: to the brace that closes the first block opened, or to the
// end of the line for an arrow's expression; at most maxWrapperBody
// bytes (a bundle's braces in strings must not make each of its
// functions reach to its end).
func jsBodyLength(rest string) int {
	rest = rest[:min(len(rest), maxWrapperBody)]
	open := strings.IndexAny(rest, "{\n")
	switch {
	case open < 0:
		return len(rest)
	case rest[open] == '\n' && strings.TrimSpace(rest[:open]) != "":
		return open // an arrow's expression, to the end of its line
	}
	depth := 0
	for i := open; i < len(rest); i++ {
		switch rest[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(rest)
}

// programs are the programs a JavaScript source runs through the
// wrapper: in its own file, or in a file that imports it by name
// (const { sh } = require("./shell"), import { sh } from "./shell").
func (w jsWrapper) programs(file, src string) []rewrite.Exec {
	if !strings.Contains(src, w.name) {
		return nil
	}
	if file != w.file && (w.class == "" && !jsImportsName(src, w.name) || w.class != "" && !jsImportsName(src, w.class)) {
		return nil
	}
	var objects []string // a method's: this in its file, instances of its class
	if w.class != "" {
		if file == w.file {
			objects = append(objects, "this")
		}
		for _, m := range jsInstance().FindAllStringSubmatch(src, -1) {
			if m[2] == w.class {
				objects = append(objects, m[1])
			}
		}
	}
	why := w.name + " in " + file + ", which runs it with " + w.runner
	var out []rewrite.Exec
	for _, at := range w.call.FindAllStringSubmatchIndex(src, -1) {
		if w.class != "" && !slices.Contains(objects, src[at[2]:at[3]]) {
			continue // a method of something else: db.exec(sql)
		}
		args := splitScriptArgs(src[at[1]:min(len(src), at[1]+2000)])
		if w.place >= len(args) {
			continue
		}
		arg := strings.TrimSpace(args[w.place])
		text, ok := jsStringText(arg)
		if !ok {
			continue
		}
		template := strings.HasPrefix(arg, "`")
		switch {
		case w.line:
			out = append(out, shellPrograms(text, why)...)
		case template:
			if words := shellPrograms(text, why); len(words) > 0 {
				out = append(out, rewrite.Exec{Name: words[0].Name, Why: why})
			}
		case text != "" && !strings.ContainsAny(text, " \t$"):
			out = append(out, rewrite.Exec{Name: text, Why: why})
		}
	}
	return out
}

// jsInstance finds an instance of a class given a name: const sh = new
// Shell(), this.sh = new Shell(), a class field sh = new Shell().
var jsInstance = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)(?:\b(?:const|let|var)\s+|\bthis\.|^[ \t]*)([A-Za-z_$][\w$]*)\s*=\s*new\s+([A-Za-z_$][\w$]*)\s*\(`)
})

// jsImportsName tells whether a source imports a name (on the line of a
// require or an import: const { sh } = require("./shell"), import { sh }
// from "./shell").
func jsImportsName(src, name string) bool {
	for at := range occurrences(src, name) {
		if at > 0 && isJSNameByte(src[at-1]) || at+len(name) < len(src) && isJSNameByte(src[at+len(name)]) {
			continue
		}
		start := strings.LastIndexByte(src[:at], '\n') + 1
		end := strings.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src) - at
		}
		if line := src[start : at+end]; strings.Contains(line, "require(") || strings.HasPrefix(strings.TrimSpace(line), "import ") {
			return true
		}
		// a list over several lines: import {\n  sh,\n} from "./shell"
		if jsImportListEnd().MatchString(src[at+len(name) : min(len(src), at+len(name)+300)]) {
			return true
		}
	}
	return false
}

// jsImportListEnd finds the end of an import's (or a require's) list of
// names, from just after one of them.
var jsImportListEnd = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[\w$,:\s]*\}\s*(?:from\s|=\s*require\s*\()`)
})

// otherMethod tells whether the call of a child_process function's name
// at fn is a method of an object other than child_process (re.exec,
// db.exec): then it runs no program.
func otherMethod(src string, fn int) bool {
	obj, method := strings.CutSuffix(strings.TrimRight(src[:fn], " \t"), ".")
	return method && !childProcessObject(src, obj)
}

// jsPropertyCall finds the child_process and execa calls whose program
// is a property (spawn(config.git, [...]), execFile(opts.convert, ...)):
// the function, the property path and its last name.
var jsPropertyCall = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(jsRunnerAt + `((?:[A-Za-z_$][\w$]*\s*\.\s*)+([A-Za-z_$][\w$]*))\s*[,)]`)
})

// jsEnvCall finds the child_process and execa calls whose program is the
// environment's with a default: spawn(process.env.GIT_BIN || "git", ...),
// execFile(process.env["FFMPEG"] ?? "ffmpeg", ...).
var jsEnvCall = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(jsRunnerAt + `process\.env(?:\.[A-Za-z_$][\w$]*|\[\s*['"][^'"\n]*['"]\s*\])\s*(?:\|\||\?\?)\s*(?:'([^'\n]*)'|"([^"\n]*)")`)
})

// jsPropertyValues are the strings JavaScript sources give a property by
// name, in object literals (git: "git", "convert": process.env.CONVERT
// || "convert") and as an exported constant (export const git = "git",
// read through import * as config): what spawn(config.git, ...) may run.
func jsPropertyValues(sources []sourceFile, name string) []string {
	literal := regexp.MustCompile(`(?:^|[{,\s])["']?` + regexp.QuoteMeta(name) + `["']?\s*:\s*`)
	var out []string
	add := func(value string) {
		if loc := jsEnvLookup().FindStringIndex(value); loc != nil {
			value = value[loc[1]:] // the default: process.env.GIT || "git"
		}
		if text, ok := jsStringText(strings.TrimLeft(value, " \t\n")); ok && plainProgram(text) && !slices.Contains(out, text) {
			out = append(out, text)
		}
	}
	for _, s := range sources {
		if !strings.Contains(s.src, name) {
			continue
		}
		for _, loc := range literal.FindAllStringIndex(s.src, -1) {
			add(s.src[loc[1]:min(len(s.src), loc[1]+400)])
		}
		if value, ok := jsDeclaredOnce(s.src, name); ok {
			add(value)
		}
	}
	return out
}

// jsPropertyPrograms are the programs a JavaScript file's calls run
// through a property, each string the sources give it (values), or
// through the environment, by its default.
func jsPropertyPrograms(p, src string, values func(name string) []string) []rewrite.Exec {
	var out []rewrite.Exec
	for _, at := range jsEnvCall().FindAllStringSubmatchIndex(src, -1) {
		m := submatches(src, at)
		if otherMethod(src, at[2]) {
			continue
		}
		why := jsRunnerName(m[1]) + " in " + p + " (the environment's, by default)"
		if text := m[2] + m[3]; jsCommandLine(m[1]) {
			out = append(out, shellPrograms(text, why)...)
		} else if plainProgram(text) {
			out = append(out, rewrite.Exec{Name: text, Why: why})
		}
	}
	for _, at := range jsPropertyCall().FindAllStringSubmatchIndex(src, -1) {
		m := submatches(src, at)
		fn, property := m[1], strings.Join(strings.Fields(m[2]), "")
		if otherMethod(src, at[2]) {
			continue // cache.exec(opts.line), a method of something else
		}
		why := jsRunnerName(fn) + " in " + p + " (" + property + ", by default)"
		for _, text := range values(m[3]) {
			if jsCommandLine(fn) {
				out = append(out, shellPrograms(text, why)...)
			} else {
				out = append(out, rewrite.Exec{Name: text, Why: why})
			}
		}
	}
	return out
}
