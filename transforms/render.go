package transforms

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// render writes the runtime stage (and the prune stage before it, if
// any) from the plan, in the file's keyword case and line ending.
func (pl *plan) render() string {
	st, b, rt, doc := pl.stage, pl.build, &pl.rt, pl.stage.Doc
	var out strings.Builder
	if pr := b.Prune; pr != nil {
		out.WriteString(pl.line(doc.Keyword("FROM") + " " + pl.alias + " " + st.From.AsKeyword() + " " + pr.Name))
		if nonRootUser(st.Final.User) != "" {
			// The builder's last USER would prune files the build wrote
			// as root, which it may not remove.
			out.WriteString(pl.line(doc.Keyword("USER") + " root"))
		}
		for _, in := range st.Body {
			// The prune runs with the build arguments the install had: an
			// .npmrc's ${NPM_TOKEN} stops Yarn 1 and npm 6 when unset.
			if _, ok := in.Cmd.(*instructions.ArgCommand); ok {
				out.WriteString(pl.lines(in.Start, in.End))
			}
		}
		for _, r := range pr.Run {
			kw, rest, _ := strings.Cut(r, " ")
			out.WriteString(pl.line(doc.Keyword(kw) + " " + rest))
		}
		out.WriteString(doc.Newline)
	}
	from := doc.Keyword("FROM") + " "
	if p := st.From.Cmd.(*instructions.Stage).Platform; p != "" && !onBuildPlatform(st) {
		// The runtime stage runs on the platform the builder was asked
		// for: the artifacts are that platform's.
		from += "--platform=" + p + " "
		pl.pass.Notef(st.From.Line(), "the runtime stage is for the same platform as the builder (--platform=%s)", p)
	}
	out.WriteString(pl.line(from + pl.runtimeFrom()))
	mirror := pl.mirrorEdits()
	runs := make([]string, len(b.RuntimeRun))
	for i, r := range b.RuntimeRun {
		runs[i] = r.Line
		if r.From == nil {
			continue
		}
		if text, args, ok := pl.callText(r.From.In, r.From.Call); ok {
			runs[i] = text
			pl.declare(args)
		}
	}
	words := make([]string, len(rt.installs))
	for i, p := range rt.installs {
		words[i] = st.Pinned(pl.runtime, p)
		if pl.runtime.Release == temurinDefault {
			// The release eclipse-temurin's unnamed tags follow when
			// each is pulled: one version may not be the other's.
			words[i] = p
		}
		if pin, line := st.Pin(p); pin != "" && words[i] == p {
			pl.pass.Notef(line, "%s: a version of %s's release, which %s may not have: it installs its own", pin, st.Base, pl.build.Runtime)
		}
		if w, in := st.Written(pl.runtime, p); w != "" && pl.runtime.Release != temurinDefault {
			// postgresql-client-${PG_MAJOR}: a --build-arg that picks
			// another version must reach the runtime's install too.
			if args, ok := pl.argsOf(in, st.Refs(w)); ok {
				words[i] = w
				pl.declare(args)
				pl.pass.Notef(in.Line(), "%s is installed as the build writes it, %s, with the ARGs it uses", p, w)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(rt.imageArgs)) {
		out.WriteString(pl.line(doc.Keyword("ARG") + " " + name + "=" + rt.imageArgs[name]))
	}
	for _, in := range st.Body {
		if rt.args[in] {
			out.WriteString(pl.lines(in.Start, in.End))
		}
	}
	for _, in := range rt.sourceCopies {
		if len(rt.installs) == 0 {
			pl.pass.Notef(in.Line(), "not carried: this %s chooses the package sources' mirror, and the runtime stage installs nothing", strings.ToUpper(in.Name()))
			continue
		}
		pl.pass.Notef(in.Line(), "this %s chooses the package sources' mirror: the runtime stage repeats it before its installs", strings.ToUpper(in.Name()))
		out.WriteString(pl.lines(in.Start, in.End))
	}
	if len(rt.installs) > 0 {
		frontend, line := st.AptFrontend()
		_, run, _ := strings.Cut(rewrite.InstallLine(pl.runtime, words, rt.recommends, frontend), " ")
		if rewrite.PackageManager(pl.runtime) == "apt-get" {
			if frontend != "" {
				pl.pass.Notef(line, "DEBIAN_FRONTEND=%s: the runtime stage's apt-get install runs with it too, so that debconf answers as it did in the build", frontend)
			}
			for k := len(rt.preseeds) - 1; k >= 0; k-- {
				ps := rt.preseeds[k]
				run = ps.command + " && " + run
				pl.pass.Notef(ps.line, "%s answers questions of the packages' installs with debconf-set-selections: the runtime stage gives the same answers before its own", ps.by)
			}
		}
		if mirror != "" {
			run = mirror + " && " + run
		}
		out.WriteString(pl.line(doc.Keyword("RUN") + " " + run))
	}
	if l := b.Loader; l != nil {
		srcs := make([]string, len(l.Files))
		for i, f := range l.Files {
			srcs[i] = path.Join(l.Dir, f)
		}
		out.WriteString(pl.line(doc.Keyword("COPY") + " --from=" + pl.alias + " " + strings.Join(srcs, " ") + " " + l.Dir + "/"))
		// The name sorts before the architecture's own file, so that
		// these libraries come first, as in the gcc image.
		out.WriteString(pl.line(doc.Keyword("RUN") + " echo " + l.Dir + " > /etc/ld.so.conf.d/000-local-lib.conf && ldconfig"))
	}
	for _, r := range runs {
		out.WriteString(pl.line(doc.Keyword("RUN") + " " + r))
	}
	for _, e := range b.RuntimeEnv {
		out.WriteString(pl.line(doc.Keyword("ENV") + " " + e.Name + "=" + e.Value))
	}
	for _, e := range rt.env {
		out.WriteString(e)
	}
	if len(rt.pathDirs) > 0 {
		base := "${PATH}"
		if _, ok := pl.runtime.Env["PATH"]; !ok {
			base = rewrite.DefaultPath // the image sets none: Docker's default applies at run time only
		}
		out.WriteString(pl.line(doc.Keyword("ENV") + ` PATH="` + strings.Join(rt.pathDirs, ":") + ":" + base + `"`))
	}
	if rt.workdir != pl.runtime.Workdir {
		out.WriteString(pl.line(doc.Keyword("WORKDIR") + " " + rt.workdir))
	}
	for _, c := range rt.copies {
		out.WriteString(pl.line(doc.Keyword("COPY") + " --from=" + c.from + " " + c.src + " " + c.dst))
	}
	for _, in := range rt.repeats {
		out.WriteString(pl.lines(in.Start, in.End))
	}
	if len(rt.topChanges) > 0 {
		out.WriteString(pl.line(doc.Keyword("RUN") + " " + strings.Join(rt.topChanges, " && ")))
	}
	if rt.user != nil {
		out.WriteString(pl.lines(rt.user.Start, rt.user.End))
	}
	for _, t := range rt.moved {
		out.WriteString(t)
	}
	return out.String()
}

// mirrorEdits are the builder's edits of its package sources (a mirror
// for apk or apt) that apply to the runtime image, joined with &&: its
// package manager's, and for apt its release's, whose files they edit.
// "" for none. They run before the runtime stage's installs, which they
// are for: without installs the stage has no use for them.
func (pl *plan) mirrorEdits() string {
	if len(pl.rt.installs) == 0 {
		return ""
	}
	var cmds []string
	for _, e := range pl.rt.sourceEdits {
		switch {
		case !pl.sharesSources(e.manager, false):
			pl.pass.Notef(e.line, "%s edits the builder's package sources, which %s does not share: its installs use its own", e.command, pl.build.Runtime)
		case !slices.Contains(cmds, e.command):
			cmds = append(cmds, e.command)
			pl.declare(e.args)
			pl.pass.Notef(e.line, "%s chooses the package sources' mirror: the runtime stage runs it again", e.command)
		}
	}
	return strings.Join(cmds, " && ")
}

// lines is the exact source of lines [start, end), ending with a line
// ending even when the file's last line has none.
func (pl *plan) lines(start, end int) string {
	t := pl.stage.Doc.Text(start, end)
	if !strings.HasSuffix(t, "\n") {
		t += pl.stage.Doc.Newline
	}
	return t
}

// line ends a new line with the file's line ending.
func (pl *plan) line(s string) string { return s + pl.stage.Doc.Newline }

// runtimeFrom is the runtime image as its FROM line writes it: where the
// builder's FROM takes a part of its tag from a meta-ARG (ARG
// PYTHON_VERSION=3.12, FROM python:${PYTHON_VERSION}) and the runtime
// image has the same value (python:3.12-slim), the runtime's takes it
// from the ARG too, so that a --build-arg that changes the builder
// changes the runtime with it: a virtualenv of Python 3.11 on a Python
// 3.12 runtime would not run.
func (pl *plan) runtimeFrom() string {
	ref := pl.build.Runtime
	i := strings.LastIndex(ref, ":")
	if pl.build.Why == chosenByUser || i < strings.LastIndex(ref, "/") || i < 0 {
		return ref
	}
	repo, tag := ref[:i], ref[i+1:]
	for _, arg := range slices.Sorted(maps.Keys(pl.stage.BaseArgs)) {
		if v := pl.stage.BaseArgs[arg]; v != "" && strings.Contains(tag, v) {
			tag = strings.Replace(tag, v, "${"+arg+"}", 1)
			pl.pass.Notef(pl.stage.From.Line(), "the runtime image takes %s from ARG %s, as the builder's does: a --build-arg changes both", v, arg)
		}
	}
	return repo + ":" + tag
}
