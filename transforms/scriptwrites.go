package transforms

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
)

// The files and folders a Python or JavaScript program of the build
// context writes by a literal absolute path, read as sources.go reads
// what they run: with regular expressions for the static forms, since no
// parser of either language is among msrewrite's dependencies. Each
// pattern's first group that matched is the path; a path that a variable,
// a setting or the environment gives is not seen.

// scriptWritePattern is one static form of a write, and what to call it.
type scriptWritePattern struct {
	call string
	re   func() *regexp.Regexp
}

// absLiteral is a string literal holding an absolute path, as a pattern's
// group; pyPath is one maybe joined to more (os.path.join("/var/log",
// name): the folder is what the call writes in).
const (
	absLiteral = `['"](/[^'"\n]*)['"]`
	pyPath     = `(?:os\.path\.join\(\s*)?` + absLiteral
)

// pyWritePatterns are the Python calls that make or write what they name.
var pyWritePatterns = []scriptWritePattern{
	// open() with a mode that writes (w, a, x or +), by position or name.
	{"open", lazyRegexp(`\bopen\(\s*[rRbBuU]?` + absLiteral + `\s*,\s*(?:mode\s*=\s*)?[rRbB]?['"][^'"\n]*[wax+][^'"\n]*['"]`)},
	// logging's file handlers append to their file by default, and
	// basicConfig(filename=) makes one.
	{"a logging file handler", lazyRegexp(`\b(?:File|RotatingFile|TimedRotatingFile|WatchedFile)Handler\(\s*(?:filename\s*=\s*)?` + pyPath)},
	{"logging.basicConfig", lazyRegexp(`\bbasicConfig\([^)]*\bfilename\s*=\s*` + absLiteral)},
	// SQLite writes the database and, beside it, its journal.
	{"sqlite3.connect", lazyRegexp(`\bsqlite3\.connect\(\s*` + absLiteral)},
	{"an SQLite URL", lazyRegexp(`['"]sqlite(?:\+\w+)?:///(/[^'"\n?]*)`)},
	{"os.makedirs", lazyRegexp(`\bos\.(?:makedirs|mkdir)\(\s*` + pyPath)},
	// pathlib's writes, of a Path made from a literal.
	{"pathlib", lazyRegexp(`\bPath\(\s*` + absLiteral + `\s*\)\s*\.\s*(?:mkdir|touch|write_text|write_bytes)\(`)},
	// Django saves uploaded files under MEDIA_ROOT, and Flask's
	// applications, by convention, under UPLOAD_FOLDER.
	{"Django's MEDIA_ROOT", lazyRegexp(`\bMEDIA_ROOT\s*=\s*` + absLiteral)},
	{"the UPLOAD_FOLDER setting", lazyRegexp(`\bUPLOAD_FOLDER['"]?\]?\s*=\s*` + absLiteral)},
}

// jsWritePatterns are the JavaScript and TypeScript calls that make or
// write what they name.
var jsWritePatterns = []scriptWritePattern{
	// A path.join or path.resolve that starts with a literal writes in
	// that folder.
	{"fs", lazyRegexp("\\b(?:writeFile|writeFileSync|appendFile|appendFileSync|mkdir|mkdirSync|createWriteStream)\\(\\s*(?:path\\.(?:join|resolve)\\(\\s*)?[`'\"](/[^`'\"\\n$]*)[`'\"]")},
	// better-sqlite3's and sqlite3's databases, and winston's log files.
	{"an SQLite database", lazyRegexp("\\bnew\\s+(?:sqlite3\\.)?Database\\(\\s*[`'\"](/[^`'\"\\n$]*)[`'\"]")},
	{"a log file transport", lazyRegexp("\\btransports\\.File\\(\\s*\\{[^}]*\\bfilename\\s*:\\s*[`'\"](/[^`'\"\\n$]*)[`'\"]")},
}

// lazyRegexp compiles a pattern once, when it is first used.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// scriptWrites lists the literal absolute paths the build context's
// sources of one language ("python" or "node") write: a program run as
// an unprivileged user could write none of those outside its folders.
func scriptWrites(ctx *buildctx.Context, lang string) []sourceWrite {
	if ctx == nil {
		return nil
	}
	exts, patterns := []string{".py"}, pyWritePatterns
	if lang == "node" {
		exts, patterns = []string{".js", ".mjs", ".cjs", ".ts"}, jsWritePatterns
	}
	var out []sourceWrite
	walkSources(ctx, exts, func(p, src string) {
		for _, pat := range patterns {
			for _, m := range pat.re().FindAllStringSubmatchIndex(src, -1) {
				name := src[m[2]:m[3]]
				line := 1 + strings.Count(src[:m[0]], "\n")
				out = append(out, sourceWrite{path.Clean(name), pat.call, fmt.Sprintf("%s:%d", p, line)})
			}
		}
	})
	return out
}
