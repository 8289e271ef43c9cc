package transforms

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// goHeader reads what the Go detector needs of a Go source file: the
// comments above its package clause and its import paths as written,
// quotes included. ok is false when the file does not start like Go
// (package clause, then import declarations).
//
// go/parser (ImportsOnly) did this, but linking it and go/ast put ~300 KB
// into every start of msrewrite, about five page faults, for a check that
// runs only on files that mention "C". TestGoHeaderAgainstGoParser holds
// the two to the same answers over every Go file of the Go distribution.
func goHeader(src []byte) (comments, imports []string, ok bool) {
	r := &goLexer{s: strings.TrimPrefix(string(src), "\uFEFF"), keep: true}
	if r.next() != "package" {
		return nil, nil, false
	}
	comments, r.keep = r.comments, false
	if !r.isIdent(r.next()) {
		return nil, nil, false
	}
	for {
		tok := r.next()
		switch {
		case tok == ";":
			continue
		case tok != "import":
			return comments, imports, r.err == ""
		}
		tok = r.next()
		if tok != "(" {
			path, good := r.spec(tok)
			if !good {
				return nil, nil, false
			}
			imports = append(imports, path)
			continue
		}
		for {
			tok = r.next()
			if tok == ";" {
				continue
			}
			if tok == ")" {
				break
			}
			path, good := r.spec(tok)
			if !good {
				return nil, nil, false
			}
			imports = append(imports, path)
		}
	}
}

// goLexer splits the start of a Go file into tokens: identifiers, string
// literals, and single punctuation characters; white space and comments
// are skipped (and kept while keep is set). Newlines count as white space:
// the header is read leniently, as only its imports matter.
type goLexer struct {
	s        string
	i        int
	keep     bool
	comments []string
	err      string
}

func (r *goLexer) next() string {
	for r.i < len(r.s) {
		rest := r.s[r.i:]
		switch {
		case rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n':
			r.i++
			continue
		case strings.HasPrefix(rest, "//"):
			end := strings.IndexByte(rest, '\n')
			if end < 0 {
				end = len(rest)
			}
			r.comment(strings.TrimRight(rest[:end], "\r"))
			r.i += end
			continue
		case strings.HasPrefix(rest, "/*"):
			end := strings.Index(rest[2:], "*/")
			if end < 0 {
				r.err = "comment not terminated"
				r.i = len(r.s)
				return ""
			}
			r.comment(rest[:end+4])
			r.i += end + 4
			continue
		}
		break
	}
	if r.i >= len(r.s) {
		return ""
	}
	rest := r.s[r.i:]
	n := 1
	switch c := rest[0]; {
	case c == '"':
		n = 1
		for n < len(rest) && rest[n] != '"' && rest[n] != '\n' {
			if rest[n] == '\\' {
				n++
			}
			n++
		}
		if n >= len(rest) || rest[n] != '"' {
			r.err = "string literal not terminated"
			r.i = len(r.s)
			return ""
		}
		n++
	case c == '`':
		end := strings.IndexByte(rest[1:], '`')
		if end < 0 {
			r.err = "raw string literal not terminated"
			r.i = len(r.s)
			return ""
		}
		n = end + 2
	default:
		for n = 0; n < len(rest); {
			ch, size := utf8.DecodeRuneInString(rest[n:])
			if ch != '_' && !unicode.IsLetter(ch) && !(n > 0 && unicode.IsDigit(ch)) {
				break
			}
			n += size
		}
		if n == 0 {
			_, n = utf8.DecodeRuneInString(rest)
		}
	}
	r.i += n
	return rest[:n]
}

func (r *goLexer) comment(text string) {
	if r.keep {
		r.comments = append(r.comments, text)
	}
}

func (r *goLexer) isIdent(tok string) bool {
	ch, _ := utf8.DecodeRuneInString(tok)
	return tok != "" && (ch == '_' || unicode.IsLetter(ch))
}

// spec reads an import spec that starts with tok: an optional name (or
// . or _), then the path's string literal.
func (r *goLexer) spec(tok string) (string, bool) {
	if tok == "." || r.isIdent(tok) {
		tok = r.next()
	}
	if tok == "" || tok[0] != '"' && tok[0] != '`' {
		return "", false
	}
	return tok, true
}
