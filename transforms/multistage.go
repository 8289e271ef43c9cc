package transforms

import (
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// MultiStage splits a single-stage file into a builder and a slim runtime stage.
var MultiStage = rewrite.Transform{
	Name: "multistage",
	Doc:  "split a single-stage build into a builder stage and a slim runtime stage",
	Run:  runMultiStage,
}

// moved are the instructions that only describe the final image: they leave
// the builder for the runtime stage, with their comments.
var moved = map[string]bool{"cmd": true, "entrypoint": true, "expose": true, "label": true, "maintainer": true,
	"volume": true, "healthcheck": true, "stopsignal": true}

// shellBuiltins run without any program in the image, given a shell.
var shellBuiltins = map[string]bool{"exec": true, "echo": true, "printf": true, "cd": true, "export": true, "set": true,
	"test": true, "[": true, "true": true, "false": true, ":": true, ".": true, "trap": true, "wait": true, "read": true,
	"eval": true, "shift": true, "unset": true, "umask": true, "ulimit": true, "exit": true}

type plan struct {
	p        *rewrite.Pass
	st       *rewrite.Stage
	b        *rewrite.Build
	runtime  rewrite.Image
	alias    string
	kw       func(string) string
	edits    []dockerfile.Edit
	deleted  map[int]bool // source lines removed from the builder
	argCopy  map[*dockerfile.Instruction]bool
	envKeys  map[string]bool  // names the runtime stage's ENV sets
	pathDirs []string         // folders to put in front of the runtime PATH
	prog     *rewrite.Program // what the container runs
}

func runMultiStage(p *rewrite.Pass) error {
	doc := p.Doc
	stages := doc.Stages()
	switch {
	case len(stages) == 0:
		return rewrite.Skipf(1, "no FROM instruction")
	case len(stages) > 1:
		return rewrite.Skipf(stages[1].Line(), "already multi-stage")
	}
	st := rewrite.NewStage(doc)
	from := st.From.Cmd.(*instructions.Stage)
	if from.Platform != "" {
		return rewrite.Skipf(st.From.Line(), "FROM --platform: a runtime stage for another platform is not handled")
	}
	for _, in := range st.Body {
		if in.Name() == "onbuild" {
			return rewrite.Skipf(in.Line(), "ONBUILD triggers run in images built from this one; moving them is not safe")
		}
		if line, ok := in.CommandLine(); ok && line.PrependShell && len(line.CmdLine) > 0 && strings.HasPrefix(strings.TrimSpace(line.CmdLine[0]), "[") {
			return rewrite.Skipf(in.Line(), "%s starts like the exec form but is not valid JSON, so it runs as a shell command: fix it first", strings.ToUpper(in.Name()))
		}
		if line, ok := in.CommandLine(); ok && line.PrependShell && st.Final.Shell != nil {
			return rewrite.Skipf(in.Line(), "%s runs with the SHELL this stage sets, which the runtime stage would not have", strings.ToUpper(in.Name()))
		}
	}
	b, err := p.Detect(st)
	if err != nil {
		return err
	}
	if b == nil {
		return rewrite.Skipf(st.From.Line(), "no build step of a known toolchain")
	}
	pl := &plan{p: p, st: st, b: b, runtime: rewrite.LookupImage(b.Runtime), alias: p.Options.Alias,
		deleted: map[int]bool{}, argCopy: map[*dockerfile.Instruction]bool{}, envKeys: map[string]bool{}}
	for _, d := range b.PathPrefix {
		pl.pathDirs = appendNew(pl.pathDirs, d)
	}
	if from.Name != "" {
		pl.alias = from.Name // keep the name the file already gives
	}
	pl.kw = func(s string) string { return s }
	if doc.Lowercase() {
		pl.kw = strings.ToLower
	}
	for _, step := range b.Steps {
		p.Notef(step.Line(), "%s: build step", b.Toolchain)
	}
	if err := pl.resolveArtifacts(); err != nil {
		return err
	}
	if err := pl.checkArtifactsKept(); err != nil {
		return err
	}
	stage, err := pl.runtimeStage()
	if err != nil {
		return err
	}
	p.Notef(0, "runtime image %s: %s", b.Runtime, b.Why)
	pl.edits = append(pl.edits, dedupe(b.Edits)...)
	if from.Name == "" {
		lg := doc.Logical(st.From)
		end := len(strings.TrimRight(lg.Text, " \t"))
		pl.edits = append(pl.edits, dockerfile.Insert(lg.SourceOffset(end), " "+pl.kwAs(st.From)+" "+pl.alias))
	}
	if err := pl.appendStage(stage); err != nil {
		return err
	}
	p.Edits = append(p.Edits, pl.edits...)
	p.Build = b
	return nil
}

// kwAs writes AS in the case of the FROM keyword, as BuildKit's
// FromAsCasing rule wants.
func (pl *plan) kwAs(from *dockerfile.Instruction) string {
	if from.Keyword == strings.ToLower(from.Keyword) {
		return "as"
	}
	return "AS"
}

func dedupe(edits []dockerfile.Edit) []dockerfile.Edit {
	seen := map[dockerfile.Edit]bool{}
	var out []dockerfile.Edit
	for _, e := range edits {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// resolveArtifacts names the binaries the build step left unnamed by the
// program CMD or ENTRYPOINT runs, and drops duplicates.
func (pl *plan) resolveArtifacts() error {
	st, b := pl.st, pl.b
	prog := st.Program()
	if prog == nil {
		return rewrite.Skipf(st.From.Line(), "no CMD or ENTRYPOINT: nothing says how the built program runs")
	}
	pl.prog = prog
	for _, u := range b.Unresolved {
		exe := ""
		if prog.Name != "" {
			exe = rewrite.LookPath(prog.Name, st.Final.Workdir, finalPath(st), u.Holds)
		}
		if exe == "" || !u.Holds(exe) {
			return rewrite.Skipf(u.Line, "%s: cannot tell the binary's name (run it by its path in CMD or ENTRYPOINT, give the build an explicit output, or pass --context with the project's manifest)", u.What)
		}
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: exe, Line: u.Line, How: u.What + " writes to " + u.Dir + "; the name is the one " + strings.ToUpper(prog.In.Name()) + " runs"})
	}
	seen := map[string]bool{}
	var arts []rewrite.Artifact
	for _, a := range b.Artifacts {
		if !seen[a.Path] {
			seen[a.Path] = true
			arts = append(arts, a)
		}
	}
	b.Artifacts = arts
	for _, a := range arts {
		if !plainPath(a.Path) {
			return rewrite.Skipf(a.Line, "the artifact path %q has characters a COPY would have to quote", a.Path)
		}
	}
	if len(arts) == 0 {
		return rewrite.Skipf(b.Steps[0].Line(), "the build keeps no program (go build of several packages compiles and discards them)")
	}
	for _, a := range arts {
		pl.p.Notef(a.Line, "%s: artifact %s (%s)", b.Toolchain, a.Path, a.How)
	}
	return nil
}

func (pl *plan) isArtifact(p string) bool {
	for _, a := range pl.b.Artifacts {
		if p == a.Path || a.Dir && strings.HasPrefix(p, a.Path+"/") {
			return true
		}
	}
	return false
}

// checkArtifactsKept refuses a file whose later commands move or delete
// what was built: the COPY --from would fail or copy the wrong thing.
func (pl *plan) checkArtifactsKept() error {
	st := pl.st
	first := st.Body[len(st.Body)-1].Line() + 1
	for _, a := range pl.b.Artifacts {
		first = min(first, a.Line)
	}
	for i, in := range st.Body {
		if in.Line() < first || !st.Mentions(i, "mv", "rm", "unlink") {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			return rewrite.Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
		}
		for _, c := range calls {
			switch c.Name() {
			case "mv", "rm", "unlink", "rmdir":
			default:
				continue
			}
			for j := 1; j < len(c.Args); j++ {
				if c.Known[j] && strings.HasPrefix(c.Args[j], "-") {
					continue
				}
				if !c.Known[j] || c.Dir == "" {
					return rewrite.Skipf(in.Line(), "%s here may touch the built program", c.Name())
				}
				target := shell.Resolve(c.Dir, c.Args[j])
				for _, a := range pl.b.Artifacts {
					hit, _ := path.Match(target, a.Path)
					if hit || target == a.Path || strings.HasPrefix(a.Path, target+"/") || strings.HasPrefix(target, a.Path+"/") && !a.Dir {
						return rewrite.Skipf(in.Line(), "%s moves or removes %s after it is built", c.Name(), a.Path)
					}
				}
			}
		}
	}
	return nil
}

// text is an instruction's exact source, ending with a line ending.
func (pl *plan) text(start, end int) string {
	t := pl.st.Doc.Text(start, end)
	if !strings.HasSuffix(t, "\n") {
		t += pl.st.Doc.Newline
	}
	return t
}

func (pl *plan) line(s string) string { return s + pl.st.Doc.Newline }

// runtimeStage builds the text of the runtime stage and marks what leaves the builder.
func (pl *plan) runtimeStage() (string, error) {
	st, b := pl.st, pl.b
	var movedText []string
	var carried []*dockerfile.Instruction // instructions whose words the runtime stage evaluates
	var lastUser *dockerfile.Instruction
	for _, in := range st.Body {
		switch {
		case moved[in.Name()]:
			movedText = append(movedText, pl.text(in.CommentStart, in.End))
			for l := in.CommentStart; l < in.End; l++ {
				pl.deleted[l] = true
			}
			pl.p.Notef(in.Line(), "%s moves to the runtime stage", strings.ToUpper(in.Name()))
			carried = append(carried, in)
		case in.Name() == "user":
			lastUser = in
		}
	}
	pl.tidyBlankLines()
	// ENV: what the program sees at run time, without the build's own knobs.
	refs := map[string]bool{}
	for _, in := range carried {
		for _, r := range pl.refs(in) {
			refs[r] = true
		}
	}
	var envLines []string
	for _, in := range st.Body {
		env, ok := in.Cmd.(*instructions.EnvCommand)
		if !ok {
			continue
		}
		var keep []instructions.KeyValuePair
		for _, kv := range env.Env {
			if b.BuildOnly == nil || !b.BuildOnly(kv.Key) || refs[kv.Key] {
				keep = append(keep, kv)
			}
		}
		switch {
		case len(keep) == 0:
			pl.p.Notef(in.Line(), "ENV stays in the builder only: it steers the build")
			continue
		case len(keep) < len(env.Env) && !pl.plainValues(keep):
			// A value with escapes cannot be written on a new line safely
			// (a trailing escape would continue it): copy the line whole,
			// build-only names and all.
			keep = env.Env
			envLines = append(envLines, pl.text(in.Start, in.End))
		case len(keep) == len(env.Env):
			envLines = append(envLines, pl.text(in.Start, in.End))
		default:
			var parts []string
			for _, kv := range keep {
				parts = append(parts, kv.Key+"="+kv.Value)
			}
			envLines = append(envLines, pl.line(pl.kw("ENV")+" "+strings.Join(parts, " ")))
		}
		for _, kv := range keep {
			pl.envKeys[kv.Key] = true
		}
		carried = append(carried, in)
	}
	if lastUser != nil {
		carried = append(carried, lastUser)
	}
	if err := pl.checkRefs(carried); err != nil {
		return "", err
	}
	if err := pl.checkProgram(); err != nil {
		return "", err
	}
	for _, in := range st.Body {
		if in.Name() == "healthcheck" {
			if err := pl.checkCommand(in); err != nil {
				return "", err
			}
		}
	}

	var out strings.Builder
	if bt := b.Prune; bt != nil {
		out.WriteString(pl.line(pl.kw("FROM") + " " + pl.alias + " " + pl.kwAs(st.From) + " " + bt.Name))
		for _, r := range bt.Run {
			kw, rest, _ := strings.Cut(r, " ")
			out.WriteString(pl.line(pl.kw(kw) + " " + rest))
		}
		out.WriteString(pl.st.Doc.Newline)
		pl.p.Notef(0, "stage %s: %s", bt.Name, bt.Why)
	}
	out.WriteString(pl.line(pl.kw("FROM") + " " + b.Runtime))
	for _, in := range st.Body {
		if pl.argCopy[in] {
			out.WriteString(pl.text(in.Start, in.End))
		}
	}
	for _, e := range envLines {
		out.WriteString(e)
	}
	if len(pl.pathDirs) > 0 {
		base := "${PATH}"
		if _, ok := pl.runtime.Env["PATH"]; !ok {
			base = rewrite.DefaultPath // the image sets none: Docker's default applies at run time only
		}
		out.WriteString(pl.line(pl.kw("ENV") + ` PATH="` + strings.Join(pl.pathDirs, ":") + ":" + base + `"`))
	}
	wd := st.Final.Workdir
	if wd == "" {
		return "", rewrite.Skipf(st.From.Line(), "the working directory cannot be known, and a relative CMD path depends on it")
	}
	if wd != pl.runtime.Workdir {
		out.WriteString(pl.line(pl.kw("WORKDIR") + " " + wd))
	}
	for _, a := range b.Artifacts {
		src := a.Path
		if a.Dir {
			src += "/"
		}
		from := pl.alias
		if a.FromPrune && b.Prune != nil {
			from = b.Prune.Name
		}
		out.WriteString(pl.line(pl.kw("COPY") + " --from=" + from + " " + src + " " + src))
	}
	if !pl.runtime.CACerts && pl.st.BaseImage.CACerts {
		out.WriteString(pl.copyLine("/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/"))
		pl.p.Notef(0, "%s has no CA certificates: the builder's bundle is copied", b.Runtime)
	}
	if pl.envKeys["TZ"] {
		out.WriteString(pl.copyLine("/usr/share/zoneinfo", "/usr/share/zoneinfo"))
		pl.p.Notef(0, "TZ is set: the builder's time zone database is copied")
	}
	if err := pl.userLines(&out, lastUser); err != nil {
		return "", err
	}
	for _, t := range movedText {
		out.WriteString(t)
	}
	return out.String(), nil
}

// plainValues tells whether ENV values can be written again as they are:
// no escape character, no line break, no white space at either end.
func (pl *plan) plainValues(kvs []instructions.KeyValuePair) bool {
	for _, kv := range kvs {
		v := kv.Value
		if kv.NoDelim || strings.ContainsRune(v, pl.st.Doc.Escape) || strings.ContainsAny(v, "\r\n") || strings.TrimSpace(v) != v {
			return false
		}
	}
	return true
}

func (pl *plan) copyLine(src, dst string) string {
	return pl.line(pl.kw("COPY") + " --from=" + pl.alias + " " + src + " " + dst)
}

// plainPath tells whether a path can be written in a COPY as it is: no
// quoting, no variable, no escape character BuildKit would interpret.
func plainPath(p string) bool {
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+@:,=~%", r)) {
			return false
		}
	}
	return true
}

// userLines carries the final USER, making sure that user exists.
func (pl *plan) userLines(out *strings.Builder, last *dockerfile.Instruction) error {
	if last == nil {
		return nil
	}
	u := pl.st.Final.User
	name, group, _ := strings.Cut(u, ":")
	if strings.Contains(u, "$") {
		return rewrite.Skipf(last.Line(), "USER %s cannot be evaluated", u)
	}
	numeric := func(s string) bool { _, err := strconv.Atoi(s); return s == "" || err == nil }
	if !numeric(name) && name != "root" || !numeric(group) && group != "root" {
		out.WriteString(pl.copyLine("/etc/passwd", "/etc/passwd"))
		out.WriteString(pl.copyLine("/etc/group", "/etc/group"))
		pl.p.Notef(last.Line(), "USER %s is a name: the builder's /etc/passwd and /etc/group are copied so it resolves to the same uid and gid", u)
	}
	out.WriteString(pl.text(last.Start, last.End))
	return nil
}

// refs lists the variables an instruction's build-time words use.
func (pl *plan) refs(in *dockerfile.Instruction) []string {
	var words []string
	switch c := in.Cmd.(type) {
	case *instructions.EnvCommand:
		for _, kv := range c.Env {
			words = append(words, kv.Value)
		}
	case *instructions.LabelCommand:
		for _, kv := range c.Labels {
			words = append(words, kv.Key, kv.Value)
		}
	case *instructions.ExposeCommand:
		words = append(words, c.Ports...)
	case *instructions.VolumeCommand:
		words = append(words, c.Volumes...)
	case *instructions.UserCommand:
		words = append(words, c.User)
	case *instructions.StopSignalCommand:
		words = append(words, c.Signal)
	case *instructions.ArgCommand:
		for _, a := range c.Args {
			if a.Value != nil {
				words = append(words, *a.Value)
			}
		}
	}
	var out []string
	for _, w := range words {
		out = append(out, pl.st.Refs(w)...)
	}
	return out
}

// runtimeRefs lists the variables a shell-form CMD, ENTRYPOINT or
// HEALTHCHECK uses when the container runs.
func (pl *plan) runtimeRefs(in *dockerfile.Instruction) []string {
	line, ok := in.CommandLine()
	if !ok || !line.PrependShell {
		return nil
	}
	return pl.st.Refs(strings.Join(line.CmdLine, " "))
}

// checkRefs makes every variable the runtime stage uses defined there as it
// was in the builder: stage ARGs are copied, meta-ARGs re-declared, and a
// variable only the builder image sets stops the rewrite.
func (pl *plan) checkRefs(carried []*dockerfile.Instruction) error {
	st := pl.st
	queue := append([]*dockerfile.Instruction(nil), carried...)
	for len(queue) > 0 {
		in := queue[0]
		queue = queue[1:]
		for _, name := range pl.refs(in) {
			if pl.envKeys[name] {
				continue
			}
			if arg := st.Final.Arg(name); arg != nil {
				if !pl.argCopy[arg] {
					pl.argCopy[arg] = true
					queue = append(queue, arg)
				}
				continue
			}
			if err := pl.imageVar(in, name); err != nil {
				return err
			}
		}
		for _, name := range pl.runtimeRefs(in) {
			if pl.envKeys[name] {
				continue
			}
			if err := pl.imageVar(in, name); err != nil {
				return err
			}
		}
	}
	return nil
}

func (pl *plan) imageVar(in *dockerfile.Instruction, name string) error {
	_, inBuilder := pl.st.BaseImage.Env[name]
	_, inRuntime := pl.runtime.Env[name]
	if inBuilder && !inRuntime {
		return rewrite.Skipf(in.Line(), "%s uses $%s, which the builder image sets and %s does not", strings.ToUpper(in.Name()), name, pl.b.Runtime)
	}
	return nil
}

// checkProgram makes sure what the container runs exists in the runtime
// stage: a copied artifact, or a program of the runtime image.
func (pl *plan) checkProgram() error {
	return pl.checkCommand(pl.prog.In)
}

// checkCommand checks every program a CMD, ENTRYPOINT or HEALTHCHECK runs.
func (pl *plan) checkCommand(in *dockerfile.Instruction) error {
	line, ok := in.CommandLine()
	if !ok || len(line.CmdLine) == 0 {
		return nil
	}
	kw := strings.ToUpper(in.Name())
	script := ""
	switch {
	case line.PrependShell:
		script = strings.Join(line.CmdLine, " ")
	case len(line.CmdLine) >= 3 && (path.Base(line.CmdLine[0]) == "sh" || path.Base(line.CmdLine[0]) == "bash") && line.CmdLine[1] == "-c":
		if err := pl.checkProgramName(in, line.CmdLine[0], false); err != nil {
			return err
		}
		script = line.CmdLine[2]
	default:
		return pl.checkProgramName(in, line.CmdLine[0], false)
	}
	if !pl.runtime.Shell {
		return rewrite.Skipf(in.Line(), "%s needs a shell, and %s has none", kw, pl.b.Runtime)
	}
	env := map[string]string{"PATH": pl.runtimePath()}
	calls, err := shell.Calls(script, shell.State{Dir: pl.st.Final.Workdir, Env: shell.MapLookup(env)})
	if err != nil {
		return rewrite.Skipf(in.Line(), "cannot read the shell of %s: %v", kw, err)
	}
	for _, c := range calls {
		name := c.Name()
		if name == "" {
			// A program named by a variable: only the builder knew it.
			return rewrite.Skipf(in.Line(), "%s runs a program whose name cannot be known", kw)
		}
		if err := pl.checkProgramName(in, name, true); err != nil {
			return err
		}
	}
	return nil
}

func (pl *plan) checkProgramName(in *dockerfile.Instruction, name string, viaShell bool) error {
	kw := strings.ToUpper(in.Name())
	st := pl.st
	if viaShell && shellBuiltins[name] {
		return nil
	}
	exe := rewrite.LookPath(name, st.Final.Workdir, pl.builderPath(), pl.isArtifact)
	if exe != "" && pl.isArtifact(exe) {
		if !strings.Contains(name, "/") && !onPath(path.Dir(exe), pl.runtimePath()) {
			pl.pathDirs = appendNew(pl.pathDirs, path.Dir(exe))
			pl.p.Notef(in.Line(), "%s runs %s by name: %s is put on the runtime PATH", kw, name, path.Dir(exe))
		}
		return nil
	}
	if !strings.Contains(name, "/") && pl.runtime.Programs.Has(name) {
		return nil
	}
	for _, d := range strings.Split(pl.runtime.Env["PATH"], ":") {
		if strings.Contains(name, "/") && path.Dir(name) == d && pl.runtime.Programs.Has(path.Base(name)) {
			return nil
		}
	}
	return rewrite.Skipf(in.Line(), "%s runs %s, which is neither a built artifact nor part of %s", kw, name, pl.b.Runtime)
}

// runtimePath is PATH as the runtime stage sets it.
func (pl *plan) runtimePath() string {
	p, ok := pl.runtime.Env["PATH"]
	if !ok {
		p = rewrite.DefaultPath
	}
	if pl.envKeys["PATH"] {
		if v, ok, known := pl.st.Final.Get("PATH"); ok && known {
			p = v
		}
	}
	if len(pl.pathDirs) > 0 {
		p = strings.Join(pl.pathDirs, ":") + ":" + p
	}
	return p
}

func onPath(dir, pathVar string) bool {
	for _, d := range strings.Split(pathVar, ":") {
		if path.Clean(d) == dir {
			return true
		}
	}
	return false
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// tidyBlankLines drops the blank line a moved instruction leaves doubled,
// and the blank lines that would end the builder stage.
func (pl *plan) tidyBlankLines() {
	doc := pl.st.Doc
	for _, in := range pl.st.Body {
		if !moved[in.Name()] {
			continue
		}
		if in.End < len(doc.Lines) && dockerfile.IsBlank(doc.Lines[in.End]) && in.CommentStart > 0 && dockerfile.IsBlank(doc.Lines[in.CommentStart-1]) && !pl.deleted[in.End] {
			pl.deleted[in.End] = true
		}
	}
	for l := len(doc.Lines) - 1; l >= 0; l-- {
		if pl.deleted[l] {
			continue
		}
		if !dockerfile.IsBlank(doc.Lines[l]) {
			break
		}
		pl.deleted[l] = true
	}
}

// appendStage deletes what left the builder and adds the runtime stage at
// the end, keeping the file's line ending and its final-newline choice.
func (pl *plan) appendStage(stage string) error {
	doc := pl.st.Doc
	var lines []int
	for l := range pl.deleted {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	lastKept := -1
	for l := len(doc.Lines) - 1; l >= 0; l-- {
		if !pl.deleted[l] {
			lastKept = l
			break
		}
	}
	// A last instruction that ends with an escape character continues past
	// blank and comment lines into whatever comes next: the runtime stage's
	// FROM would become part of it.
	for l := lastKept; l >= 0; l-- {
		line := doc.Lines[l]
		if pl.deleted[l] || dockerfile.IsBlank(line) || dockerfile.IsComment(line) {
			continue
		}
		if doc.Continues(line) {
			return rewrite.Skipf(l+1, "the file ends inside a continued line (a trailing %c): new lines after it would join it", doc.Escape)
		}
		break
	}
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		pl.edits = append(pl.edits, doc.DeleteLines(lines[i], lines[j]+1))
		i = j + 1
	}
	text := doc.Newline + stage
	if lastKept >= 0 && !strings.HasSuffix(doc.Lines[lastKept], "\n") {
		text = doc.Newline + text
	}
	if !doc.FinalNewline {
		text = strings.TrimSuffix(text, doc.Newline)
	}
	pl.edits = append(pl.edits, dockerfile.Insert(len(doc.Src), text))
	return nil
}

// finalPath is PATH at the end of the builder stage.
func finalPath(st *rewrite.Stage) string {
	v, _, _ := st.Final.Get("PATH")
	return v
}

// builderPath is PATH as the build left it, with the folders the detector
// added in front (a virtualenv's bin).
func (pl *plan) builderPath() string {
	if len(pl.b.PathPrefix) == 0 {
		return finalPath(pl.st)
	}
	return strings.Join(pl.b.PathPrefix, ":") + ":" + finalPath(pl.st)
}
