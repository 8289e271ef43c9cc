// Package shell reads the shell scripts of RUN, CMD and ENTRYPOINT lines with
// a real shell parser (mvdan.cc/sh) and lists the simple commands they run,
// each with the working directory and environment the shell would give it.
// It evaluates only what is certain: a word it cannot know (a command
// substitution, a variable nobody set) is reported as unknown, never guessed.
package shell

import (
	"errors"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// Call is one simple command of a script.
type Call struct {
	// Args are the expanded words; Known[i] is false where word i could not
	// be evaluated, and then Args[i] is "".
	Args  []string
	Known []bool
	// Prefixes are the literal text that starts a word that could not be
	// evaluated (`-ldflags=` of `-ldflags=-X=main.v=${V}`), by word index;
	// nil when there is none.
	Prefixes map[int]string
	// Positional are the words that are the script's own arguments ("$@"
	// or "$*", quoted or not), by word index; nil when there is none.
	Positional map[int]bool
	// Assigns are the prefix assignments (`GOOS=linux go build`); a value
	// that could not be evaluated is absent from the map and listed in Unknown.
	Assigns map[string]string
	// Dir is the working directory the command runs in; "" when a `cd` to an
	// unknown place came before it.
	Dir string
	// env is what the script exported before the command, prefix
	// assignments included, over the environment the script started with.
	env     map[string]string
	unknown map[string]bool
	base    Lookup
	// Offset is the byte offset in the parsed script where the command starts
	// (its first assignment or word); -1 when the command came from a nested
	// script (`sh -c '...'`), where no offset of the outer text applies.
	Offset int
	// End is the byte offset just past the command's last word, -1 where
	// Offset is. A command read further than the script (one a make
	// recipe runs) has Offset -1 and the End of the command that runs
	// it: words appended there reach it (make's command-line variables).
	End int
	// Sudo says the command was read from under sudo, which runs it as
	// root whatever the stage's USER, in sudo's own environment.
	Sudo bool
	// Nested says the call is a shell's -c (sh -c 'script'), whose
	// script's commands are read and listed after it.
	Nested bool
	// Conditional is true inside if, loops, case, `||` right-hand sides and
	// functions: the command may not run, or may run more than once.
	Conditional bool
	// Function says the command calls a function the script defined
	// before it: its commands are the function body's, listed (as
	// Conditional) where the script defines it.
	Function bool
	// InFunction is the function whose body holds the command ("" at
	// the script's top level): there "$@" is the function's arguments,
	// which its callers give (retry() { until "$@"; do sleep 2; done }).
	InFunction string
	// Stdin are the words of the command whose output a pipe feeds this
	// one's input (`curl -sSL URL | python3 -`: curl's), the last one
	// of the pipe's left side; nil for none.
	Stdin []string
	// Writes are the files the command's output redirections write to
	// (`> file`, `>> file`, `&> file`), its own or those of a compound
	// command around it. A statement that is only a redirection (`> f`)
	// is a call with no words.
	Writes []Write
}

// Write is a file an output redirection writes.
type Write struct {
	// Path is absolute; "" when it cannot be known (Known false).
	Path  string
	Known bool
	// Append says the redirection adds to the file (>>).
	Append bool
}

// Name is the command's name, "" if unknown.
func (c *Call) Name() string {
	if len(c.Args) == 0 || !c.Known[0] {
		return ""
	}
	return c.Args[0]
}

// Summary is the program and its first argument as written, for
// messages ("npm ci", "git clone"): an unknown word stays empty.
func (c *Call) Summary() string {
	return strings.Join(c.Args[:min(2, len(c.Args))], " ")
}

// Getenv looks up a variable in the environment the command sees: set
// tells whether it exists, known whether its value could be evaluated.
func (c *Call) Getenv(name string) (value string, set, known bool) {
	if c.unknown[name] {
		return "", true, false
	}
	if v, ok := c.env[name]; ok {
		return v, true, true
	}
	if c.base != nil {
		return c.base(name)
	}
	return "", false, true
}

// NewCall is a call with the given words, all known, that sees env; for
// commands not read from a script (a RUN in exec form).
func NewCall(args []string, dir string, env Lookup) Call {
	c := Call{Args: args, Known: make([]bool, len(args)), Dir: dir, Offset: -1, End: -1, Assigns: map[string]string{}, base: env}
	for i := range c.Known {
		c.Known[i] = true
	}
	return c
}

// Join writes words as one command line that a POSIX shell reads back as
// those words, for a shell-form CMD or a RUN written anew; ok is false,
// with the word, when one cannot be written so.
func Join(words []string) (line, word string, ok bool) {
	quoted := make([]string, len(words))
	for i, w := range words {
		q, err := syntax.Quote(w, syntax.LangPOSIX)
		if err != nil {
			return "", w, false
		}
		quoted[i] = q
	}
	return strings.Join(quoted, " "), "", true
}

// AllKnown tells whether every word of the call was evaluated.
func (c *Call) AllKnown() bool {
	for _, k := range c.Known {
		if !k {
			return false
		}
	}
	return true
}

// parsers are reused: a parser is large to make and cheap to reset.
var parsers = sync.Pool{New: func() any { return syntax.NewParser(syntax.Variant(syntax.LangBash)) }}

// parse parses a script with a parser of the pool.
func parse(script string) (*syntax.File, error) {
	parser := parsers.Get().(*syntax.Parser)
	defer parsers.Put(parser)
	return parser.Parse(strings.NewReader(script), "")
}

// Lookup finds a variable of the environment a script starts with: set
// tells whether it exists, known whether its value can be known.
type Lookup func(name string) (value string, set, known bool)

// MapLookup serves a Lookup from a map of known values.
func MapLookup(m map[string]string) Lookup {
	return func(name string) (string, bool, bool) {
		v, ok := m[name]
		return v, ok, true
	}
}

// State is where a script starts: its working directory and the
// environment it inherits, which Calls only reads.
type State struct {
	Dir string
	Env Lookup
	// Script is the script file's path as the shell is given it ($0),
	// "" for a script that is not a file (a RUN, sh -c).
	Script string
	// Substitutions lists the commands of the command substitutions in
	// a command's words and assignments too (git of COMMIT=$(git
	// rev-parse HEAD)), before the command: for a script's run-time
	// programs, where what counts is every program that runs.
	Substitutions bool
	// Build reads the script as a build's RUN, where what counts is what
	// a command does: a command under sudo is the command it runs
	// (Call.Sudo), and so is one under a runner that keeps the shell's
	// environment, folder and user (nice, timeout, command). A
	// container's script needs sudo and the runner themselves, and lists
	// them.
	Build bool
}

// Calls parses script and lists its simple commands in the order they run.
func Calls(script string, st State) ([]Call, error) {
	f, err := parse(script)
	if err != nil {
		return nil, err
	}
	w := &walker{}
	base := st.Env
	if base == nil {
		base = MapLookup(nil)
	}
	s := &state{dir: st.Dir, base: base, script: st.Script, subst: st.Substitutions, build: st.Build}
	w.stmts(f.Stmts, s, false, true)
	return w.calls, nil
}

// Functions lists the functions a script defines, in the order it
// defines them: a script that reads it with . or source can call them.
func Functions(script string) ([]string, error) {
	f, err := parse(script)
	if err != nil {
		return nil, err
	}
	var names []string
	syntax.Walk(f, func(n syntax.Node) bool {
		if fd, ok := n.(*syntax.FuncDecl); ok && fd.Name != nil {
			names = append(names, fd.Name.Value)
		}
		return true
	})
	return names, nil
}

// Words splits and evaluates a script holding one simple command, for the
// shell form of CMD or ENTRYPOINT; ok is false when it is anything else.
func Words(script string, env Lookup) (args []string, known []bool, ok bool) {
	calls, err := Calls(script, State{Dir: "/", Env: env})
	if err != nil || len(calls) == 0 {
		return nil, nil, false
	}
	return calls[0].Args, calls[0].Known, len(calls) == 1
}

// SourceWords are the words of a script holding one simple command as
// they are written (postgresql-client-${PG_MAJOR}), its assignments left
// out; ok is false when the script is anything else. Its Call's Args are
// the last of them, as many: `env A=B cmd` drops the leading ones.
func SourceWords(script string) (words []string, ok bool) {
	f, err := parse(script)
	if err != nil || len(f.Stmts) != 1 {
		return nil, false
	}
	call, isCall := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !isCall || f.Stmts[0].Negated || f.Stmts[0].Background || len(f.Stmts[0].Redirs) > 0 {
		return nil, false
	}
	for _, w := range call.Args {
		words = append(words, script[w.Pos().Offset():w.End().Offset()])
	}
	return words, true
}

// AndThen reads a script that is two simple commands joined by &&, as a
// container's command compiles a program and then runs it (g++ -o main
// main.cpp && ./main < input.txt): the words of each, and the second as
// written, with its redirections, which only it may have (<, >, >>, <>,
// <<<, to a plain word). Every word is a plain literal, without
// patterns, braces, a tilde or escapes; the script holds no comment. ok
// is false for any other script.
func AndThen(script string) (first, second []string, secondText string, redirects, ok bool) {
	if strings.ContainsAny(script, "#\\") {
		return nil, nil, "", false, false
	}
	f, err := parse(script)
	if err != nil || len(f.Stmts) != 1 {
		return nil, nil, "", false, false
	}
	st := f.Stmts[0]
	bin, isAnd := st.Cmd.(*syntax.BinaryCmd)
	if !isAnd || bin.Op != syntax.AndStmt || st.Negated || st.Background || st.Coprocess || len(st.Redirs) > 0 {
		return nil, nil, "", false, false
	}
	first, ok = plainCommand(bin.X, false)
	if !ok {
		return nil, nil, "", false, false
	}
	second, ok = plainCommand(bin.Y, true)
	if !ok {
		return nil, nil, "", false, false
	}
	return first, second, script[bin.Y.Pos().Offset():bin.Y.End().Offset()], len(bin.Y.Redirs) > 0, true
}

// plainCommand is the words of a statement that is one simple command of
// plain literals, with redirections of a file to a plain word where
// redirects allows them.
func plainCommand(st *syntax.Stmt, redirects bool) ([]string, bool) {
	call, isCall := st.Cmd.(*syntax.CallExpr)
	if !isCall || len(call.Assigns) > 0 || len(call.Args) == 0 || st.Negated || st.Background || st.Coprocess ||
		len(st.Redirs) > 0 && !redirects {
		return nil, false
	}
	plain := func(w *syntax.Word) (string, bool) {
		v, ok := plainLiteral(w)
		return v, ok && !strings.ContainsAny(v, "*?[]{}~")
	}
	for _, r := range st.Redirs {
		switch r.Op {
		case syntax.RdrIn, syntax.RdrOut, syntax.AppOut, syntax.RdrInOut, syntax.WordHdoc:
		default:
			return nil, false
		}
		if _, ok := plain(r.Word); !ok {
			return nil, false
		}
	}
	var words []string
	for _, w := range call.Args {
		v, ok := plain(w)
		if !ok {
			return nil, false
		}
		words = append(words, v)
	}
	return words, true
}

// state is the shell's state while walking: what the script itself set,
// over the read-only environment it started with.
type state struct {
	dir     string
	script  string            // $0, "" when not a file
	funcs   map[string]effect // the functions defined so far
	base    Lookup
	env     map[string]string // exported by the script
	unknown map[string]bool   // exported by the script, value unknown
	vars    map[string]string // set but not exported
	fn      string            // the function whose body is walked, "" for none
	subst   bool              // State.Substitutions
	build   bool              // State.Build
	// pushed are the folders pushd left, the last on top.
	pushed []string
	// allexport is set -a: every assignment exports.
	allexport bool
	stdin     []string // a pipe's left side, for the first command of its right
}

func (s *state) clone() *state {
	return &state{dir: s.dir, script: s.script, funcs: s.funcs, base: s.base, env: maps.Clone(s.env), unknown: maps.Clone(s.unknown), vars: maps.Clone(s.vars), fn: s.fn, subst: s.subst, build: s.build, allexport: s.allexport, pushed: s.pushed}
}

// put sets m[k], making the map on first use: most commands set nothing,
// and a map made for each of them was most of what reading a RUN allocated.
func put[K comparable, V any](m *map[K]V, k K, v V) {
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
}

// exported reports an exported variable: from the script, or inherited.
func (s *state) exported(name string) (value string, set, known bool) {
	if s.unknown[name] {
		return "", true, false
	}
	if v, ok := s.env[name]; ok {
		return v, true, true
	}
	return s.base(name)
}

// environ lets mvdan's expander read the state; unknown names count as unset
// so that NoUnset turns them into errors, which mark the word unknown.
type environ struct {
	s *state
}

func (e environ) Get(name string) expand.Variable {
	if v, set, known := e.s.exported(name); set {
		if !known {
			return expand.Variable{}
		}
		return expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: v}
	}
	if v, ok := e.s.vars[name]; ok {
		return expand.Variable{Set: true, Kind: expand.String, Str: v}
	}
	if name == "PWD" && e.s.dir != "" {
		return expand.Variable{Set: true, Kind: expand.String, Str: e.s.dir}
	}
	if name == "0" && e.s.script != "" {
		return expand.Variable{Set: true, Kind: expand.String, Str: e.s.script}
	}
	return expand.Variable{}
}

// Each lists only what the script set: the inherited environment is read
// by name, never listed, so a script costs the same in any stage.
func (e environ) Each(f func(name string, vr expand.Variable) bool) {
	for k := range e.s.env {
		if !f(k, e.Get(k)) {
			return
		}
	}
}

type walker struct {
	calls []Call
}

// substitutions walks the commands of the command substitutions in a
// word ($(git rev-parse HEAD)), each in a subshell; the calls have no
// offsets, being no command of the script's own text to edit.
func (w *walker) substitutions(word *syntax.Word, s *state, cond bool) {
	if word == nil {
		return
	}
	syntax.Walk(word, func(n syntax.Node) bool {
		if cs, ok := n.(*syntax.CmdSubst); ok {
			w.stmts(cs.Stmts, s.clone(), cond, false)
			return false
		}
		return true
	})
}

// errProcSubst refuses process substitution, whose value is a path that
// only exists while the command runs.
var errProcSubst = errors.New("process substitution")

func (w *walker) literal(word *syntax.Word, s *state) (v string, ok bool) {
	if v, ok := plainLiteral(word); ok {
		return v, true
	}
	// The expander is a library: whatever input it chokes on makes the word
	// unknown, never a crash on a user's save.
	defer func() {
		if recover() != nil {
			v, ok = "", false
		}
	}()
	cfg := &expand.Config{Env: environ{s: s}, NoUnset: true,
		ProcSubst: func(*syntax.ProcSubst) (string, error) { return "", errProcSubst },
		CmdSubst:  func(out io.Writer, cs *syntax.CmdSubst) error { return w.pathSubst(out, cs, s) }}
	v, err := expand.Literal(cfg, word)
	if err != nil {
		return "", false
	}
	return v, true
}

// positional tells whether a word is "$@" or "$*", quoted or not: the
// arguments the script was given, whatever they are.
func positional(word *syntax.Word) bool {
	if len(word.Parts) != 1 {
		return false
	}
	part := word.Parts[0]
	if dq, ok := part.(*syntax.DblQuoted); ok {
		if len(dq.Parts) != 1 {
			return false
		}
		part = dq.Parts[0]
	}
	pe, ok := part.(*syntax.ParamExp)
	return ok && pe.Param != nil && (pe.Param.Value == "@" || pe.Param.Value == "*") &&
		!pe.Excl && !pe.Length && !pe.Width && pe.Index == nil && pe.Slice == nil && pe.Repl == nil && pe.Exp == nil
}

// errCmdSubst refuses a command substitution whose output cannot be
// known without running it.
var errCmdSubst = errors.New("command substitution")

// pathSubst is the output of a command substitution that only works on
// paths, with words that can be known: $(dirname "$0"), $(basename
// "$1"), $(pwd), as cd "$(dirname "$0")" starts many scripts.
func (w *walker) pathSubst(out io.Writer, cs *syntax.CmdSubst, s *state) error {
	if len(cs.Stmts) != 1 || len(cs.Stmts[0].Redirs) > 0 || cs.Stmts[0].Background {
		return errCmdSubst
	}
	call, ok := cs.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(call.Assigns) > 0 {
		return errCmdSubst
	}
	var words []string
	for _, word := range call.Args {
		v, ok := w.literal(word, s)
		if !ok {
			return errCmdSubst
		}
		words = append(words, v)
	}
	switch {
	case len(words) == 2 && words[0] == "dirname" && !strings.HasPrefix(words[1], "-"):
		_, err := io.WriteString(out, path.Dir(words[1]))
		return err
	case len(words) == 2 && words[0] == "basename" && !strings.HasPrefix(words[1], "-"):
		_, err := io.WriteString(out, path.Base(words[1]))
		return err
	case len(words) == 1 && words[0] == "pwd" && s.dir != "":
		_, err := io.WriteString(out, s.dir)
		return err
	}
	return errCmdSubst
}

// plainLiteral is the value of a word that is one unquoted literal with
// no tilde: what expand.Literal gives it, without the expander's
// configuration, which cost more than the rest of reading a word.
func plainLiteral(word *syntax.Word) (string, bool) {
	if len(word.Parts) != 1 {
		return "", false
	}
	lit, ok := word.Parts[0].(*syntax.Lit)
	if !ok || strings.HasPrefix(lit.Value, "~") || strings.IndexByte(lit.Value, 0) >= 0 {
		return "", false
	}
	return lit.Value, true
}

func (w *walker) stmts(list []*syntax.Stmt, s *state, cond, top bool) {
	for _, st := range list {
		w.stmt(st, s, cond, top)
	}
}

// stmt walks one statement: its command, and the files its output
// redirections write, given to every call inside it.
func (w *walker) stmt(st *syntax.Stmt, s *state, cond, top bool) {
	if st.Background {
		// `cmd &` runs in a subshell: what it sets stays there.
		s = s.clone()
	}
	writes := w.redirects(st.Redirs, s)
	first := len(w.calls)
	if st.Cmd == nil && len(writes) > 0 {
		w.calls = append(w.calls, Call{Dir: s.dir, base: s.base, Conditional: cond, Offset: -1, End: -1, InFunction: s.fn})
	} else {
		w.cmd(st.Cmd, s, cond, top)
	}
	for i := first; i < len(w.calls); i++ {
		w.calls[i].Writes = append(w.calls[i].Writes, writes...)
	}
}

// redirects lists the files a statement's output redirections write,
// leaving out the /dev files (/dev/null, /dev/stderr, ...).
func (w *walker) redirects(rs []*syntax.Redirect, s *state) []Write {
	var out []Write
	for _, r := range rs {
		switch r.Op {
		case syntax.RdrOut, syntax.AppOut, syntax.RdrAll, syntax.AppAll, syntax.RdrClob, syntax.RdrInOut:
		default:
			continue
		}
		v, ok := w.literal(r.Word, s)
		switch {
		case !ok && devPrefix(r.Word):
			// "/dev/tcp/$host/$port": bash's sockets, no file.
		case !ok || s.dir == "" && !path.IsAbs(v):
			out = append(out, Write{})
		case strings.HasPrefix(Resolve(s.dir, v), "/dev/"):
		default:
			out = append(out, Write{Path: Resolve(s.dir, v), Known: true, Append: r.Op == syntax.AppOut || r.Op == syntax.AppAll})
		}
	}
	return out
}

// devPrefix tells whether a word starts with /dev/ written out, whatever
// follows.
func devPrefix(word *syntax.Word) bool {
	if word == nil || len(word.Parts) == 0 {
		return false
	}
	first := word.Parts[0]
	if q, ok := first.(*syntax.DblQuoted); ok && len(q.Parts) > 0 {
		first = q.Parts[0]
	}
	lit, ok := first.(*syntax.Lit)
	return ok && strings.HasPrefix(lit.Value, "/dev/")
}

func (w *walker) cmd(c syntax.Command, s *state, cond, top bool) {
	switch c := c.(type) {
	case *syntax.CallExpr:
		if s.subst {
			for _, a := range c.Assigns {
				w.substitutions(a.Value, s, cond)
			}
			for _, word := range c.Args {
				w.substitutions(word, s, cond)
			}
		}
		w.call(c, s, cond, top)
	case *syntax.DeclClause:
		if s.subst {
			for _, a := range c.Args {
				w.substitutions(a.Value, s, cond)
			}
		}
		// export, and declare -x or typeset -x, export what they set;
		// local, readonly and declare without -x set it.
		export := c.Variant.Value == "export"
		opaque := false
		for _, a := range c.Args {
			if a.Name != nil || a.Value == nil {
				continue
			}
			opt, ok := w.literal(a.Value, s)
			if ok && strings.HasPrefix(opt, "-") && strings.Contains(opt, "x") {
				export = export || c.Variant.Value == "declare" || c.Variant.Value == "typeset"
			}
			// export $(cat .env | xargs): NAME=value words only the run
			// knows.
			opaque = opaque || !ok || !strings.HasPrefix(opt, "-") && strings.Contains(opt, "=")
		}
		if opaque && c.Variant.Value != "nameref" {
			s.opaque()
		}
		for _, a := range c.Args {
			if c.Variant.Value != "nameref" {
				w.assign(a, s, export)
			}
		}
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.AndStmt:
			w.stmt(c.X, s, cond, top)
			if condition(c.X) {
				// `[ "$ARCH" = arm64 ] && export CGO_ENABLED=1`: the
				// right side runs only when the test holds.
				s.leave(w.branch([]*syntax.Stmt{c.Y}, s, top))
				break
			}
			w.stmt(c.Y, s, cond, top)
		case syntax.OrStmt:
			w.stmt(c.X, s, cond, top)
			s.leave(w.branch([]*syntax.Stmt{c.Y}, s, top))
		default: // pipes run each side in a subshell
			n := len(w.calls)
			w.stmt(c.X, s.clone(), cond, top)
			right := s.clone()
			if len(w.calls) > n {
				right.stdin = w.calls[len(w.calls)-1].Args
			}
			w.stmt(c.Y, right, cond, top)
		}
	case *syntax.Block:
		w.stmts(c.Stmts, s, cond, top)
	case *syntax.Subshell:
		w.stmts(c.Stmts, s.clone(), cond, top)
	case *syntax.TimeClause:
		if c.Stmt != nil {
			w.stmt(c.Stmt, s, cond, top)
		}
	case *syntax.IfClause:
		var branches []*state
		for ic := c; ic != nil; ic = ic.Else {
			branches = append(branches, w.branch(ic.Cond, s, top), w.branch(ic.Then, s, top))
		}
		s.leave(branches...)
	case *syntax.WhileClause:
		s.leave(w.branch(c.Cond, s, top), w.branch(c.Do, s, top))
	case *syntax.ForClause:
		// for d in a b: d takes each word in turn, and keeps the last.
		if it, ok := c.Loop.(*syntax.WordIter); ok && it.Name != nil {
			s.forget(it.Name.Value)
		}
		s.leave(w.branch(c.Do, s, top))
	case *syntax.CaseClause:
		var branches []*state
		for _, it := range c.Items {
			branches = append(branches, w.branch(it.Stmts, s, top))
		}
		s.leave(branches...)
	case *syntax.FuncDecl:
		var e effect
		if c.Body != nil {
			body := s.clone()
			if c.Name != nil {
				body.fn = c.Name.Value
			}
			w.stmt(c.Body, body, true, top)
			e = s.changes(body)
		}
		if c.Name != nil {
			put(&s.funcs, c.Name.Value, e)
		}
	}
}

// drop removes the call's first n words (a wrapper's: env A=B, sudo).
func (c *Call) drop(n int) {
	c.Args, c.Known = c.Args[n:], c.Known[n:]
	prefixes, params := c.Prefixes, c.Positional
	c.Prefixes, c.Positional = nil, nil
	for k, v := range prefixes {
		if k >= n {
			put(&c.Prefixes, k-n, v)
		}
	}
	for k := range params {
		if k >= n {
			put(&c.Positional, k-n, true)
		}
	}
}

// unenv reads `env A=B cmd ...` as the same call with A=B in its
// environment.
func (c *Call) unenv() {
	if c.Name() != "env" {
		return
	}
	i := 1
	for i < len(c.Args) && c.Known[i] {
		k, _, isAssign := strings.Cut(c.Args[i], "=")
		if !isAssign || k == "" || strings.HasPrefix(k, "-") {
			break
		}
		i++
	}
	if i == 1 || i == len(c.Args) {
		return // env, env -i ..., or env A=B printing the environment
	}
	for _, a := range c.Args[1:i] {
		k, v, _ := strings.Cut(a, "=")
		put(&c.Assigns, k, v)
		put(&c.env, k, v)
		delete(c.unknown, k)
	}
	c.drop(i)
}

// sameShell are the command runners that run their command as the
// shell would, in its environment and folder and as its user: a build's
// `command go build`, `nice -n 10 make` or `timeout 20m cargo build` is
// the inner command's.
var sameShell = []string{"command", "builtin", "nice", "nohup", "setsid", "ionice", "stdbuf", "timeout", "flock"}

// unwrap reads a call of a sameShell runner as the command it runs, when
// every word up to that command is known.
func (c *Call) unwrap() {
	for slices.Contains(sameShell, c.Name()) {
		n := len(c.Args) - len(Inner(c.Args))
		if n == len(c.Args) || slices.Contains(c.Known[:n+1], false) {
			return
		}
		c.drop(n)
	}
}

// securePath is PATH under sudo: the secure_path of Debian's and
// Ubuntu's sudoers.
const securePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// unsudo reads `sudo [-E] [-H] [-n] [-u root] [NAME=value ...] command
// ...` as the command it runs as root (tutorial files write `sudo apt
// install` though a build runs as root already). sudo resets the
// environment (env_reset): the command sees PATH as secure_path, HOME as
// root's and the assignments given to sudo, nothing the script or the
// image exported, unless -E keeps them (PATH is secure_path even then).
// Another user, a shell or a login leave the call as sudo's.
func (c *Call) unsudo() {
	keep, i := false, 1
options:
	for ; i < len(c.Args) && c.Known[i]; i++ {
		switch a := c.Args[i]; {
		case a == "--":
			i++
			break options
		case a == "-E" || a == "--preserve-env":
			keep = true
		case a == "-H" || a == "--set-home" || a == "-n" || a == "--non-interactive" || a == "-S" || a == "--stdin" || a == "-P" || a == "--preserve-groups":
		case (a == "-u" || a == "--user") && i+1 < len(c.Args) && c.Known[i+1] && (c.Args[i+1] == "root" || c.Args[i+1] == "#0"):
			i++
		case a == "-uroot" || a == "--user=root":
		case strings.HasPrefix(a, "-"):
			return
		default:
			break options
		}
	}
	env := map[string]string{}
	for ; i < len(c.Args) && c.Known[i]; i++ {
		k, v, ok := strings.Cut(c.Args[i], "=")
		if !ok || !syntax.ValidName(k) {
			break
		}
		env[k] = v
	}
	if i >= len(c.Args) || !c.Known[i] {
		return
	}
	c.drop(i)
	c.Sudo = true
	if !keep {
		c.env, c.unknown, c.base = map[string]string{"HOME": "/root"}, nil, MapLookup(nil)
		c.Assigns = nil
	}
	// secure_path applies with -E too.
	put(&c.env, "PATH", securePath)
	delete(c.unknown, "PATH")
	for k, v := range env {
		put(&c.env, k, v)
		put(&c.Assigns, k, v)
		delete(c.unknown, k)
	}
}

// branch walks statements that may or may not run (an if's branch, a
// loop's body) in a copy of the state, and returns the copy.
func (w *walker) branch(list []*syntax.Stmt, s *state, top bool) *state {
	b := s.clone()
	w.stmts(list, b, true, top)
	return b
}

// leave is the state after a compound command whose branches may or may
// not have run: the working directory, and each variable, stay as they
// were unless a branch changed them, and are unknown after it otherwise
// (`export CGO_ENABLED=0; if [ -n "$ARM" ]; then export CGO_ENABLED=1;
// fi` leaves cgo unknown, not off).
func (s *state) leave(branches ...*state) {
	for _, b := range branches {
		if b.dir != s.dir {
			s.dir = ""
		}
		if !slices.Equal(b.pushed, s.pushed) {
			s.pushed = nil // a popd after it goes to a folder that cannot be known
		}
		for _, names := range []map[string]string{b.env, s.env} {
			for k := range names {
				s.exportedUnknown(b, k)
			}
		}
		for k := range b.unknown {
			s.exportedUnknown(b, k)
		}
		for _, names := range []map[string]string{b.vars, s.vars} {
			for k := range names {
				if v, ok := b.vars[k]; !ok || v != s.vars[k] {
					delete(s.vars, k) // unset, which the expander reads as unknown
				}
			}
		}
	}
}

// expansionAssigns forgets the variables a command's words assign with
// ${NAME:=word} or ${NAME=word} (`: "${CGO_ENABLED:=0}"`, scripts' way
// of giving a default), unless they have a value that keeps them.
func (s *state) expansionAssigns(c *syntax.CallExpr) {
	for _, word := range c.Args {
		if _, ok := plainLiteral(word); ok {
			continue // most words: nothing to walk
		}
		syntax.Walk(word, func(n syntax.Node) bool {
			pe, ok := n.(*syntax.ParamExp)
			if !ok || pe.Exp == nil || pe.Param == nil || pe.Exp.Op != syntax.AssignUnset && pe.Exp.Op != syntax.AssignUnsetOrNull {
				return true
			}
			name := pe.Param.Value
			if v, set, known := s.value(name); !known || !set || v == "" && pe.Exp.Op == syntax.AssignUnsetOrNull {
				s.forget(name)
			}
			return true
		})
	}
}

// agentOnly tells whether eval's words run nothing but ssh-agent in
// command substitutions (eval "$(ssh-agent -s)").
func agentOnly(words []*syntax.Word) bool {
	agent := false
	for _, word := range words {
		for _, part := range word.Parts {
			if q, ok := part.(*syntax.DblQuoted); ok && len(q.Parts) == 1 {
				part = q.Parts[0]
			}
			cs, ok := part.(*syntax.CmdSubst)
			if !ok || len(cs.Stmts) != 1 {
				return false
			}
			call, ok := cs.Stmts[0].Cmd.(*syntax.CallExpr)
			if !ok || len(call.Args) == 0 {
				return false
			}
			if name, ok := plainLiteral(call.Args[0]); !ok || path.Base(name) != "ssh-agent" {
				return false
			}
			agent = true
		}
	}
	return agent
}

// opaque is the state after a command that may have set any variable
// (export $(cat .env | xargs)): every variable it had, and every one the
// environment gave, is unknown.
func (s *state) opaque() {
	for k := range s.env {
		put(&s.unknown, k, true)
	}
	s.env, s.vars = nil, nil
	s.base = func(string) (string, bool, bool) { return "", true, false }
}

// forget makes a variable unknown: set to a value the reader cannot
// tell (a loop's variable, what read or printf -v stores).
func (s *state) forget(name string) {
	if _, exported, _ := s.exported(name); exported || s.allexport {
		delete(s.env, name)
		put(&s.unknown, name, true)
	}
	delete(s.vars, name)
}

// exportedUnknown makes the exported variable name unknown in s when the
// branch b left it otherwise than s has it.
func (s *state) exportedUnknown(b *state, name string) {
	v, set, known := b.exported(name)
	if w, wset, wknown := s.exported(name); v == w && set == wset && known == wknown {
		return
	}
	s.unknownExported(name)
}

// unknownExported makes a variable exported with a value that cannot be
// known.
func (s *state) unknownExported(name string) {
	delete(s.env, name)
	delete(s.vars, name)
	put(&s.unknown, name, true)
}

// value is a variable's value as the script sees it: its own, or one it
// exported or inherited.
func (s *state) value(name string) (v string, set, known bool) {
	if v, ok := s.vars[name]; ok {
		return v, true, true
	}
	return s.exported(name)
}

// effect is what a call of a function the script defined may change in
// the calling shell: the variables its body sets, and whether it cds.
type effect struct {
	names []string
	dir   bool
}

// changes is what the state after a function's body changed of s, the
// state it was declared in.
func (s *state) changes(body *state) effect {
	after := s.clone()
	after.leave(body)
	e := effect{dir: after.dir != s.dir}
	for k := range after.unknown {
		if !s.unknown[k] {
			e.names = append(e.names, k)
		}
	}
	for k := range s.vars {
		if _, ok := after.vars[k]; !ok {
			e.names = append(e.names, k)
		}
	}
	return e
}

// condition tells whether a statement is a test whose failure a build
// goes on after: `[ ... ]`, `test`, `[[ ... ]]`, a negation, or a probe
// for a program or a package (command -v, which, grep -q, dpkg -s).
func condition(st *syntax.Stmt) bool {
	if st.Negated {
		return true
	}
	switch c := st.Cmd.(type) {
	case *syntax.TestClause:
		return true
	case *syntax.BinaryCmd:
		return (c.Op == syntax.AndStmt || c.Op == syntax.OrStmt) && (condition(c.X) || condition(c.Y))
	case *syntax.CallExpr:
		if len(c.Args) == 0 {
			return false
		}
		name, ok := plainLiteral(c.Args[0])
		return ok && slices.Contains(probes, name)
	}
	return false
}

// probes are the commands scripts write as the test of `A && B`: B is
// then run only when the probe holds.
var probes = []string{"[", "test", "command", "which", "type", "hash", "grep", "getent", "id", "dpkg", "dpkg-query", "false"}

func (w *walker) assign(a *syntax.Assign, s *state, export bool) {
	if a.Name == nil {
		return
	}
	name := a.Name.Value
	v, ok := "", true
	if a.Array != nil || a.Index != nil {
		ok = false // an array's, which no command here reads as a string
	} else if a.Value != nil {
		v, ok = w.literal(a.Value, s)
		if a.Append {
			// PATH+=:/opt/bin, GOFLAGS+=" -mod=vendor".
			old, set, known := s.value(name)
			v, ok = old+v, ok && (known || !set)
		}
	} else if a.Naked {
		if old, set, known := s.value(name); set && known {
			v = old
		} else if !export {
			return
		}
	}
	_, exported, _ := s.exported(name)
	if export || exported || s.allexport {
		if ok {
			put(&s.env, name, v)
			delete(s.unknown, name)
		} else {
			delete(s.env, name)
			put(&s.unknown, name, true)
		}
		delete(s.vars, name)
		return
	}
	if ok {
		put(&s.vars, name, v)
	} else {
		delete(s.vars, name)
	}
}

func (w *walker) call(c *syntax.CallExpr, s *state, cond, top bool) {
	if len(c.Args) == 0 {
		for _, a := range c.Assigns {
			w.assign(a, s, false)
		}
		return
	}
	call := Call{Dir: s.dir, env: maps.Clone(s.env), unknown: maps.Clone(s.unknown), base: s.base, Conditional: cond, Offset: -1, End: -1, InFunction: s.fn, Stdin: s.stdin}
	s.stdin = nil
	if top {
		call.Offset, call.End = int(c.Pos().Offset()), int(c.End().Offset())
	}
	for _, a := range c.Assigns {
		if a.Name == nil {
			continue
		}
		var v string
		ok := true
		if a.Value != nil {
			v, ok = w.literal(a.Value, s)
		}
		if ok {
			put(&call.Assigns, a.Name.Value, v)
			put(&call.env, a.Name.Value, v)
			delete(call.unknown, a.Name.Value)
		} else {
			delete(call.env, a.Name.Value)
			put(&call.unknown, a.Name.Value, true)
		}
	}
	defer s.expansionAssigns(c)
	for _, word := range c.Args {
		v, ok := w.literal(word, s)
		if !ok {
			if lit, isLit := word.Parts[0].(*syntax.Lit); isLit && lit.Value != "" && !strings.ContainsAny(lit.Value, "~\\") {
				put(&call.Prefixes, len(call.Args), lit.Value)
			}
			if positional(word) {
				put(&call.Positional, len(call.Args), true)
			}
		}
		call.Args = append(call.Args, v)
		call.Known = append(call.Known, ok)
	}
	// Wrappers in any order: nice env A=B sudo go build is go build.
	for n := -1; n != len(call.Args); {
		n = len(call.Args)
		call.unenv()
		if s.build {
			call.unwrap()
			if call.Name() == "sudo" {
				call.unsudo()
			}
		}
	}
	fn, isFunc := s.funcs[call.Name()]
	call.Function = call.Name() != "" && isFunc
	self := len(w.calls)
	w.calls = append(w.calls, call)
	if call.Function {
		// What the body sets or where it cds is known only in the body.
		for _, k := range fn.names {
			s.unknownExported(k)
		}
		if fn.dir {
			s.dir = ""
		}
	}

	switch call.Name() {
	case "cd":
		// cd -P DIR, cd -- DIR: the options say how links are followed.
		i := 1
		for i < len(call.Args) && call.Known[i] && (call.Args[i] == "-P" || call.Args[i] == "-L" || call.Args[i] == "-e") {
			i++
		}
		if i < len(call.Args) && call.Known[i] && call.Args[i] == "--" {
			i++
		}
		switch {
		case len(call.Args) == i:
			s.dir = "/root"
		case len(call.Args) > i+1 || !call.Known[i] || s.dir == "" || strings.HasPrefix(call.Args[i], "-"):
			s.dir = ""
		default:
			s.dir = Resolve(s.dir, call.Args[i])
		}
	case "export":
		for i := 1; i < len(call.Args); i++ {
			k, v, isAssign := strings.Cut(call.Args[i], "=")
			switch {
			case !call.Known[i]:
			case isAssign:
				put(&s.env, k, v)
				delete(s.unknown, k)
			default:
				if old, ok := s.vars[k]; ok {
					put(&s.env, k, old)
				}
			}
		}
	case "read", "mapfile", "readarray":
		// read -r VERSION < VERSION: the names after the options.
		for i := 1; i < len(call.Args); i++ {
			if k := call.Args[i]; call.Known[i] && syntax.ValidName(k) {
				s.forget(k)
			}
		}
	case "printf":
		if len(call.Args) > 2 && call.Known[1] && call.Args[1] == "-v" && call.Known[2] && syntax.ValidName(call.Args[2]) {
			s.forget(call.Args[2])
		}
	case "pushd":
		// pushd DIR && go build && popd: cd with a stack.
		s.pushed = append(slices.Clip(s.pushed), s.dir)
		if len(call.Args) != 2 || !call.Known[1] || s.dir == "" || strings.HasPrefix(call.Args[1], "-") || strings.HasPrefix(call.Args[1], "+") {
			s.dir = ""
		} else {
			s.dir = Resolve(s.dir, call.Args[1])
		}
	case "popd":
		if len(call.Args) != 1 || len(s.pushed) == 0 {
			s.dir = ""
			break
		}
		s.dir, s.pushed = s.pushed[len(s.pushed)-1], s.pushed[:len(s.pushed)-1]
	case "unset":
		// unset CGO_ENABLED: what the image's ENV gave may be gone, and
		// the state keeps no mark for that; unknown says as much.
		for i := 1; i < len(call.Args); i++ {
			if k := call.Args[i]; call.Known[i] && syntax.ValidName(k) {
				s.unknownExported(k)
			}
		}
	case "set":
		// set -a (allexport): the assignments after it are exported.
		for i := 1; i < len(call.Args); i++ {
			switch a := call.Args[i]; {
			case !call.Known[i]:
			case a == "-o" || a == "+o":
				if i+1 < len(call.Args) && call.Args[i+1] == "allexport" {
					s.allexport = a == "-o"
				}
				i++
			case len(a) > 1 && (a[0] == '-' || a[0] == '+') && a != "--" && strings.Contains(a[1:], "a"):
				s.allexport = a[0] == '-'
			}
		}
	case ".", "source":
		// `. venv/bin/activate`: a virtualenv's activate script sets
		// VIRTUAL_ENV and puts its bin/ first on PATH (what it does
		// besides, the prompt and PYTHONHOME, no command reads here).
		if call.ActivatesVenv() {
			if s.dir == "" && !path.IsAbs(call.Args[1]) {
				put(&s.unknown, "VIRTUAL_ENV", true)
				put(&s.unknown, "PATH", true)
				break
			}
			venv := path.Dir(path.Dir(Resolve(s.dir, call.Args[1])))
			put(&s.env, "VIRTUAL_ENV", venv)
			delete(s.unknown, "VIRTUAL_ENV")
			if old, _, known := s.exported("PATH"); known {
				put(&s.env, "PATH", venv+"/bin:"+old)
			} else {
				put(&s.unknown, "PATH", true)
			}
		}
	case "sh", "bash", "dash", "ash":
		// `sh -c 'script'`: the script's commands run with this state.
		if len(call.Args) >= 3 && call.Args[1] == "-c" && call.Known[2] {
			if f, err := parse(call.Args[2]); err == nil {
				w.calls[self].Nested = true
				st := s.clone()
				if call.Sudo {
					// sudo sh -c '...': the script runs in sudo's
					// environment, as root.
					st.env, st.unknown, st.base, st.vars = maps.Clone(call.env), nil, call.base, nil
				}
				for k, v := range call.Assigns {
					put(&st.env, k, v)
				}
				n := len(w.calls)
				w.stmts(f.Stmts, st, cond, false)
				for k := n; k < len(w.calls); k++ {
					w.calls[k].Sudo = w.calls[k].Sudo || call.Sudo
				}
			}
		}
	case "eval":
		// `eval 'git pull'`: its words, joined, are commands of this
		// shell (eval "$(ssh-agent -s)" runs what only the run knows).
		switch {
		case len(call.Args) < 2:
		case !slices.Contains(call.Known[1:], false):
			if f, err := parse(strings.Join(call.Args[1:], " ")); err == nil {
				w.stmts(f.Stmts, s, cond, false)
			}
		case agentOnly(c.Args[1:]):
			// ssh-agent's output sets its socket and pid, nothing else.
			s.forget("SSH_AUTH_SOCK")
			s.forget("SSH_AGENT_PID")
		default:
			// eval "$(pyenv init -)", eval $(opam env): PATH and more.
			s.opaque()
		}
	case "trap":
		// `trap 'curl ...' EXIT`: commands this shell may run at a
		// signal (trap - TERM and trap 2 INT reset, trap '' INT ignores).
		if len(call.Args) >= 3 && call.Known[1] && call.Args[1] != "" && !strings.HasPrefix(call.Args[1], "-") && strings.Trim(call.Args[1], "0123456789") != "" {
			if f, err := parse(call.Args[1]); err == nil {
				w.stmts(f.Stmts, s.clone(), true, false)
			}
		}
	}
}

// ActivatesVenv tells whether the call sources a virtualenv's activate
// script (`. venv/bin/activate`, `source /opt/venv/bin/activate`), which
// the reader follows by its effect on VIRTUAL_ENV and PATH.
func (c *Call) ActivatesVenv() bool {
	name := c.Name()
	return (name == "." || name == "source") && len(c.Args) >= 2 && c.Known[1] &&
		path.Base(c.Args[1]) == "activate" && path.Base(path.Dir(c.Args[1])) == "bin"
}

// Resolve joins p to dir the way a shell's cd or a relative path does.
func Resolve(dir, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(dir, p)
}
