package transforms

import (
	"path"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Helpers that relate the build context to the image, shared by the
// detectors that read a manifest (go.mod, Cargo.toml).

// contextRoot is where `COPY . DEST` (or a COPY of the named manifest)
// puts the build context's root in the image; "" when no COPY says.
func contextRoot(st *rewrite.Stage, manifest string) string {
	root := ""
	for i, in := range st.Body {
		cp, ok := in.Cmd.(*instructions.CopyCommand)
		if !ok || cp.From != "" || st.Before[i].Workdir == "" {
			continue
		}
		for _, src := range cp.SourcePaths {
			if c := path.Clean(src); c == "." || c == manifest {
				if dest, ok := st.Expand(cp.DestPath, st.Before[i]); ok {
					root = shell.Resolve(st.Before[i].Workdir, dest)
				}
			}
		}
	}
	return root
}
