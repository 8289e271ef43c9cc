// Package dockerfile is msrewrite's lossless document model: the source text
// of a Dockerfile split into lines, the instructions BuildKit's own parser
// finds in it, and an edit list that is applied by splicing the source, so
// that every byte no edit touches comes out as it went in.
package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// MaxSize is the largest input accepted. Dockerfiles are small; a larger
// input is almost certainly not one, and refusing it keeps memory bounded.
const MaxSize = 10 << 20

// MaxLine is the longest line BuildKit's parser reads (its scanner's
// buffer, less the line ending).
const MaxLine = 64<<10 - 1

// Error is a problem with the input, located at a line when one is known.
type Error struct {
	File string
	Line int // 1-based; 0 when the problem is with the file as a whole
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Directive is a parser directive (`# syntax=`, `# escape=`, `# check=`).
type Directive struct {
	Name, Value string
	Line        int // 0-based line index
}

// Instruction is one Dockerfile instruction with its place in the source.
type Instruction struct {
	Node *parser.Node
	// Cmd is the typed form BuildKit's instructions package gives:
	// *instructions.Stage for FROM, *instructions.ArgCommand,
	// *instructions.RunCommand, ... for the others.
	Cmd any
	// Keyword is the instruction name as written, so new text can match its case.
	Keyword string
	// Start and End are 0-based line indices, End exclusive; they cover
	// continuation lines, comments inside them and heredoc bodies.
	Start, End int
	// CommentStart is the first line of the comment block directly above the
	// instruction (no blank line in between); it equals Start when there is none.
	CommentStart int
	// Index is the instruction's position in Document.Instructions.
	Index int
	name  string
}

// Line is the instruction's 1-based first line, for messages.
func (in *Instruction) Line() int { return in.Start + 1 }

// Name is the lowercased instruction name ("run", "from", ...).
func (in *Instruction) Name() string { return in.name }

// Text is the instruction as the parser read it, its heredocs' contents
// after it on lines of their own: all the words it may run or name.
func (in *Instruction) Text() string {
	n := in.Node
	if len(n.Heredocs) == 0 {
		return n.Original
	}
	var b strings.Builder
	b.WriteString(n.Original)
	for _, h := range n.Heredocs {
		b.WriteByte('\n')
		b.WriteString(h.Content)
	}
	return b.String()
}

// Document is a parsed Dockerfile that remembers its exact source.
type Document struct {
	Name string
	Src  []byte
	// Lines holds the source split after each '\n', endings kept, so that
	// concatenating them gives Src back.
	Lines []string
	// Newline is the file's line ending ("\n" or "\r\n"), used for new text.
	Newline string
	// FinalNewline tells whether the last line ends with a line ending.
	FinalNewline bool
	Escape       rune
	Directives   []Directive
	Instructions []*Instruction
	offsets      []int // byte offset of each line, plus len(Src)
	lowercase    bool
}

// Parse reads src as a Dockerfile named name (used in messages). Errors are
// *Error values that name a line where the parser gives one.
func Parse(name string, src []byte) (*Document, error) {
	if len(src) > MaxSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than the %d-byte limit for a Dockerfile", MaxSize)}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, &Error{File: name, Line: 1 + bytes.Count(src[:i], []byte("\n")), Msg: "binary data (NUL byte): not a Dockerfile"}
	}
	if !utf8.Valid(src) {
		line := 1
		for rest := src; len(rest) > 0; {
			r, size := utf8.DecodeRune(rest)
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line++
			}
			rest = rest[size:]
		}
		return nil, &Error{File: name, Line: line, Msg: "invalid UTF-8: not a Dockerfile"}
	}
	// BuildKit's scanner stops at the first line over 64 KiB and blames the
	// line before it; name the right one.
	line := 1
	for rest := src; len(rest) > 0; line++ {
		n := bytes.IndexByte(rest, '\n')
		if n < 0 {
			n = len(rest)
		}
		if n > MaxLine {
			return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf("line is %d bytes; BuildKit reads lines of at most %d", n, MaxLine)}
		}
		rest = rest[min(n+1, len(rest)):]
	}
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, locate(name, err)
	}
	typed, err := typedInstructions(res.AST)
	if err != nil {
		return nil, locate(name, err)
	}
	d := &Document{Name: name, Src: src, Escape: res.EscapeToken}
	d.split()
	d.readDirectives()
	// one allocation for all the instructions
	all := make([]Instruction, len(res.AST.Children))
	d.Instructions = make([]*Instruction, 0, len(all))
	for i, n := range res.AST.Children {
		in := &all[i]
		*in = Instruction{Node: n, Cmd: typed[i], Start: n.StartLine - 1, End: n.EndLine, Index: i, name: strings.ToLower(n.Value)}
		in.Keyword = keyword(d.Lines[in.Start])
		in.CommentStart = d.commentStart(in.Start)
		d.Instructions = append(d.Instructions, in)
	}
	d.lowercase = d.countLowercase()
	return d, nil
}

// typedInstructions reads the parser's nodes with BuildKit's instructions
// package, which checks them as a build would (arguments, flags, names,
// only ARG before the first FROM), and returns the typed form of each
// node, in order. The linter must not be nil: a `# check=` comment above
// an instruction would make BuildKit panic.
func typedInstructions(ast *parser.Node) ([]any, error) {
	stages, metaArgs, err := instructions.Parse(ast, linter.New(&linter.Config{}))
	if err != nil {
		return nil, err
	}
	typed := make([]any, 0, len(ast.Children))
	for i := range metaArgs {
		typed = append(typed, &metaArgs[i])
	}
	for i := range stages {
		typed = append(typed, &stages[i])
		for _, c := range stages[i].Commands {
			typed = append(typed, c)
		}
	}
	if len(typed) != len(ast.Children) {
		return nil, fmt.Errorf("internal error: %d instructions read as %d", len(ast.Children), len(typed))
	}
	return typed, nil
}

// locate turns a BuildKit error into an *Error with the first line it names.
func locate(name string, err error) error {
	msg := err.Error()
	var le *parser.LocationError
	if errors.As(err, &le) {
		msg = le.Unwrap().Error()
		if msg == "file with no instructions" {
			return &Error{File: name, Msg: msg} // the whole file is the problem
		}
		for _, rs := range le.Locations {
			if len(rs) > 0 && rs[0].Start.Line > 0 {
				return &Error{File: name, Line: rs[0].Start.Line, Msg: msg}
			}
		}
		// BuildKit reports some whole-file problems at line 0.
		return &Error{File: name, Line: 1, Msg: msg}
	}
	return &Error{File: name, Msg: msg}
}

func (d *Document) split() {
	src := string(d.Src)
	crlf, lf := 0, 0
	for len(src) > 0 {
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			d.Lines = append(d.Lines, src)
			break
		}
		if i > 0 && src[i-1] == '\r' {
			crlf++
		} else {
			lf++
		}
		d.Lines = append(d.Lines, src[:i+1])
		src = src[i+1:]
	}
	d.Newline = "\n"
	if crlf > lf {
		d.Newline = "\r\n"
	}
	d.FinalNewline = len(d.Src) > 0 && d.Src[len(d.Src)-1] == '\n'
	d.offsets = make([]int, len(d.Lines)+1)
	off := 0
	for i, l := range d.Lines {
		d.offsets[i] = off
		off += len(l)
	}
	d.offsets[len(d.Lines)] = off
}

// readDirectives records the parser directives at the top of the file, as
// BuildKit reads them: consecutive leading comment lines of directive form.
func (d *Document) readDirectives() {
	var p parser.DirectiveParser
	for i, l := range d.Lines {
		if !strings.Contains(l, "=") {
			return // not a directive (name=value), so the directives are over
		}
		dir, err := p.ParseLine([]byte(strings.TrimRight(l, "\r\n")))
		if err != nil || dir == nil {
			return
		}
		d.Directives = append(d.Directives, Directive{Name: dir.Name, Value: dir.Value, Line: i})
	}
}

// IsDirective tells whether line i is a parser directive.
func (d *Document) IsDirective(i int) bool {
	for _, dir := range d.Directives {
		if dir.Line == i {
			return true
		}
	}
	return false
}

func (d *Document) commentStart(start int) int {
	i := start
	for i > 0 && IsComment(d.Lines[i-1]) && !d.IsDirective(i-1) {
		i--
	}
	return i
}

// IsComment tells whether a source line is a Dockerfile comment line.
func IsComment(line string) bool {
	i := skipSpace(line)
	return i < len(line) && line[i] == '#'
}

// IsBlank tells whether a source line holds only white space.
func IsBlank(line string) bool {
	return strings.TrimSpace(line) == ""
}

// skipSpace is the index of the first byte of line that is not white
// space, as BuildKit's parser skips it before an instruction or a comment:
// Unicode's (unicode.IsSpace), a no-break space as much as a tab.
func skipSpace(line string) int {
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f':
			i++
			continue
		case c >= utf8.RuneSelf:
			if r, size := utf8.DecodeRuneInString(line[i:]); unicode.IsSpace(r) {
				i += size
				continue
			}
		}
		break
	}
	return i
}

func keyword(line string) string {
	line = line[skipSpace(line):]
	end := strings.IndexAny(line, " \t\r\n\v\f")
	if end < 0 {
		return line
	}
	return line[:end]
}

// Offset is the byte offset at which line i starts (len(Src) for i == len(Lines)).
func (d *Document) Offset(i int) int { return d.offsets[i] }

// Text is the exact source of lines [start, end).
func (d *Document) Text(start, end int) string {
	return string(d.Src[d.offsets[start]:d.offsets[end]])
}

// Lowercase tells whether the file writes its instruction keywords in lower
// case, so generated instructions can follow it (BuildKit lints mixed case).
func (d *Document) Lowercase() bool { return d.lowercase }

func (d *Document) countLowercase() bool {
	lower, upper := 0, 0
	for _, in := range d.Instructions {
		switch {
		case !strings.ContainsFunc(in.Keyword, unicode.IsUpper):
			lower++
		case !strings.ContainsFunc(in.Keyword, unicode.IsLower):
			upper++
		}
	}
	return lower > upper
}

// Keyword writes an instruction keyword given in upper case ("ENV") in
// the case the file uses, for new instructions.
func (d *Document) Keyword(upper string) string {
	if d.Lowercase() {
		return strings.ToLower(upper)
	}
	return upper
}

// AsKeyword is the AS of a FROM ... AS name written in the case of the
// FROM keyword, as BuildKit's FromAsCasing rule wants.
func (in *Instruction) AsKeyword() string {
	if in.Keyword == strings.ToLower(in.Keyword) {
		return "as"
	}
	return "AS"
}

// PlainPath tells whether a path can be written in a COPY as it is: no
// quoting, no variable, no escape character BuildKit would interpret.
func PlainPath(p string) bool {
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+@:,=~%", r)) {
			return false
		}
	}
	return true
}

// PlainValues tells whether ENV or LABEL values can be written again on
// a new line as they are: no escape character (a trailing one would
// continue the line), no line break, no white space at either end, and
// the NAME=value form.
func (d *Document) PlainValues(kvs []instructions.KeyValuePair) bool {
	for _, kv := range kvs {
		v := kv.Value
		if kv.NoDelim || strings.ContainsRune(v, d.Escape) || strings.ContainsAny(v, "\r\n") || strings.TrimSpace(v) != v {
			return false
		}
	}
	return true
}

// Stages returns the FROM instructions.
func (d *Document) Stages() []*Instruction {
	var out []*Instruction
	for _, in := range d.Instructions {
		if _, ok := in.Cmd.(*instructions.Stage); ok {
			out = append(out, in)
		}
	}
	return out
}

// ValidStageName is BuildKit's rule for stage names: ^[a-z][a-z0-9-_.]*$.
// (BuildKit checks it when it reads FROM ... AS, but does not export it.)
func ValidStageName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// CommandLine is what a CMD, ENTRYPOINT or HEALTHCHECK runs, in the form
// RUN takes it; ok is false for other instructions and HEALTHCHECK NONE.
func (in *Instruction) CommandLine() (line instructions.ShellDependantCmdLine, ok bool) {
	switch c := in.Cmd.(type) {
	case *instructions.CmdCommand:
		return c.ShellDependantCmdLine, true
	case *instructions.EntrypointCommand:
		return c.ShellDependantCmdLine, true
	case *instructions.HealthCheckCommand:
		test := c.Health.Test
		if len(test) == 0 || test[0] == "NONE" {
			return line, false
		}
		return instructions.ShellDependantCmdLine{CmdLine: test[1:], PrependShell: test[0] == "CMD-SHELL"}, true
	}
	return line, false
}
