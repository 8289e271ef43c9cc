package transforms

import (
	"errors"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Helpers that relate the build context to the image, shared by the
// detectors that read a manifest (go.mod, Cargo.toml).

// contextRoot is where `COPY . DEST` (or a COPY of the named manifest)
// puts the build context's root in the image; "" when no COPY says. ADD
// of local files copies them as COPY does.
func contextRoot(st *rewrite.Stage, manifest string) string {
	root := ""
	for i, in := range st.Body {
		var sd instructions.SourcesAndDest
		switch c := in.Cmd.(type) {
		case *instructions.CopyCommand:
			if c.From != "" {
				continue
			}
			sd = c.SourcesAndDest
		case *instructions.AddCommand:
			sd = c.SourcesAndDest
		default:
			continue
		}
		if st.Before[i].Workdir == "" {
			continue
		}
		for _, src := range sd.SourcePaths {
			c := path.Clean(src)
			if c != "." && c != manifest {
				continue
			}
			dest, ok := st.Expand(sd.DestPath, st.Before[i])
			if !ok {
				continue
			}
			root = shell.Resolve(st.Before[i].Workdir, dest)
			if c == manifest && len(sd.SourcePaths) == 1 && path.Base(root) == manifest && !rewrite.CopyIntoFolder(dest, false, 1) {
				root = path.Dir(root) // `COPY go.mod /app/go.mod`
			}
		}
	}
	return root
}

// contextPathAt is the context path of what the COPYs before Body[index]
// (len(Body): all of them) put at an image path; ok is false when none
// did, the context does not hold it, or it cannot be seen (nil).
func contextPathAt(st *rewrite.Stage, ctx *buildctx.Context, index int, p string) (string, bool) {
	if ctx == nil {
		return "", false
	}
	copies, err := st.ContextCopies(ctx)
	if err != nil {
		return "", false
	}
	// The last COPY that brings a file there wins; a folder's COPY brings
	// it only if the context holds it (COPY requirements/ /app/, then
	// COPY . /app/ without a prod.txt at the root).
	found := ""
	inContext := func(src string) bool {
		exists, _ := ctx.Stat(src)
		return exists
	}
	for _, cp := range copies {
		if cp.Index >= index {
			break
		}
		for _, l := range cp.Landings {
			if src, ok := landingSource(l, p); ok && (!l.Dir || inContext(src)) {
				found = src
			}
		}
	}
	// RUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt
	// puts a file of the context there for this RUN only, over the rest
	// (a folder mounted hides what the COPYs put below it).
	for _, l := range bindMounts(st, ctx, index) {
		if src, ok := landingSource(l, p); ok {
			found = src
		}
	}
	if found == "" {
		return "", false
	}
	exists, _ := ctx.Stat(found)
	return found, exists
}

// runMounts are the mounts of the index-th instruction's RUN, their values
// expanded with the stage's variables (the parser leaves that to the
// build); nil when it is no RUN, has none, or one cannot be evaluated.
func runMounts(st *rewrite.Stage, index int) []*instructions.Mount {
	run, ok := st.Body[index].Cmd.(*instructions.RunCommand)
	if !ok || len(run.FlagsUsed) == 0 {
		return nil
	}
	expand := func(w string) (string, error) {
		if v, ok := st.Expand(w, st.Before[index]); ok {
			return v, nil
		}
		return "", errors.New("cannot be evaluated")
	}
	if run.Expand(expand) != nil {
		return nil
	}
	return instructions.GetMounts(run)
}

// landingSource is the context path a landing puts at the image path p;
// ok is false when it puts nothing there.
func landingSource(l buildctx.Landing, p string) (string, bool) {
	switch {
	case l.Dir && under(p, l.Dest):
		return buildctx.Clean(path.Join(l.Src, strings.TrimPrefix(p, l.Dest))), true
	case !l.Dir && l.Dest == p:
		return l.Src, true
	}
	return "", false
}

// bindMounts are the build context's files and folders a RUN mounts
// (RUN --mount=type=bind,source=SRC,target=DEST; the whole context when
// no source is given), as landings.
func bindMounts(st *rewrite.Stage, ctx *buildctx.Context, index int) []buildctx.Landing {
	if index >= len(st.Body) || ctx == nil {
		return nil // after the stage: no RUN's mounts
	}
	var out []buildctx.Landing
	for _, m := range runMounts(st, index) {
		if m.Type != instructions.MountTypeBind || m.From != "" || m.Target == "" {
			continue
		}
		src := buildctx.Clean(m.Source)
		exists, dir := ctx.Stat(src)
		if !exists {
			continue
		}
		out = append(out, buildctx.Landing{Src: src, Dest: shell.Resolve(st.Before[index].Workdir, m.Target), Dir: dir})
	}
	return out
}
