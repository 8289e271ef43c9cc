package transforms

import (
	"cmp"
	"iter"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// The programs Rust, Java, Kotlin and C# code starts through a function
// of its own that takes the program (fn run(cmd: &str, args: &[&str])
// over Command::new(cmd), String exec(String... cmd) over new
// ProcessBuilder(cmd)) or a shell's script (String sh(String script) over
// new ProcessBuilder("sh", "-c", script)): its calls with a literal name
// the program, or give the script.

// compiledWrapperPatterns are, per language (as compiledPrograms names
// them, and ".cs"): a runner's call given a parameter's name as the
// program (in one of its groups); a function's definition with its name
// and parameters; and a shell's call given a parameter's name as its
// script (nil for none).
var compiledWrapperPatterns = sync.OnceValue(func() map[string][3]*regexp.Regexp {
	return map[string][3]*regexp.Regexp{
		".rs": {regexp.MustCompile(`\bCommand::new\s*\(\s*&?([a-z_]\w*)\s*\)`),
			regexp.MustCompile(`\bfn\s+([a-z_]\w*)\s*(?:<[^>(]*>)?\s*\(([^)]*)\)`),
			regexp.MustCompile(`\bCommand::new\s*\(\s*"(?:/bin/)?(?:ba)?sh"\s*\)\s*\.args?\s*\(\s*&?(?:vec!)?\[?\s*"-c"\s*(?:,|\)\s*\.arg\s*\()\s*&?([a-z_]\w*)`)},
		".java": {regexp.MustCompile(`\bProcessBuilder\s*\(\s*(?:List\.of\s*\(|Arrays\.asList\s*\(|listOf\s*\()?\s*\*?([a-z_]\w*)\s*[,)]|\.exec\s*\(\s*([a-z_]\w*)\s*[,)]`),
			regexp.MustCompile(`(?:\bfun\s+|\b[\w<>\[\].]+\s+)([a-z_]\w*)\s*\(([^)]*)\)`),
			regexp.MustCompile(`(?:\bProcessBuilder\s*\(\s*(?:List\.of\s*\(|Arrays\.asList\s*\(|listOf\s*\()?|\.exec\s*\(\s*new\s+String\s*\[\s*\]\s*\{)\s*"(?:/bin/)?(?:ba)?sh"\s*,\s*"-c"\s*,\s*([a-z_]\w*)\s*[,)}]`)},
		".cs": {regexp.MustCompile(`\bProcess\.Start\s*\(\s*([a-z_]\w*)\s*[,)]|\bnew\s+ProcessStartInfo\s*\(\s*([a-z_]\w*)\s*[,)]|\bFileName\s*=\s*([a-z_]\w*)\s*[,;}\n]`),
			regexp.MustCompile(`\b[\w<>\[\].?]+\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(?:=>|\{|\n)`),
			nil},
	}
})

// compiledKeywords are the words a definition's pattern matches that
// start a statement or an expression instead (if (x) {, new Foo(x)).
var compiledKeywords = rewrite.WordSet(`if for while switch catch match return new synchronized using lock foreach when`)

// maxWrapperBody bounds how far from its definition a wrapper's call of
// a runner is looked for: wrappers are short, and a bundle or a long
// file must not cost a scan to its end per function.
const maxWrapperBody = 4000

// definitionsBefore are the places in defs (the matches of a definition's
// pattern, in order) of the definitions that end before offset at and
// not more than maxWrapperBody bytes before it, nearest first: where the
// function a runner's call is in may start.
func definitionsBefore(defs [][]int, at int) iter.Seq[int] {
	return func(yield func(int) bool) {
		i, _ := slices.BinarySearchFunc(defs, at, func(d []int, at int) int { return cmp.Compare(d[1], at+1) })
		for i--; i >= 0 && at-defs[i][1] < maxWrapperBody; i-- {
			if !yield(i) {
				return
			}
		}
	}
}

// compiledWrapper is a function that hands its parameter param on to a
// runner as the program's name or, with script, to a shell as its
// script.
type compiledWrapper struct {
	name   string
	param  int
	script bool
}

// compiledWrapperPrograms are the programs the sources of one language
// start through their wrappers.
func compiledWrapperPrograms(lang string, sources []sourceFile) []rewrite.Exec {
	pats, ok := compiledWrapperPatterns()[lang]
	if !ok {
		return nil
	}
	var wrappers []compiledWrapper
	seen := map[compiledWrapper]bool{}
	for _, sf := range sources {
		src := sf.src
		defs := pats[1].FindAllStringSubmatchIndex(src, -1)
		for kind, runner := range []*regexp.Regexp{pats[0], pats[2]} {
			if runner == nil {
				continue
			}
			for _, at := range runner.FindAllStringSubmatchIndex(src, -1) {
				name := strings.Join(submatches(src, at)[1:], "")
				// The definition the call is in: the last before it, not far.
				for i := range definitionsBefore(defs, at[0]) {
					d := submatches(src, defs[i])
					if compiledKeywords.Has(d[1]) {
						continue
					}
					if param := paramPlace(d[2], name); param >= 0 {
						if w := (compiledWrapper{d[1], param, kind == 1}); !seen[w] {
							seen[w] = true
							wrappers = append(wrappers, w)
						}
					}
					break
				}
			}
		}
	}
	var out []rewrite.Exec
	named := map[string]namedValues{} // by file, read on first need
	for _, w := range wrappers {
		// run(...), this.run(...), Shell.exec(...), sh::run(...)
		call := regexp.MustCompile(`(?:^|[^\w.]|\bthis\.|\bself\.|\b[A-Z]\w*\.)` + regexp.QuoteMeta(w.name) + `\s*\(`)
		for _, sf := range sources {
			p, src := sf.path, sf.src
			if !strings.Contains(src, w.name) {
				continue
			}
			for _, at := range call.FindAllStringIndex(src, -1) {
				text := literalText(src[at[1]:], w.param)
				if w.script {
					// {} of format! and %s of String.format: unknown words
					script := formatVerbs().ReplaceAllString(fstringCommand(text), `"$$v"`)
					out = append(out, shellPrograms(script, w.name+" in "+p+", which gives it to a shell")...)
					continue
				}
				// The program: the first word, unless the code computes it
				// (format!("{}", tool)).
				why := w.name + " in " + p + ", which starts it"
				if fields := strings.Fields(text); len(fields) > 0 && !strings.ContainsAny(fields[0], "{}%$") {
					out = append(out, rewrite.Exec{Name: fields[0], Why: why})
				} else if text == "" {
					// A command line kept in a name: run(cmd) after
					// cmd.add("git").
					name := argName(src[at[1]:], w.param)
					if name == "" || compiledNamed()[lang].lists == nil {
						continue
					}
					if _, ok := named[p]; !ok {
						named[p] = readNamed(lang, src)
					}
					for _, first := range named[p].lists[name] {
						out = append(out, rewrite.Exec{Name: first, Why: why})
					}
				}
			}
		}
	}
	return out
}

// paramPlace is the place of the parameter called name in a definition's
// parameter list (Rust's cmd: &str, Java's String... cmd, Kotlin's
// cmd: String, C#'s params string[] args = null), or -1.
func paramPlace(params, name string) int {
	for i, param := range splitArgs(params) {
		param, _, _ = strings.Cut(param, "=")
		// Rust's and Kotlin's name comes before a colon (mut cmd: &str,
		// vararg cmd: String), Java's and C#'s last (String... cmd).
		param, _, _ = strings.Cut(param, ":")
		if fields := strings.Fields(param); len(fields) > 0 && fields[len(fields)-1] == name {
			return i
		}
	}
	return -1
}

// splitArgs splits an argument or parameter list at its commas, but not
// at those inside brackets, braces, generics or strings.
func splitArgs(list string) []string { return splitList(list, false) }

// splitScriptArgs is splitArgs for Python and JavaScript, where ' and `
// quote strings and < compares.
func splitScriptArgs(list string) []string { return splitList(list, true) }

// scriptWords are the leading elements of a Python or JavaScript list
// (list: the text after its opening bracket) that are plain strings, as
// their text: a command line the code gives whole, whose later words
// matter too (["timeout", "30", "git", "pull"]: git). They stop at the
// first element that is not one (a name, an f-string or template with
// an expression, an escape), whose value the code computes; but for a
// command runner's words (runner: the list follows one, or starts with
// one), such an element is "" and the reading goes on, since the runner
// skips its operands whatever they are (["timeout", str(cap), "maxima"]).
func scriptWords(list string, runner bool) []string {
	var out []string
	for i, elt := range splitScriptArgs(list[:min(len(list), 2000)]) {
		elt = strings.TrimSpace(elt)
		q := strings.IndexAny(elt, "'\"`")
		plain := q >= 0 && q <= 2 && strings.Trim(elt[:q], "rRuUfF") == "" && len(elt) >= q+2 && elt[len(elt)-1] == elt[q]
		var text string
		if plain {
			text = elt[q+1 : len(elt)-1]
			formatted := strings.ContainsAny(elt[:q], "fF") || elt[q] == '`'
			plain = !strings.ContainsAny(text, "\\\n"+elt[q:q+1]) && !(formatted && strings.Contains(text, "{"))
		}
		switch {
		case plain:
			out = append(out, text)
			runner = runner || i == 0 && shell.IsRunner(text)
		case runner && elt != "" && !strings.HasPrefix(elt, "*"):
			out = append(out, "") // a value the code computes
		default:
			return out
		}
	}
	return out
}

// splitList splits a list at its commas that are not inside brackets or
// strings; script tells Python's and JavaScript's from the compiled
// languages'.
func splitList(list string, script bool) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	open, closing := "([{<", ")]}>"
	if script {
		open, closing = "([{", ")]}"
	}
	for i := 0; i < len(list); i++ {
		c := list[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || script && (c == '\'' || c == '`'):
			quote = c
		case c == '\'' && i+2 < len(list) && (list[i+1] == '\\' || list[i+2] == '\''):
			quote = c // a character ('x', '\n'), not a Rust lifetime ('a)
		case strings.IndexByte(open, c) >= 0:
			depth++
		case strings.IndexByte(closing, c) >= 0:
			if depth == 0 {
				return append(out, list[start:i])
			}
			depth--
		case c == ',' && depth == 0:
			out = append(out, list[start:i])
			start = i + 1
		}
	}
	return append(out, list[start:])
}

// argName is the name a call gives at place, given the text after its
// opening parenthesis; "" when that argument is not a name.
func argName(rest string, place int) string {
	args := splitArgs(rest[:min(len(rest), 2000)])
	if place >= len(args) {
		return ""
	}
	if arg := strings.TrimSpace(args[place]); isIdentifier(arg) {
		return arg
	}
	return ""
}

// isIdentifier tells whether s is a name: letters, digits and _, not
// starting with a digit.
func isIdentifier(s string) bool {
	return s != "" && !unicode.IsDigit(rune(s[0])) &&
		strings.IndexFunc(s, func(r rune) bool { return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) }) < 0
}

// literalText is the text of the string literal a call gives at place,
// given the text after its opening parenthesis: alone, first in an array
// or list (&["git", "pull"], vec![...], List.of(...), new
// String[]{...}), or formatted (format!("git -C {} pull", dir),
// String.format(...)); "" for anything else.
func literalText(rest string, place int) string {
	args := splitArgs(rest[:min(len(rest), 2000)])
	if place >= len(args) {
		return ""
	}
	arg := strings.TrimSpace(args[place])
	for _, prefix := range []string{"&", "vec!", "format!(", "String.format(", "[", "List.of(", "listOf(", "arrayOf(", "Arrays.asList(", "new String[]", "new string[]", "new[]", "{", "@"} {
		arg = strings.TrimSpace(strings.TrimPrefix(arg, prefix))
	}
	if !strings.HasPrefix(arg, `"`) {
		return ""
	}
	var b strings.Builder
	for i := 1; i < len(arg); i++ {
		switch c := arg[i]; {
		case c == '"':
			return b.String()
		case c == '\\' && i+1 < len(arg):
			i++
			if e := strings.IndexByte(`ntr`, arg[i]); e >= 0 {
				b.WriteByte("\n\t\r"[e])
			} else {
				b.WriteByte(arg[i]) // \" and \\
			}
		case c == '\n':
			return "" // not a string after all
		default:
			b.WriteByte(c)
		}
	}
	return ""
}
