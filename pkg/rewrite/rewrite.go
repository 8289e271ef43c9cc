// Package rewrite is msrewrite's engine: it runs transforms over a parsed
// document and splices their edits. Transforms and toolchain detectors are
// small values, in the manner of go/analysis analyzers; the concrete ones
// live in the transforms package and are listed there in one registry.
package rewrite

import (
	"errors"
	"fmt"
	"math"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
)

// IgnoreComment, as a comment line of its own, opts a file out.
const IgnoreComment = "msrewrite:ignore"

// DefaultAlias is the builder stage's name when the file gives none.
const DefaultAlias = "compiler"

// Options are the choices a user can make; zero values mean the defaults.
type Options struct {
	// Alias names the builder stage (default DefaultAlias).
	Alias string
	// RuntimeImage overrides the runtime stage's base image.
	RuntimeImage string
	// RuntimeImages overrides it per toolchain ("go", "rust", ...), below
	// RuntimeImage.
	RuntimeImages map[string]string
	// Context is the build context; nil when it cannot be seen (standard
	// input with no file name), and then a file that copies from it is
	// left alone.
	Context *buildctx.Context
	// Keep and Drop are patterns (.dockerignore syntax) of context paths
	// the runtime stage must carry, or must not, whatever msrewrite infers.
	Keep, Drop []string
	// Explain asks for Result.Notes, each decision and why; without it
	// they are not written out (a formatted string each).
	Explain bool
}

// RuntimeFor is the runtime image the user chose for a toolchain, "" for
// msrewrite's own choice.
func (o Options) RuntimeFor(toolchain string) string {
	if o.RuntimeImage != "" {
		return o.RuntimeImage
	}
	return o.RuntimeImages[toolchain]
}

// Transform is one rewrite of a document.
type Transform struct {
	Name string
	Doc  string
	// Optional says the user asks for the transform (layer advice beyond
	// the split): when the file is left alone, a reason of the split is
	// the one said, not the advice's.
	Optional bool
	// Run reports its edits and notes on the pass, or returns a *Skip when
	// it leaves the file alone.
	Run func(*Pass) error
}

// Toolchain is a detector: it recognises the build steps of one ecosystem
// in a stage and says what they produce and what the runtime needs.
type Toolchain struct {
	// Name is a short lowercase word ("go"): the configuration's and
	// --runtime-image's key, and the prefix of the detector's notes.
	Name string
	Doc  string
	// BuildInputs are the files of the build context only its build reads
	// (sources, manifests, lockfiles): the runtime stage leaves them out.
	BuildInputs []FileRule
	// Families are the repositories of the official images the toolchain
	// builds in ("golang", "mcr.microsoft.com/dotnet/sdk"), for
	// Pass.OfficialImage.
	Families []string
	// Tools are the programs whose runs before and during the build are
	// the build's own work (dependencies, toolchains, caches): what they
	// write stays in the builder. Another toolchain's program run in the
	// same image (node gen.js in a Go build) writes what the program may
	// read, and is read as any other command.
	Tools []string
	// Detect returns nil, nil when the stage builds nothing it knows, and a
	// *Skip when it knows the build but cannot decide it safely. The engine
	// sets Build.Toolchain.
	Detect func(*Stage, *Pass) (*Build, error)
}

// FileRule matches a file of the build context by its name (path.Match
// on the last element) or by a folder it is in (Dir: any other element).
type FileRule struct {
	Name, Dir string
	// Why is the rule's reason, for --explain.
	Why string
}

// Match tells whether the rule matches a slash path.
func (r FileRule) Match(p string) bool {
	if r.Dir != "" {
		for {
			elem, rest, more := strings.Cut(p, "/")
			if !more {
				return false // the last element is the file's name
			}
			if elem == r.Dir {
				return true
			}
			p = rest
		}
	}
	ok, _ := path.Match(r.Name, path.Base(p))
	return ok
}

// Pass is what a transform sees and reports to.
type Pass struct {
	Doc        *dockerfile.Document
	Options    Options
	Toolchains []Toolchain
	// Toolchain is the detector being asked, while Detect runs it.
	Toolchain *Toolchain
	Edits     []dockerfile.Edit
	// Notes explain each decision, for --explain.
	Notes []Note
	// Build is what a transform built on, for structured reports.
	Build *Build
}

// Note is one decision and why, at a line (1-based, 0 for the whole file).
type Note struct {
	Line int
	Text string
}

// Notef records a decision for --explain. A detector's notes start with
// its name.
func (p *Pass) Notef(line int, format string, args ...any) {
	if !p.Options.Explain {
		return
	}
	text := fmt.Sprintf(format, args...)
	if p.Toolchain != nil {
		text = p.Toolchain.Name + ": " + text
	}
	p.Notes = append(p.Notes, Note{Line: line, Text: text})
}

// Detect asks every toolchain about the stage and returns the build the
// one that recognises it found, named after it. A stage that two
// toolchains recognise is left alone: no order among detectors decides.
func (p *Pass) Detect(st *Stage) (*Build, error) {
	if windowsImage(st.Base) {
		return nil, Skipf(st.From.Line(), "%s is a Windows image: msrewrite knows Linux images only, their runtime images, libraries and shells", st.Base)
	}
	var found *Build
	var refused error
	by := ""
	var foreign error // a toolchain's refusal to build in another's official image
	for i := range p.Toolchains {
		tc := &p.Toolchains[i]
		p.Toolchain = tc
		b, err := tc.Detect(st, p)
		p.Toolchain = nil
		var skip *Skip
		switch {
		case err != nil && !errors.As(err, &skip):
			return nil, err
		case b == nil && err == nil:
			continue
		case skip != nil && skip.foreign:
			// npm in the python image, for the assets: the build of the
			// image's own toolchain reads its commands as any other's.
			foreign = err
			continue
		case by != "":
			return nil, Skipf(st.From.Line(), "builds with both %s and %s: not handled", by, tc.Name)
		}
		by, found, refused = tc.Name, b, err
		if b != nil {
			b.Toolchain = tc.Name
		}
	}
	if foreign != nil && found == nil && refused == nil {
		return nil, foreign
	}
	if refused != nil {
		return nil, refused
	}
	return found, nil
}

// windowsImage tells whether an image reference names a Windows image:
// the Windows variants of the official images (golang:1.22-windowsservercore,
// mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022) or Windows itself.
func windowsImage(ref string) bool {
	ref = strings.ToLower(ref)
	return strings.Contains(ref, "windowsservercore") || strings.Contains(ref, "nanoserver") ||
		strings.HasPrefix(ref, "mcr.microsoft.com/windows")
}

// OfficialImage refuses a build of the toolchain being asked in an image
// that is not one of its Families, or a variant of one that LookupImage
// does not know: what the image holds (libc, release, environment) would
// be a guess. what names the build for the message ("go build").
func (p *Pass) OfficialImage(st *Stage, what string) error {
	img := st.BaseImage
	if img.Known && slices.Contains(p.Toolchain.Families, img.Repo) {
		return nil
	}
	names := p.Toolchain.Families
	list := names[len(names)-1]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " and " + list
	}
	skip := Skipf(st.From.Line(), "%s in %q: only the official %s images are known well enough to rewrite", what, st.Base, list)
	if slices.Contains(names, img.Repo) {
		// golang:tip, node:24-trixie before msrewrite knows them.
		skip = Skipf(st.From.Line(), "%s in %q: msrewrite does not know this tag of the official %s image, so neither its libc nor its release", what, st.Base, img.Repo)
	}
	// In another toolchain's official image the build is that one's
	// (Pass.Detect), which reads these commands as any other's.
	skip.foreign = img.Known && slices.ContainsFunc(p.Toolchains, func(other Toolchain) bool {
		return other.Name != p.Toolchain.Name && slices.Contains(other.Families, img.Repo)
	})
	return skip
}

// Skip says why a file is left as it is. It is not an error: the output is
// the input, byte for byte.
type Skip struct {
	Line   int // 1-based; 0 for the file as a whole
	Reason string
	// foreign says the toolchain refused only because the stage's image
	// is another toolchain's official one (OfficialImage).
	foreign bool
	// by is the transform that declined, and optional whether the user
	// asked for it, set by Run.
	by       string
	optional bool
}

// named is the reason with the name of the transform that gave it in
// front, when other transforms changed the file and the reason does not
// say its name already: "not applied" must say what was not.
func (s *Skip) named() string {
	if s.by == "" || strings.HasPrefix(s.Reason, s.by) {
		return s.Reason
	}
	return s.by + ": " + s.Reason
}

func (s *Skip) Error() string { return s.Reason }

// Skipf builds a *Skip.
func Skipf(line int, format string, args ...any) *Skip {
	return &Skip{Line: line, Reason: fmt.Sprintf(format, args...)}
}

// Result is the outcome of rewriting one document.
type Result struct {
	Output  []byte
	Changed bool
	// Skip is set when the file was left alone, with the reason, or when
	// the last transform declined after others changed it.
	Skip  *Skip
	Notes []Note
	// Build is the build step the rewrite is based on (nil when not rewritten).
	Build *Build
	// StepLine is the line of the build's first step in the file as
	// written (Build's instructions are those of the text the split
	// read, which an earlier transform may have written).
	StepLine int
}

// SkipText is how the Skip's reason reads: "not rewritten: ..." for a
// file left as it was, "not applied: ..." for a transform that declined
// while others changed the file (--with nonroot on a file that listens on
// port 80 is still split).
func (r *Result) SkipText() string {
	if r.Changed {
		return "not applied: " + r.Skip.named()
	}
	return "not rewritten: " + r.Skip.Reason
}

// Run applies the transforms in order to doc. A transform that skips leaves
// the document untouched; the first skip reason is reported when no
// transform changed anything.
func Run(doc *dockerfile.Document, transforms []Transform, toolchains []Toolchain, opts Options) (*Result, error) {
	if opts.Alias == "" {
		opts.Alias = DefaultAlias
	}
	res := &Result{Output: doc.Src}
	for i, l := range doc.Lines {
		if dockerfile.IsComment(l) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "#")) == IgnoreComment {
			res.Skip = Skipf(i+1, "the file asks to be left alone (# %s)", IgnoreComment)
			return res, nil
		}
	}
	stale := false // doc no longer holds res.Output
	// The reasons of the transforms that did not apply, for --explain: a
	// transform the user asked for is not dropped in silence, and when
	// none applied, the first reason is not the only one said.
	var declined []*Skip
	var done []applied // the passes that changed the document, for its lines
	for _, t := range transforms {
		if stale {
			// Later transforms see the rewritten text.
			var err error
			if doc, err = dockerfile.Parse(doc.Name, res.Output); err != nil {
				return nil, fmt.Errorf("internal error: the rewrite does not parse: %w", err)
			}
			stale = false
		}
		p := &Pass{Doc: doc, Options: opts, Toolchains: toolchains}
		err := t.Run(p)
		var s *Skip
		if errors.As(err, &s) {
			s.Line, s.by, s.optional = original(done, s.Line), t.Name, t.Optional
			// Notes of a rewrite that did not happen would mislead: the reason says it all.
			if res.Skip == nil || res.Skip.optional && !t.Optional {
				res.Skip = s
			}
			declined = append(declined, s)
			continue
		}
		if err != nil {
			return nil, err
		}
		if len(p.Edits) == 0 {
			continue
		}
		out, err := doc.Apply(p.Edits)
		if err != nil {
			return nil, err
		}
		for i := range p.Notes {
			p.Notes[i].Line = original(done, p.Notes[i].Line)
		}
		if p.Build != nil && len(p.Build.Steps) > 0 {
			res.StepLine = original(done, p.Build.Steps[0].Line())
		}
		done = append(done, applied{in: doc.Src, edits: p.Edits})
		res.Output, res.Changed, res.Skip = out, true, nil
		sort.SliceStable(p.Notes, func(i, j int) bool { return noteKey(p.Notes[i]) < noteKey(p.Notes[j]) })
		// A RUN of two builds notes each the same way: once is enough.
		seen := make(map[Note]bool, len(p.Notes))
		for _, n := range p.Notes {
			if !seen[n] {
				seen[n] = true
				res.Notes = append(res.Notes, n)
			}
		}
		if p.Build != nil {
			res.Build = p.Build
		}
		stale = true
	}
	for _, s := range declined {
		if s != res.Skip { // the reason itself is said once
			res.Notes = append(res.Notes, Note{Line: s.Line, Text: "not applied: " + s.named()})
		}
	}
	return res, nil
}

// noteKey orders notes by line, whole-file notes last.
func noteKey(n Note) int {
	if n.Line == 0 {
		return math.MaxInt
	}
	return n.Line
}
