package transforms

import (
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// resolveArtifacts names the binaries the build step left unnamed by the
// program CMD or ENTRYPOINT runs, and drops duplicates.
func (pl *plan) resolveArtifacts() error {
	st, b := pl.stage, pl.build
	prog := st.Program()
	if prog == nil {
		return rewrite.Skipf(st.From.Line(), "no CMD or ENTRYPOINT: nothing says how the built program runs")
	}
	pl.prog = prog
	// The programs the container runs: CMD's own, and those of its shell
	// script or of the build context's scripts it runs (sh -c "diesel
	// migration run && app").
	runs := []containerCall{{words: []string{prog.Name}, dir: st.Final.Workdir}}
	if len(b.Unresolved) > 0 {
		runs = append(runs, commandCalls(st, prog, pl.pass.Options.Context)...)
	}
	for _, u := range b.Unresolved {
		var found []string
		fromContext := ""
		for _, c := range runs {
			if len(c.words) == 0 || c.words[0] == "" || !strings.Contains(c.words[0], "/") && (shellBuiltins[c.words[0]] || builderHas(st, c.words[0])) {
				// bash in CMD bash -c "...": the image's, not one an
				// install into a folder ahead on PATH might have made.
				continue
			}
			if exe := rewrite.LookPath(c.words[0], c.dir, finalPath(st), pl.fromContext); exe != "" && pl.fromContext(exe) {
				// A script or program the COPYs brought, not the build's
				// output (its calls are read in its place): a file known
				// to be there, wherever it is on PATH, before one an
				// output folder only may hold.
				fromContext = exe
				continue
			}
			if exe := rewrite.LookPath(c.words[0], c.dir, finalPath(st), u.Holds); exe != "" && u.Holds(exe) && !slices.Contains(found, exe) {
				found = append(found, exe)
			}
		}
		named := "the name is the one " + strings.ToUpper(prog.In.Name()) + " runs"
		if len(found) == 0 {
			// make && mv app /usr/local/bin/, CMD ["app"]: the file a cp,
			// mv or install put where CMD runs it came from the output.
			found = pl.installedFrom(u, runs)
			named = "the file a later cp, mv or install puts where " + strings.ToUpper(prog.In.Name()) + " runs it"
		}
		switch {
		case len(found) == 0 && fromContext != "":
			return rewrite.Skipf(u.Line, "%s: cannot tell the binary's name: %s runs %s, which the build context brings (give the build an explicit output)", u.What, strings.ToUpper(prog.In.Name()), fromContext)
		case len(found) == 0:
			return rewrite.Skipf(u.Line, "%s: cannot tell the binary's name (run it by its path in CMD or ENTRYPOINT, give the build an explicit output, or pass --context with the project's manifest)", u.What)
		}
		for _, exe := range found {
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: exe, Line: u.Line, How: u.What + " writes to " + u.Dir + "; " + named})
		}
	}
	pl.installedCopies()
	b.Artifacts = unique(b.Artifacts, func(a rewrite.Artifact) string { return a.Path })
	if err := pl.dropUnkept(); err != nil {
		return err
	}
	for _, a := range b.Artifacts {
		p := a.Path
		if a.Glob {
			p = path.Join(path.Dir(p), strings.ReplaceAll(path.Base(p), "*", "x"))
		}
		if !dockerfile.PlainPath(p) {
			return rewrite.Skipf(a.Line, "the artifact path %q has characters a COPY would have to quote", a.Path)
		}
	}
	if len(b.Artifacts) == 0 {
		return rewrite.Skipf(b.Steps[0].Line(), "the build keeps no program (go build of several packages compiles and discards them)")
	}
	for _, a := range b.Artifacts {
		pl.pass.Notef(a.Line, "%s: artifact %s (%s)", b.Toolchain, a.Path, a.How)
	}
	return nil
}

// dropUnkept leaves out the artifacts a RUN wrote into one of its own
// cache, tmpfs or bind mounts (RUN --mount=type=cache,target=target cargo
// build --release && cp target/release/app /usr/local/bin/): the image
// does not keep what is written there, so a COPY --from of it fails. The
// copy the RUN made out of the mount is the artifact; none left is a
// Skip.
func (pl *plan) dropUnkept() error {
	st, b := pl.stage, pl.build
	var lost *rewrite.Artifact
	b.Artifacts = slices.DeleteFunc(b.Artifacts, func(a rewrite.Artifact) bool {
		for i, in := range st.Body {
			if in.Line() != a.Line {
				continue
			}
			for _, m := range unkeptMounts(st, i) {
				if under(a.Path, m) {
					pl.pass.Notef(a.Line, "%s: %s is written into the RUN's mount at %s, which the image does not keep: not copied", b.Toolchain, a.Path, m)
					lost = &a
					return true
				}
			}
		}
		return false
	})
	if len(b.Artifacts) == 0 && lost != nil {
		return rewrite.Skipf(lost.Line, "the build writes its program to %s, in a mount of the RUN, which the image does not keep", lost.Path)
	}
	return nil
}

// unkeptMounts are the targets of the i-th instruction's RUN mounts whose
// content the image does not keep (cache, tmpfs, bind), resolved against
// its working folder; nil when there are none or they cannot be read.
func unkeptMounts(st *rewrite.Stage, i int) []string {
	var out []string
	for _, m := range runMounts(st, i) {
		switch m.Type {
		case instructions.MountTypeCache, instructions.MountTypeTmpfs, instructions.MountTypeBind:
			if m.Target != "" {
				out = append(out, shell.Resolve(st.Before[i].Workdir, m.Target))
			}
		}
	}
	return out
}

// installedFrom finds the files of an output folder that a cp, mv or
// install after the build puts where the container runs them: the
// program is the one the output holds, under the name CMD runs it by
// when the copy keeps it (into a folder), or renamed.
func (pl *plan) installedFrom(u rewrite.Output, runs []containerCall) []string {
	st := pl.stage
	var found []string
	pl.copiesAfter(u.Line, func(_ int, in *dockerfile.Instruction, c shell.Call, name string, fc fileCopy) {
		for _, src := range fc.srcs {
			p := fc.at(src)
			if !u.Holds(src) || strings.ContainsAny(path.Base(src), "*?[") || slices.Contains(found, src) {
				continue
			}
			at := func(f string) bool { return f == p }
			for _, r := range runs {
				if len(r.words) > 0 && r.words[0] != "" && rewrite.LookPath(r.words[0], r.dir, finalPath(st), at) == p {
					found = append(found, src)
					break
				}
			}
		}
	})
	return found
}

// fileCopy is what a cp, mv or install puts where: its sources, and the
// destination they land in (into) or at.
type fileCopy struct {
	srcs []string
	dest string
	into bool
}

// at is where a source of the copy lands.
func (fc fileCopy) at(src string) string {
	if fc.into {
		return path.Join(fc.dest, path.Base(src))
	}
	return fc.dest
}

// copiesAfter calls fn for each cp, mv, install and hard link (ln
// without -s: the same file under a second name) of the RUNs from the
// line first on whose words are all known and that always run: the RUN's
// Body index, the instruction, the call and its name, and what it
// copies where.
func (pl *plan) copiesAfter(first int, fn func(i int, in *dockerfile.Instruction, c shell.Call, name string, fc fileCopy)) {
	pl.copyCalls(first, false, fn)
}

// copyCalls calls fn as copiesAfter does, for the copies or, with
// symbolic, for the symbolic links (ln -s) instead.
func (pl *plan) copyCalls(first int, symbolic bool, fn func(i int, in *dockerfile.Instruction, c shell.Call, name string, fc fileCopy)) {
	st := pl.stage
	for i, in := range st.Body {
		if in.Name() != "run" || in.Line() < first || !st.Mentions(i, "cp", "install", "mv", "ln") {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			continue // runWrites refuses the RUN
		}
		for _, c := range calls {
			name := path.Base(c.Name())
			link := name == "ln" && lnOption(c, 's', "--symbolic")
			copies := name == "cp" || name == "install" || name == "mv" || name == "ln" && !link
			if link != symbolic || !link && !copies || c.Dir == "" || c.Conditional || !c.AllKnown() {
				continue
			}
			if fc, ok := pl.copyTargets(i, c); ok {
				fn(i, in, c, name, fc)
			}
		}
	}
}

// fromContext tells whether a file is one the COPYs brought from the
// build context.
func (pl *plan) fromContext(p string) bool {
	src, dir, ok := pl.contextSource(p)
	return ok && src != "" && !dir
}

// binDirs are folders every base image has, where `cp app /usr/local/bin`
// puts app.
var binDirs = rewrite.WordSet(`/usr/local/bin /usr/local/sbin /usr/bin /usr/sbin /bin /sbin /go/bin`)

// installedCopies adds, as artifacts, the copies that cp or install make
// of an artifact after it is built (`go build -o app . && install app
// /usr/local/bin/`, a make install): CMD may run the copy. The artifact
// stays one too: the original image has both. A built file mv moves
// (`go build -o myapp && mv myapp /usr/`) is where mv puts it.
func (pl *plan) installedCopies() {
	st, b := pl.stage, pl.build
	first := st.Body[len(st.Body)-1].Line() + 1
	for _, a := range b.Artifacts {
		first = min(first, a.Line)
	}
	pl.copiesAfter(first, func(i int, in *dockerfile.Instruction, c shell.Call, name string, fc fileCopy) {
		if name == "mv" {
			pl.movedArtifacts(i, c, fc)
			return
		}
		for _, src := range fc.srcs {
			if pl.isArtifact(src) {
				b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: fc.at(src), Line: in.Line(), How: name + " copies " + src})
			}
		}
	})
	pl.linkedArtifacts(first)
}

// linkedArtifacts adds, as artifacts, the symbolic links that RUNs from
// the line first on make to an artifact or into a folder artifact
// (`go build -o /app/bin/server . && ln -s /app/bin/server
// /usr/local/bin/`, `ln -s /app/dist/cli.js /usr/local/bin/tool`): CMD may
// run the link, and runs what it points to from that file's own folder.
func (pl *plan) linkedArtifacts(first int) {
	b := pl.build
	pl.copyCalls(first, true, func(_ int, in *dockerfile.Instruction, c shell.Call, _ string, fc fileCopy) {
		_, raw, _ := copyPaths(c)
		for k, src := range fc.srcs {
			at := fc.at(src)
			if target := linkTarget(c, raw[k], src, at); pl.isArtifact(target) && !pl.isArtifact(at) {
				b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: at, Link: target, Line: in.Line(), How: "ln -s links it to " + target})
			}
		}
	})
}

// lnOption tells whether an ln call has an option, given as a letter
// (alone or among others: -sf) or by its long name.
func lnOption(c shell.Call, letter byte, long string) bool {
	for _, a := range c.Args[1:] {
		switch {
		case a == "--":
			return false
		case a == long:
			return true
		case len(a) > 1 && a[0] == '-' && a[1] != '-' && strings.IndexByte(a, letter) > 0:
			return true
		}
	}
	return false
}

// movedArtifacts follows an mv whose sources are all built files (not
// folders, not globs): each artifact is where mv puts it (into a folder
// a RUN made, without a trailing slash, that is the folder's path, which
// CMD does not run: the file is then refused, not rewritten wrong). An
// mv of anything else is left to checkArtifactsKept.
func (pl *plan) movedArtifacts(i int, c shell.Call, fc fileCopy) {
	b := pl.build
	var moved []int
	for _, src := range fc.srcs {
		k := slices.IndexFunc(b.Artifacts, func(a rewrite.Artifact) bool { return a.Path == src && !a.Dir && !a.Glob })
		if k < 0 {
			return
		}
		moved = append(moved, k)
	}
	for _, k := range moved {
		a := &b.Artifacts[k]
		p := fc.at(a.Path)
		a.How = a.How + ", then mv moves it to " + p
		a.Path = p
	}
	if pl.moves == nil {
		pl.moves = map[string]bool{}
	}
	pl.moves[moveKey(i, c)] = true
}

// copyTargets reads a cp, mv or install of the RUN at Body index i (as
// copyArgs does) into what it copies where: a folder that is there when
// the RUN runs (folderThere) receives the sources too.
func (pl *plan) copyTargets(i int, c shell.Call) (fileCopy, bool) {
	srcs, dest, into, ok := copyArgs(c)
	return fileCopy{srcs: srcs, dest: dest, into: into || pl.folderThere(i, dest)}, ok
}

// folderThere tells whether a path is a folder when the RUN at Body index
// i runs: one every image has, or a working directory so far. cp and mv
// put files inside it.
func (pl *plan) folderThere(i int, p string) bool {
	return rewrite.IsSystemDir(p) || slices.ContainsFunc(pl.stage.Before[:i+1], func(s rewrite.State) bool { return s.Workdir == p })
}

// movesInto tells whether an mv makes artifacts rather than moving them
// away: each of its sources lands at an artifact's path, and none is one
// (mvn package && mv target/app-1.0.jar /app.jar, whose /app.jar CMD
// runs).
func (pl *plan) movesInto(i int, c shell.Call) bool {
	fc, ok := pl.copyTargets(i, c)
	if !ok || c.Dir == "" || !c.AllKnown() {
		return false
	}
	for _, src := range fc.srcs {
		if pl.isArtifact(src) || !slices.ContainsFunc(pl.build.Artifacts, func(a rewrite.Artifact) bool {
			ok, _ := path.Match(a.Path, fc.at(src))
			return a.Path == fc.at(src) || a.Glob && ok
		}) {
			return false
		}
	}
	return true
}

// moveKey names one mv call of the RUN at Body index i.
func moveKey(i int, c shell.Call) string {
	return strconv.Itoa(i) + "\x00" + strings.Join(c.Args, "\x00")
}

// copyArgs reads a cp, mv, install or ln: the sources, the destination,
// and whether they land in it as a folder (a trailing slash, several
// sources, -t, or a folder every image has); ok is false when it names
// fewer than two paths.
func copyArgs(c shell.Call) (srcs []string, dest string, into, ok bool) {
	paths, raw, target := copyPaths(c)
	if target != "" {
		return paths, target, true, len(paths) > 0
	}
	if len(paths) < 2 {
		return nil, "", false, false
	}
	dest, srcs = paths[len(paths)-1], paths[:len(paths)-1]
	into = strings.HasSuffix(raw[len(raw)-1], "/") || len(srcs) > 1 || binDirs.Has(dest)
	return srcs, dest, into, true
}

// installSetsMeta tells whether an install option sets the mode or owner
// of what it makes (-m 0755, --mode=0755, -o, -g).
func installSetsMeta(a string) bool {
	return installValueNext(a) || strings.HasPrefix(a, "--mode") || strings.HasPrefix(a, "--owner") || strings.HasPrefix(a, "--group")
}

// installValueNext tells whether an install option takes the next word
// as its value.
func installValueNext(a string) bool {
	switch a {
	case "-m", "-o", "-g", "--mode", "--owner", "--group":
		return true
	}
	return false
}

// copyPaths lists the paths a cp, mv, install or ln names, resolved and
// as written, and the folder -t names ("" for none). Option values
// (install -m 0755, -S .bak) are not paths.
func copyPaths(c shell.Call) (paths, raw []string, target string) {
	name := path.Base(c.Name())
	for j := 1; j < len(c.Args); j++ {
		a := c.Args[j]
		switch {
		case a == "-t" || a == "--target-directory":
			if j+1 < len(c.Args) {
				target = shell.Resolve(c.Dir, c.Args[j+1])
				j++
			}
		case strings.HasPrefix(a, "--target-directory="):
			target = shell.Resolve(c.Dir, strings.TrimPrefix(a, "--target-directory="))
		case a == "-S" || name == "install" && installValueNext(a):
			j++ // an option's value
		case strings.HasPrefix(a, "-") && a != "-":
		default:
			paths = append(paths, shell.Resolve(c.Dir, a))
			raw = append(raw, a)
		}
	}
	return paths, raw, target
}

// isArtifact tells whether a path is an artifact or inside one.
func (pl *plan) isArtifact(p string) bool {
	return pl.isArtifactBy(p, math.MaxInt)
}

// isArtifactBy tells whether a path is an artifact, or in a folder
// artifact, of a build step on or before line.
func (pl *plan) isArtifactBy(p string, line int) bool {
	return artifactBy(pl.build, p, line)
}

// artifactBy tells whether a path is one of b's artifacts, or in a
// folder artifact, of a build step on or before line.
func artifactBy(b *rewrite.Build, p string, line int) bool {
	return slices.ContainsFunc(b.Artifacts, func(a rewrite.Artifact) bool {
		return a.Line <= line && (p == a.Path || a.Dir && strings.HasPrefix(p, a.Path+"/"))
	})
}

// checkArtifactsKept refuses a file whose later commands move or delete
// what was built: the COPY --from would fail or copy the wrong thing.
func (pl *plan) checkArtifactsKept() error {
	st := pl.stage
	first := st.Body[len(st.Body)-1].Line() + 1
	for _, a := range pl.build.Artifacts {
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
			if pl.moves[moveKey(i, c)] || c.Name() == "mv" && pl.movesInto(i, c) {
				continue // the artifact is where it moved, or what mv made
			}
			for j := 1; j < len(c.Args); j++ {
				if c.Known[j] && strings.HasPrefix(c.Args[j], "-") {
					continue
				}
				if !c.Known[j] || c.Dir == "" {
					return rewrite.Skipf(in.Line(), "%s here may touch the built program", c.Name())
				}
				target := shell.Resolve(c.Dir, c.Args[j])
				for _, a := range pl.build.Artifacts {
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
