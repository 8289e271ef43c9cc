package rewrite

import (
	"fmt"
	"iter"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// State is what the builder stage has set when an instruction runs. It
// is a cheap value: variables are looked up in the stage's history, never
// copied, so analysing a file costs the same per line at any length.
type State struct {
	st *Stage
	at int // instructions of Body before this state
	// Workdir is the working directory, "" when it cannot be known.
	Workdir string
	// User is the USER value (expanded), "" for the image's default.
	User     string
	UserLine int
	// Shell is set by SHELL, nil for the default.
	Shell []string
	// Home is the HOME Docker gives a process the ENV does not give one:
	// the home of the user it runs as; "" for root's, /root.
	Home string
}

// binding is one value a variable took: from instruction `at` of Body on
// (-1 for the base image's environment).
type binding struct {
	at    int
	value string
	known bool
	env   bool // set by ENV (an ENV is not overridden by a later ARG)
	arg   *dockerfile.Instruction
}

// Get looks up a variable as a RUN at this point sees it (the base image's
// ENV, then ARG and ENV of the stage): set tells whether it exists, known
// whether its value can be known (an ARG without default cannot).
func (s State) Get(name string) (value string, set, known bool) {
	if b := s.binding(name); b != nil {
		return b.value, true, b.known
	}
	return "", false, true
}

func (s State) binding(name string) *binding {
	hist := s.st.vars[name]
	// the last binding made before this state
	i := sort.Search(len(hist), func(i int) bool { return hist[i].at > s.at }) - 1
	if i < 0 {
		return nil
	}
	return &hist[i]
}

// Arg returns the stage's ARG instruction that declared name before this
// point, if any.
func (s State) Arg(name string) *dockerfile.Instruction {
	hist := s.st.args[name]
	i := sort.Search(len(hist), func(i int) bool { return hist[i].at > s.at }) - 1
	if i < 0 {
		return nil
	}
	return hist[i].arg
}

// ArgBinding is the stage's ARG whose value a RUN at this point sees for
// name: nil when an ENV sets it, or no ARG declared it.
func (s State) ArgBinding(name string) *dockerfile.Instruction {
	if b := s.binding(name); b != nil && !b.env {
		return b.arg
	}
	return nil
}

// Lookup serves the state to the shell reader, with Docker's default HOME.
func (s State) Lookup(name string) (string, bool, bool) {
	v, set, known := s.Get(name)
	if !set && name == "HOME" {
		if s.Home != "" {
			return s.Home, true, true
		}
		return "/root", true, true
	}
	return v, set, known
}

// Stage is the single stage of a file, with the state before every
// instruction.
type Stage struct {
	vars  map[string][]binding // each variable's values, in order
	args  map[string][]binding // each ARG declaration, in order
	calls map[int]*runCalls
	flat  map[int]string // Mentions' text of each instruction
	// copies are ContextCopies' answers, by context: a detector and the
	// rewrite ask alike.
	copies map[*buildctx.Context]contextCopies
	// installs are Installs' answer, nil until asked.
	installs *[]Install
	Doc      *dockerfile.Document
	From     *dockerfile.Instruction
	// Base is the FROM image with meta-ARG defaults expanded; BaseKnown is
	// false when a meta-ARG without default is used.
	Base      string
	BaseKnown bool
	BaseImage Image
	// MetaArgs are the ARGs before FROM, with their default (nil for none).
	MetaArgs map[string]*string
	// BaseArgs are the meta-ARGs the FROM line uses, with the values Base
	// has them at: a build may set others (--build-arg).
	BaseArgs map[string]string
	// Body are the instructions after FROM; Before[i] is the state before Body[i].
	Body   []*dockerfile.Instruction
	Before []State
	// Final is the state at the end of the stage.
	Final State
	lex   *bkshell.Lex
}

// NewStage analyses a document holding exactly one FROM.
func NewStage(doc *dockerfile.Document) *Stage {
	st := &Stage{Doc: doc, MetaArgs: map[string]*string{}, lex: bkshell.NewLex(doc.Escape),
		vars: map[string][]binding{}, args: map[string][]binding{}, calls: map[int]*runCalls{},
		Body: make([]*dockerfile.Instruction, 0, len(doc.Instructions)), Before: make([]State, 0, len(doc.Instructions))}
	meta := map[string]string{}
	metaUnknown := map[string]bool{}
	var cur State
	for _, in := range doc.Instructions {
		switch c := in.Cmd.(type) {
		case *instructions.ArgCommand:
			if st.From == nil {
				for _, a := range c.Args {
					st.MetaArgs[a.Key] = a.Value
					if a.Value == nil {
						metaUnknown[a.Key] = true
						continue
					}
					v, ok := st.expand(*a.Value, meta, metaUnknown)
					if ok {
						meta[a.Key] = v
						delete(metaUnknown, a.Key)
					} else {
						metaUnknown[a.Key] = true
					}
				}
				continue
			}
		case *instructions.Stage:
			st.From = in
			st.Base, st.BaseKnown = st.expand(c.BaseName, meta, metaUnknown)
			if res, err := st.lex.ProcessWordWithMatches(c.BaseName, mapGetter{meta, metaUnknown}); err == nil && len(res.Matched) > 0 {
				st.BaseArgs = map[string]string{}
				for k := range res.Matched {
					st.BaseArgs[k] = meta[k]
				}
			}
			if !st.BaseKnown {
				// A meta-ARG without default: classify the image by what is
				// written (golang:${V}-alpine is still an alpine golang image).
				loose := cloneMap(meta)
				for k := range metaUnknown {
					loose[k] = ""
				}
				res, _ := st.lex.ProcessWordWithMatches(c.BaseName, mapGetter{vars: loose})
				st.Base = res.Result
			}
			st.BaseImage = LookupImage(st.Base)
			for k, v := range st.BaseImage.Env {
				st.vars[k] = []binding{{at: -1, value: v, known: true, env: true}}
			}
			cur = State{st: st, Workdir: st.BaseImage.Workdir}
			continue
		}
		if st.From == nil {
			continue
		}
		cur.at = len(st.Body)
		st.Body = append(st.Body, in)
		st.Before = append(st.Before, cur)
		st.step(&cur, in, meta, metaUnknown)
	}
	cur.at = len(st.Body)
	st.Final = cur
	return st
}

// expand evaluates a Dockerfile word the way BuildKit would, with vars; ok
// is false when it uses a name that is not known.
func (st *Stage) expand(word string, vars map[string]string, unknown map[string]bool) (string, bool) {
	return st.expandWith(word, mapGetter{vars, unknown})
}

func (st *Stage) expandWith(word string, env bkshell.EnvGetter) (string, bool) {
	if st.plain(word) {
		return word, true
	}
	res, err := st.lex.ProcessWordWithMatches(word, env)
	if err != nil || len(res.Unmatched) > 0 {
		return "", false
	}
	for k := range res.Matched {
		if v, ok := env.Get(k); ok && v == unknownValue {
			return "", false
		}
	}
	return res.Result, true
}

// unknownValue stands for a value that cannot be known while BuildKit's
// lexer evaluates a word; a word that uses it is unknown.
const unknownValue = "\x00unknown\x00"

// Expand evaluates a Dockerfile word with the state before an instruction.
func (st *Stage) Expand(word string, s State) (string, bool) {
	return st.expandWith(word, stateGetter{s})
}

// stripQuotes drops quotes, backslashes and the escape character, so that
// `"go" build` and `g\o build` still mention go build. All of them are
// ASCII (BuildKit's escape is \ or `), which no byte of a multi-byte UTF-8
// character can be, so bytes are filtered.
func stripQuotes(text string, escape rune) string {
	drop := func(c byte) bool { return c == '"' || c == '\'' || c == '\\' || rune(c) == escape }
	i := 0
	for i < len(text) && !drop(text[i]) {
		i++
	}
	if i == len(text) {
		return text
	}
	out := make([]byte, i, len(text))
	copy(out, text)
	for ; i < len(text); i++ {
		if !drop(text[i]) {
			out = append(out, text[i])
		}
	}
	return string(out)
}

// plain tells whether BuildKit's lexer would give word back unchanged: no
// variable, no quote, no escape character, valid UTF-8. Most words are
// plain, and the lexer costs more than the rest of reading them.
func (st *Stage) plain(word string) bool {
	return !strings.ContainsAny(word, "$'\"") && !strings.ContainsRune(word, st.Doc.Escape) && utf8.ValidString(word)
}

// Refs lists the variable names a Dockerfile word refers to.
func (st *Stage) Refs(word string) []string {
	if !strings.Contains(word, "$") {
		return nil // only $ starts a reference
	}
	res, err := st.lex.ProcessWordWithMatches(word, mapGetter{})
	if err != nil {
		return nil
	}
	var names []string
	for k := range res.Unmatched {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

type mapGetter struct {
	vars    map[string]string
	unknown map[string]bool
}

func (e mapGetter) Get(k string) (string, bool) {
	if e.unknown[k] {
		return unknownValue, true
	}
	v, ok := e.vars[k]
	return v, ok
}

// Keys is not used by BuildKit's lexer for expansion.
func (e mapGetter) Keys() []string { return nil }

type stateGetter struct{ s State }

func (e stateGetter) Get(k string) (string, bool) {
	v, set, known := e.s.Get(k)
	if set && !known {
		return unknownValue, true
	}
	return v, set
}

func (e stateGetter) Keys() []string { return nil }

// bind records a value of a variable from instruction `at` on.
func (st *Stage) bind(name string, b binding) {
	hist := st.vars[name]
	if n := len(hist); n > 0 && hist[n-1].at == b.at {
		hist[n-1] = b // a later pair of the same instruction wins
		return
	}
	st.vars[name] = append(hist, b)
}

func (st *Stage) step(cur *State, in *dockerfile.Instruction, meta map[string]string, metaUnknown map[string]bool) {
	next := cur.at + 1 // bindings apply to the instructions after this one
	switch c := in.Cmd.(type) {
	case *instructions.ArgCommand:
		for _, a := range c.Args {
			st.args[a.Key] = append(st.args[a.Key], binding{at: next, arg: in})
			if b := cur.binding(a.Key); b != nil && b.env && b.at >= 0 {
				continue // ENV of the stage wins over ARG
			}
			b := binding{at: next, arg: in}
			switch {
			case a.Value != nil:
				b.value, b.known = st.Expand(*a.Value, *cur)
			default:
				if _, isMeta := st.MetaArgs[a.Key]; isMeta {
					v, ok := meta[a.Key]
					b.value, b.known = v, ok && !metaUnknown[a.Key]
				}
			}
			st.bind(a.Key, b)
		}
	case *instructions.EnvCommand:
		// every value of one ENV line sees the state before the line
		bs := make([]binding, len(c.Env))
		for i, kv := range c.Env {
			bs[i].value, bs[i].known = st.Expand(kv.Value, *cur)
			bs[i].at, bs[i].env = next, true
		}
		for i, kv := range c.Env {
			st.bind(kv.Key, bs[i])
		}
	case *instructions.WorkdirCommand:
		v, ok := st.Expand(c.Path, *cur)
		switch {
		case !ok || cur.Workdir == "" && !path.IsAbs(v):
			cur.Workdir = ""
		default:
			cur.Workdir = shell.Resolve(cur.Workdir, v)
		}
	case *instructions.UserCommand:
		v, ok := st.Expand(c.User, *cur)
		if !ok {
			v = "$?"
		}
		cur.User, cur.UserLine = v, in.Line()
	case *instructions.ShellCommand:
		cur.Shell = c.Shell
	}
}

// Script is the shell text of a RUN with its offset map, or the heredoc it
// runs. Offsets are valid only when Logical is not nil.
type Script struct {
	Text    string
	Logical *dockerfile.Logical
	// Start is where Text begins in Logical.Text.
	Start int
}

// RunScript returns what a shell-form RUN runs, or nil for the exec form
// and for heredocs fed to programs other than a shell.
func (st *Stage) RunScript(in *dockerfile.Instruction) *Script {
	run, ok := in.Cmd.(*instructions.RunCommand)
	if !ok || !run.PrependShell || len(run.CmdLine) != 1 {
		return nil
	}
	cmd := run.CmdLine[0]
	if len(run.Files) > 0 {
		// `RUN <<EOF` runs the heredoc as a script; so does `RUN sh <<EOF`.
		name := strings.Fields(cmd)
		data := run.Files[0].Data
		if first, _, _ := strings.Cut(data, "\n"); len(name) == 1 && strings.HasPrefix(first, "#!") && !shell.ShellShebang(first) {
			// RUN <<EOF runs a heredoc that starts with #! with the
			// interpreter it names (#!/usr/bin/env python3).
			return nil
		}
		if len(run.Files) == 1 && (len(name) == 1 || len(name) == 2 && (name[0] == "sh" || name[0] == "bash")) {
			return &Script{Text: data}
		}
		return nil
	}
	lg := st.Doc.Logical(in)
	text := strings.TrimRight(lg.Text, " \t")
	if !strings.HasSuffix(text, cmd) {
		return &Script{Text: cmd}
	}
	return &Script{Text: cmd, Logical: lg, Start: len(text) - len(cmd)}
}

// Program is what the container runs: the first word of ENTRYPOINT, or of
// CMD when there is no ENTRYPOINT, as BuildKit and the shell would see it.
type Program struct {
	In *dockerfile.Instruction
	// Name is the program word (expanded for the shell form); "" when it
	// cannot be known.
	Name string
}

// Program finds what the container runs; nil when there is no CMD or
// ENTRYPOINT in the stage.
func (st *Stage) Program() *Program {
	var cmd, entry *dockerfile.Instruction
	for _, in := range st.Body {
		switch in.Cmd.(type) {
		case *instructions.CmdCommand:
			cmd = in
		case *instructions.EntrypointCommand:
			entry = in
		}
	}
	in := entry
	if in == nil {
		in = cmd
	}
	if in == nil {
		return nil
	}
	line, _ := in.CommandLine()
	p := &Program{In: in}
	if len(line.CmdLine) == 0 {
		return p
	}
	if !line.PrependShell {
		p.Name = line.CmdLine[0]
		return p
	}
	args, known, _ := shell.Words(strings.Join(line.CmdLine, " "), st.Final.Lookup)
	for len(args) > 1 && known[0] && args[0] == "exec" {
		args, known = args[1:], known[1:]
	}
	if len(args) > 0 && known[0] {
		p.Name = args[0]
	}
	return p
}

// LookPath resolves a program name as the container would, with PATH and
// the working directory; "" when it cannot. exists tells which paths hold
// a program.
func LookPath(name, dir, pathVar string, exists func(string) bool) string {
	if base := path.Base(name); name == "" || strings.HasSuffix(name, "/") || base == "." || base == ".." {
		return "" // a folder, not a program
	}
	if strings.Contains(name, "/") {
		if dir == "" && !path.IsAbs(name) {
			return ""
		}
		return shell.Resolve(dir, name)
	}
	for _, d := range strings.Split(pathVar, ":") {
		if d == "" {
			continue
		}
		if p := path.Join(d, name); exists(p) {
			return p
		}
	}
	return ""
}

type runCalls struct {
	calls  []shell.Call
	script *Script
	err    error
}

// Calls lists the commands a RUN (Body[i]) runs, with the shell state each
// sees. The exec form is one call; a heredoc fed to a program other than a
// shell runs nothing msrewrite can read, and gives no calls. Each RUN is
// read once, however many detectors and checks ask.
func (st *Stage) Calls(i int) ([]shell.Call, *Script, error) {
	if rc, ok := st.calls[i]; ok {
		return rc.calls, rc.script, rc.err
	}
	rc := &runCalls{}
	rc.calls, rc.script, rc.err = st.readCalls(i)
	st.calls[i] = rc
	return rc.calls, rc.script, rc.err
}

// ReadableCalls yields every command of the RUN lines whose shell
// msrewrite reads, with the RUN's place in Body, in order. A RUN it
// cannot read is skipped: the checks that must refuse one call Calls.
func (st *Stage) ReadableCalls() iter.Seq2[int, shell.Call] {
	return func(yield func(int, shell.Call) bool) {
		for i, in := range st.Body {
			if in.Name() != "run" {
				continue
			}
			calls, _, err := st.Calls(i)
			if err != nil {
				continue
			}
			for _, c := range calls {
				if !yield(i, c) {
					return
				}
			}
		}
	}
}

func (st *Stage) readCalls(i int) ([]shell.Call, *Script, error) {
	in, before := st.Body[i], st.Before[i]
	run, ok := in.Cmd.(*instructions.RunCommand)
	if !ok {
		return nil, nil, nil
	}
	if !run.PrependShell {
		return []shell.Call{shell.NewCall(append([]string(nil), run.CmdLine...), before.Workdir, before.Lookup)}, nil, nil
	}
	script := st.RunScript(in)
	if script == nil {
		return nil, nil, nil
	}
	calls, err := shell.Calls(script.Text, shell.State{Dir: before.Workdir, Env: before.Lookup, Build: true})
	if err != nil {
		return nil, nil, err
	}
	if err := SudoUnder(before.User, calls); err != nil {
		return nil, nil, err
	}
	return calls, script, nil
}

// SudoUnder refuses commands read from under sudo (shell.Call.Sudo) run
// by a USER other than root: what such a command writes is root's, and
// where (~, pip's --user) is root's, while every reading here follows
// USER.
func SudoUnder(user string, calls []shell.Call) error {
	if u, _, _ := strings.Cut(user, ":"); u != "" && u != "root" && u != "0" && slices.ContainsFunc(calls, func(c shell.Call) bool { return c.Sudo }) {
		return fmt.Errorf("sudo runs a command as root under USER %s, which msrewrite does not follow", u)
	}
	return nil
}

func cloneMap(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// ReadFurther makes Body[i], a RUN, run calls: its commands as read further
// than its shell says (make read as the commands of its recipes), for
// every consumer of Calls, CallsOf and Mentions after it.
func (st *Stage) ReadFurther(i int, calls []shell.Call) {
	_, script, _ := st.Calls(i)
	st.calls[i] = &runCalls{calls: calls, script: script}
	st.Mentions(i) // the RUN's own text, then the words of the calls
	var b strings.Builder
	b.WriteString(st.flat[i])
	for _, c := range calls {
		b.WriteByte('\n')
		b.WriteString(strings.Join(c.Args, " "))
	}
	st.flat[i] = b.String()
}

// Mentions tells, cheaply, whether Body[i] may run a command named by one
// of words, so that consumers can skip reading its shell. It looks at the
// logical line and heredocs with quotes and escapes taken out, so `g"o"` and
// `g\o` still mention go; a name only a variable or command substitution
// makes cannot be known either way, and is skipped by every consumer.
func (st *Stage) Mentions(i int, words ...string) bool {
	if st.flat == nil {
		st.flat = map[int]string{}
	}
	text, ok := st.flat[i]
	if !ok {
		text = stripQuotes(st.Body[i].Text(), st.Doc.Escape)
		st.flat[i] = text
	}
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// ToolCall is one run of a program found in the stage's RUN lines.
type ToolCall struct {
	In     *dockerfile.Instruction
	Index  int // the instruction's place in Body
	Call   shell.Call
	Script *Script
}

// CallsOf finds, in order, every call in the RUN lines of the program
// (matched by its base name, so /usr/local/go/bin/go is go). With
// subcommands, only calls whose first argument is one of them are kept,
// and one whose first argument cannot be evaluated makes the stage
// undecidable: a Skip.
func (st *Stage) CallsOf(program string, subcommands ...string) ([]ToolCall, error) {
	var out []ToolCall
	for i, in := range st.Body {
		if in.Name() != "run" || !st.Mentions(i, program) {
			continue
		}
		calls, script, err := st.Calls(i)
		if err != nil {
			return nil, Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
		}
		for _, c := range calls {
			if path.Base(c.Name()) != program {
				continue
			}
			if len(subcommands) > 0 {
				if len(c.Args) < 2 {
					continue
				}
				if !c.Known[1] {
					return nil, Skipf(in.Line(), "cannot tell what this %s command does", program)
				}
				if !slices.Contains(subcommands, c.Args[1]) {
					continue
				}
			}
			out = append(out, ToolCall{In: in, Index: i, Call: c, Script: script})
		}
	}
	return out, nil
}

// Decidable refuses a build step whose output cannot be known: one that
// runs only under a condition or in a loop, or after a cd to a folder that
// cannot be known.
func (t ToolCall) Decidable() error {
	what := t.Call.Summary()
	switch {
	case t.Call.Conditional:
		return Skipf(t.In.Line(), "%s runs only under a condition or in a loop: its output cannot be decided", what)
	case t.Call.Dir == "":
		return Skipf(t.In.Line(), "%s runs after a cd to a folder that cannot be known", what)
	}
	return nil
}
