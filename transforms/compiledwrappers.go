package transforms

import (
	"cmp"
	"iter"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// The programs Rust, Java, Kotlin and C# code starts through a function
// of its own that takes the program (fn run(cmd: &str, args: &[&str])
// over Command::new(cmd), String exec(String... cmd) over new
// ProcessBuilder(cmd)): its calls with a literal name the program.

// compiledWrapperPatterns are, per language (as compiledPrograms names
// them, and ".cs"), a runner's call given a parameter's name (in one of
// its groups), and a function's definition with its name and parameters.
var compiledWrapperPatterns = sync.OnceValue(func() map[string][2]*regexp.Regexp {
	return map[string][2]*regexp.Regexp{
		".rs": {regexp.MustCompile(`\bCommand::new\s*\(\s*&?([a-z_]\w*)\s*\)`),
			regexp.MustCompile(`\bfn\s+([a-z_]\w*)\s*(?:<[^>(]*>)?\s*\(([^)]*)\)`)},
		".java": {regexp.MustCompile(`\bProcessBuilder\s*\(\s*(?:List\.of\s*\(|Arrays\.asList\s*\(|listOf\s*\()?\s*\*?([a-z_]\w*)\s*[,)]|\.exec\s*\(\s*([a-z_]\w*)\s*[,)]`),
			regexp.MustCompile(`(?:\bfun\s+|\b[\w<>\[\].]+\s+)([a-z_]\w*)\s*\(([^)]*)\)`)},
		".cs": {regexp.MustCompile(`\bProcess\.Start\s*\(\s*([a-z_]\w*)\s*[,)]|\bnew\s+ProcessStartInfo\s*\(\s*([a-z_]\w*)\s*[,)]|\bFileName\s*=\s*([a-z_]\w*)\s*[,;}\n]`),
			regexp.MustCompile(`\b[\w<>\[\].?]+\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(?:=>|\{|\n)`)},
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
// runner as the program's name.
type compiledWrapper struct {
	name  string
	param int
}

// compiledWrapperPrograms are the programs the sources of one language
// (by path) start through their wrappers.
func compiledWrapperPrograms(lang string, sources map[string]string, order []string) []rewrite.Exec {
	pats, ok := compiledWrapperPatterns()[lang]
	if !ok {
		return nil
	}
	var wrappers []compiledWrapper
	seen := map[compiledWrapper]bool{}
	for _, p := range order {
		src := sources[p]
		defs := pats[1].FindAllStringSubmatchIndex(src, -1)
		for _, at := range pats[0].FindAllStringSubmatchIndex(src, -1) {
			name := strings.Join(submatches(src, at)[1:], "")
			// The definition the call is in: the last before it, not far.
			for i := range definitionsBefore(defs, at[0]) {
				d := submatches(src, defs[i])
				if compiledKeywords.Has(d[1]) {
					continue
				}
				if param := paramPlace(d[2], name); param >= 0 && !seen[compiledWrapper{d[1], param}] {
					seen[compiledWrapper{d[1], param}] = true
					wrappers = append(wrappers, compiledWrapper{d[1], param})
				}
				break
			}
		}
	}
	var out []rewrite.Exec
	for _, w := range wrappers {
		// run(...), this.run(...), Shell.exec(...), sh::run(...)
		call := regexp.MustCompile(`(?:^|[^\w.]|\bthis\.|\bself\.|\b[A-Z]\w*\.)` + regexp.QuoteMeta(w.name) + `\s*\(`)
		for _, p := range order {
			src := sources[p]
			if !strings.Contains(src, w.name) {
				continue
			}
			for _, at := range call.FindAllStringIndex(src, -1) {
				if program := literalArg(src[at[1]:], w.param); program != "" {
					out = append(out, rewrite.Exec{Name: program, Why: w.name + " in " + p + ", which starts it"})
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
func splitArgs(list string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(list); i++ {
		c := list[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' && i+2 < len(list) && (list[i+1] == '\\' || list[i+2] == '\''):
			quote = c // a string, or a character ('x', '\n'), not a Rust lifetime ('a)
		case strings.IndexByte("([{<", c) >= 0:
			depth++
		case strings.IndexByte(")]}>", c) >= 0:
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

// literalArg is the program named by the argument at place of a call,
// given the text after its opening parenthesis: a string literal, alone
// or first in an array or list (&["git", "pull"], vec![...],
// List.of(...), new String[]{...}), its first word; "" for anything else.
func literalArg(rest string, place int) string {
	args := splitArgs(rest[:min(len(rest), 2000)])
	if place >= len(args) {
		return ""
	}
	arg := strings.TrimSpace(args[place])
	for _, prefix := range []string{"&", "vec!", "[", "List.of(", "listOf(", "arrayOf(", "Arrays.asList(", "new String[]", "new string[]", "new[]", "{", "@"} {
		arg = strings.TrimSpace(strings.TrimPrefix(arg, prefix))
	}
	if !strings.HasPrefix(arg, `"`) {
		return ""
	}
	end := strings.IndexAny(arg[1:], `"\`)
	if end < 0 || arg[1+end] != '"' {
		return ""
	}
	fields := strings.Fields(arg[1 : 1+end])
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}
