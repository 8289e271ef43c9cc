package rewrite

import (
	"path"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// State is what the builder stage has set when an instruction runs.
type State struct {
	// Vars are the values a RUN sees: the base image's ENV, then ARG and
	// ENV of the stage. Unknown lists names whose value cannot be known
	// (an ARG without default, a value built from unknown ones).
	Vars    map[string]string
	Unknown map[string]bool
	// Args are the ARG names declared in the stage (meta-ARGs re-declared
	// included), with the instruction that declared them.
	Args map[string]*dockerfile.Instruction
	// EnvSet are the names set by ENV in the stage.
	EnvSet map[string]bool
	// Workdir is the working directory, "" when it cannot be known.
	Workdir string
	// User is the USER value (expanded), "" for the image's default.
	User     string
	UserLine int
	// Shell is set by SHELL, nil for the default.
	Shell []string
}

func (s State) clone() State {
	c := s
	c.Vars = cloneMap(s.Vars)
	c.Unknown = map[string]bool{}
	for k := range s.Unknown {
		c.Unknown[k] = true
	}
	c.Args = map[string]*dockerfile.Instruction{}
	for k, v := range s.Args {
		c.Args[k] = v
	}
	c.EnvSet = map[string]bool{}
	for k := range s.EnvSet {
		c.EnvSet[k] = true
	}
	return c
}

func cloneMap(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Stage is the single stage of a file, with the state before every
// instruction.
type Stage struct {
	Doc  *dockerfile.Document
	From *dockerfile.Instruction
	// Base is the FROM image with meta-ARG defaults expanded; BaseKnown is
	// false when a meta-ARG without default is used.
	Base      string
	BaseKnown bool
	BaseImage Image
	// MetaArgs are the ARGs before FROM, with their default (nil for none).
	MetaArgs map[string]*string
	// Body are the instructions after FROM; Before[i] is the state before Body[i].
	Body   []*dockerfile.Instruction
	Before []State
	// Final is the state at the end of the stage.
	Final State
	lex   *bkshell.Lex
}

// NewStage analyses a document holding exactly one FROM.
func NewStage(doc *dockerfile.Document) *Stage {
	st := &Stage{Doc: doc, MetaArgs: map[string]*string{}, lex: bkshell.NewLex(doc.Escape)}
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
			if !st.BaseKnown {
				// A meta-ARG without default: classify the image by what is
				// written (golang:${V}-alpine is still an alpine golang image).
				loose := cloneMap(meta)
				for k := range metaUnknown {
					loose[k] = ""
				}
				res, _ := st.lex.ProcessWordWithMatches(c.BaseName, envGetter{vars: loose})
				st.Base = res.Result
			}
			st.BaseImage = LookupImage(st.Base)
			cur = State{Vars: cloneMap(st.BaseImage.Env), Unknown: map[string]bool{}, Args: map[string]*dockerfile.Instruction{}, EnvSet: map[string]bool{}, Workdir: st.BaseImage.Workdir}
			continue
		}
		if st.From == nil {
			continue
		}
		st.Body = append(st.Body, in)
		st.Before = append(st.Before, cur.clone())
		st.step(&cur, in, meta, metaUnknown)
	}
	st.Final = cur
	return st
}

// expand evaluates a Dockerfile word the way BuildKit would, with vars; ok
// is false when it uses a name that is not known.
func (st *Stage) expand(word string, vars map[string]string, unknown map[string]bool) (string, bool) {
	res, err := st.lex.ProcessWordWithMatches(word, envGetter{vars, unknown})
	if err != nil || len(res.Unmatched) > 0 {
		return "", false
	}
	for k := range res.Matched {
		if unknown[k] {
			return "", false
		}
	}
	return res.Result, true
}

// Expand evaluates a Dockerfile word with the state before an instruction.
func (st *Stage) Expand(word string, s State) (string, bool) {
	return st.expand(word, s.Vars, s.Unknown)
}

// Refs lists the variable names a Dockerfile word refers to.
func (st *Stage) Refs(word string) []string {
	res, err := st.lex.ProcessWordWithMatches(word, envGetter{})
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

type envGetter struct {
	vars    map[string]string
	unknown map[string]bool
}

func (e envGetter) Get(k string) (string, bool) {
	if e.unknown[k] {
		return "", true
	}
	v, ok := e.vars[k]
	return v, ok
}

func (e envGetter) Keys() []string {
	keys := make([]string, 0, len(e.vars))
	for k := range e.vars {
		keys = append(keys, k)
	}
	return keys
}

func (st *Stage) set(cur *State, k, v string, ok bool) {
	if ok {
		cur.Vars[k] = v
		delete(cur.Unknown, k)
	} else {
		delete(cur.Vars, k)
		cur.Unknown[k] = true
	}
}

func (st *Stage) step(cur *State, in *dockerfile.Instruction, meta map[string]string, metaUnknown map[string]bool) {
	switch c := in.Cmd.(type) {
	case *instructions.ArgCommand:
		for _, a := range c.Args {
			cur.Args[a.Key] = in
			if _, isEnv := cur.EnvSet[a.Key]; isEnv {
				continue // ENV wins over ARG
			}
			switch {
			case a.Value != nil:
				v, ok := st.Expand(*a.Value, *cur)
				st.set(cur, a.Key, v, ok)
			default:
				if _, isMeta := st.MetaArgs[a.Key]; isMeta {
					v, ok := meta[a.Key]
					st.set(cur, a.Key, v, ok && !metaUnknown[a.Key])
				} else {
					st.set(cur, a.Key, "", false)
				}
			}
		}
	case *instructions.EnvCommand:
		vals := make([]string, len(c.Env))
		oks := make([]bool, len(c.Env))
		for i, kv := range c.Env {
			// every value of one ENV line sees the state before the line
			vals[i], oks[i] = st.Expand(kv.Value, *cur)
		}
		for i, kv := range c.Env {
			st.set(cur, kv.Key, vals[i], oks[i])
			cur.EnvSet[kv.Key] = true
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
		if len(run.Files) == 1 && (len(name) == 1 || len(name) == 2 && (name[0] == "sh" || name[0] == "bash")) {
			return &Script{Text: run.Files[0].Data}
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
	// Shell is true for the shell form, which needs /bin/sh.
	Shell bool
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
	var line instructions.ShellDependantCmdLine
	switch c := in.Cmd.(type) {
	case *instructions.CmdCommand:
		line = c.ShellDependantCmdLine
	case *instructions.EntrypointCommand:
		line = c.ShellDependantCmdLine
	}
	p := &Program{In: in, Shell: line.PrependShell}
	if len(line.CmdLine) == 0 {
		return p
	}
	if !line.PrependShell {
		p.Name = line.CmdLine[0]
		return p
	}
	args, known, _ := shell.Words(strings.Join(line.CmdLine, " "), st.Final.Vars)
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

// Calls lists the commands a RUN (Body[i]) runs, with the shell state each
// sees. The exec form is one call; a heredoc fed to a program other than a
// shell runs nothing msrewrite can read, and gives no calls.
func (st *Stage) Calls(i int) ([]shell.Call, *Script, error) {
	in, before := st.Body[i], st.Before[i]
	run, ok := in.Cmd.(*instructions.RunCommand)
	if !ok {
		return nil, nil, nil
	}
	env := st.runEnv(before)
	if !run.PrependShell {
		c := shell.Call{Dir: before.Workdir, Env: env, UnknownEnv: before.Unknown, Offset: -1, Assigns: map[string]string{}}
		for _, a := range run.CmdLine {
			c.Args = append(c.Args, a)
			c.Known = append(c.Known, true)
		}
		return []shell.Call{c}, nil, nil
	}
	script := st.RunScript(in)
	if script == nil {
		return nil, nil, nil
	}
	calls, err := shell.Calls(script.Text, shell.State{Dir: before.Workdir, Env: env})
	if err != nil {
		return nil, nil, err
	}
	for j := range calls {
		for k := range before.Unknown {
			if _, set := calls[j].Assigns[k]; !set {
				calls[j].UnknownEnv[k] = true
			}
		}
	}
	return calls, script, nil
}

// runEnv is the environment a RUN starts with: ARG and ENV values the
// stage knows, over the base image's.
func (st *Stage) runEnv(s State) map[string]string {
	env := cloneMap(s.Vars)
	if _, ok := env["HOME"]; !ok {
		env["HOME"] = "/root"
	}
	return env
}
