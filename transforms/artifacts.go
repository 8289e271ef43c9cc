package transforms

import (
	"path"
	"strings"

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
	b.Artifacts = unique(b.Artifacts, func(a rewrite.Artifact) string { return a.Path })
	for _, a := range b.Artifacts {
		if !dockerfile.PlainPath(a.Path) {
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

// isArtifact tells whether a path is an artifact or inside one.
func (pl *plan) isArtifact(p string) bool {
	for _, a := range pl.build.Artifacts {
		if p == a.Path || a.Dir && strings.HasPrefix(p, a.Path+"/") {
			return true
		}
	}
	return false
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
