package transforms

import (
	"regexp"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// The programs JavaScript code runs through a command line it builds:
// template literals, execa's and zx's $, and names declared once.

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

// jsNamedCall finds the child_process and execa calls given a name
// (const cmd = `git log ${ref}`; execSync(cmd)).
var jsNamedCall = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|execaCommand|execaCommandSync)\s*\(\s*([A-Za-z_$][\w$]*)\s*[,)]`)
})

// jsDeclaredOnce is the text after the = of the one declaration of a
// name in a JavaScript file (const cmd = ...); ok is false when there is
// none, or several, or the name is assigned again.
func jsDeclaredOnce(src, name string) (value string, ok bool) {
	found := -1
	for at := range occurrences(src, name) {
		i := at + len(name)
		if at > 0 && isJSNameByte(src[at-1]) || i < len(src) && isJSNameByte(src[i]) {
			continue
		}
		rest := strings.TrimLeft(src[i:], " \t")
		if !strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "==") || strings.HasPrefix(rest, "=>") {
			if len(rest) > 1 && strings.Contains("+-*/|&?", rest[:1]) && rest[1] == '=' {
				return "", false // cmd += ...
			}
			continue
		}
		before := strings.TrimRight(src[:at], " \t")
		if !strings.HasSuffix(before, "const") && !strings.HasSuffix(before, "let") && !strings.HasSuffix(before, "var") || found >= 0 {
			return "", false // assigned again, or declared twice
		}
		found = len(src) - len(rest) + 1
	}
	if found < 0 {
		return "", false
	}
	return src[found:min(len(src), found+400)], true
}

// jsNamedPrograms are the programs a JavaScript file's child_process and
// execa calls run through a name it declares once.
func jsNamedPrograms(p, src string) []rewrite.Exec {
	var out []rewrite.Exec
	for _, at := range jsNamedCall().FindAllStringSubmatchIndex(src, -1) {
		fn, name := src[at[2]:at[3]], src[at[4]:at[5]]
		if obj, method := strings.CutSuffix(strings.TrimRight(src[:at[2]], " \t"), "."); method && !childProcessObject(src, obj) {
			continue // re.exec(line), a method of something else
		}
		value, ok := jsDeclaredOnce(src, name)
		if !ok {
			continue
		}
		value = strings.TrimLeft(value, " \t\n")
		var text string
		switch {
		case strings.HasPrefix(value, "`"):
			if text, ok = templateCommand(value[1:]); !ok {
				continue
			}
		case strings.HasPrefix(value, "'") || strings.HasPrefix(value, `"`):
			end := strings.IndexAny(value[1:], value[:1]+"\n")
			if end < 0 || value[1+end] != value[0] {
				continue
			}
			text = value[1 : 1+end]
		default:
			continue
		}
		why := fn + " in " + p + " (" + name + ")"
		if !strings.HasPrefix(fn, "execa") {
			why = "child_process." + why
		}
		if strings.HasPrefix(fn, "exec") && !strings.HasPrefix(fn, "execFile") && fn != "execa" && fn != "execaSync" {
			out = append(out, shellPrograms(text, why)...)
		} else if text != "" && !strings.ContainsAny(text, " \t$") {
			out = append(out, rewrite.Exec{Name: text, Why: why})
		}
	}
	return out
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
