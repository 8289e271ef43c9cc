package transforms

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// NonRoot makes the runtime stage run as an unprivileged user: the
// image's own (node) or the numeric 65532 distroless uses, owning the
// WORKDIR so the program can write where it starts.
var NonRoot = rewrite.Transform{
	Name: "nonroot",
	Doc:  "the runtime stage runs as an unprivileged user (node, or 65532) owning its WORKDIR, where the file sets no USER and listens on no port below 1024",
	Run:  runNonRoot,
}

// nonrootUID is the unprivileged user of distroless' nonroot images.
const nonrootUID = "65532"

func runNonRoot(p *rewrite.Pass) error {
	doc := p.Doc
	stages := doc.Stages()
	if len(stages) < 2 {
		return rewrite.Skipf(1, "nonroot sets the user of a runtime stage: the file is not split (multistage)")
	}
	last := stages[len(stages)-1]
	body := doc.Instructions[last.Index+1:]
	from := last.Cmd.(*instructions.Stage)
	img := rewrite.LookupImage(from.BaseName)
	workdir := img.Workdir
	var first *dockerfile.Instruction // the first instruction that only describes the image
	for _, in := range body {
		switch c := in.Cmd.(type) {
		case *instructions.UserCommand:
			return rewrite.Skipf(in.Line(), "nonroot: the runtime stage sets USER already")
		case *instructions.ExposeCommand:
			for _, port := range c.Ports {
				num, _, _ := strings.Cut(port, "/")
				n, err := strconv.Atoi(num)
				if err != nil {
					return rewrite.Skipf(in.Line(), "nonroot: EXPOSE %s: a port that cannot be read may be below 1024, which only root may bind", port)
				}
				if n < 1024 {
					return rewrite.Skipf(in.Line(), "nonroot: EXPOSE %d: only root may bind a port below 1024", n)
				}
			}
		case *instructions.WorkdirCommand:
			workdir = c.Path
		case *instructions.CopyCommand:
			if c.From != "" && !earlierStage(stages, last, c.From) {
				return rewrite.Skipf(in.Line(), "nonroot: COPY --from=%s copies from an image, not from a stage of the file", c.From)
			}
		case *instructions.VolumeCommand:
			return rewrite.Skipf(in.Line(), "nonroot: a VOLUME is mounted owned by root, so the program may not write there")
		}
		if first == nil && runtimeOnly[in.Name()] {
			first = in
		}
	}
	switch {
	case !img.Known || !img.Shell || img.Family == "scratch":
		return rewrite.Skipf(last.Line(), "nonroot: %s has no shell to give the user its folder", from.BaseName)
	case !strings.HasPrefix(workdir, "/") || workdir == "/" || strings.Contains(workdir, "$"):
		return rewrite.Skipf(last.Line(), "nonroot: the runtime stage works in %q, which an unprivileged user should not own", workdir)
	}
	user := nonrootUID + ":" + nonrootUID
	if img.Family == "node" {
		user = "node" // the node images' own, uid 1000
	}
	text := doc.Keyword("RUN") + " chown " + user + " " + workdir + doc.Newline + doc.Keyword("USER") + " " + user + doc.Newline
	off := len(doc.Src)
	if first != nil {
		off = doc.Offset(first.CommentStart)
	} else if !strings.HasSuffix(string(doc.Src), "\n") {
		text = doc.Newline + text
	}
	p.Edits = append(p.Edits, dockerfile.Insert(off, text))
	p.Notef(last.Line(), "nonroot: the runtime stage runs as %s, who owns %s; what the program writes elsewhere needs root", user, workdir)
	return nil
}

// earlierStage tells whether a COPY --from names a stage before the last.
func earlierStage(stages []*dockerfile.Instruction, last *dockerfile.Instruction, from string) bool {
	for i, st := range stages {
		if st == last {
			break
		}
		if strings.EqualFold(st.Cmd.(*instructions.Stage).Name, from) || from == strconv.Itoa(i) {
			return true
		}
	}
	return false
}
