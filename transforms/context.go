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
