package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// Job is one verification: a Dockerfile, its rewrite and their context.
type Job struct {
	// Name names the images (msrewrite-verify/NAME:original, :rewrite).
	Name string
	// Original and Rewrite are the Dockerfiles' paths; Context the
	// folder both build from; Base the original's base image.
	Original, Rewrite, Context, Base string
	Spec                             Spec
	// Keep leaves the images built in the engine.
	Keep bool
	// Run runs both images (no network) and compares how they end.
	Run        bool
	RunTimeout time.Duration
	RunArgs    []string
	RunEnv     []string
}

// Report is what a verification found.
type Report struct {
	Original   ImageSize  `json:"original"`
	Rewrite    ImageSize  `json:"rewrite"`
	Findings   []Finding  `json:"findings"`
	Run        *RunReport `json:"run,omitempty"`
	ImagesKept bool       `json:"imagesKept,omitempty"`
}

// ImageSize is an image built, and its size in bytes.
type ImageSize struct {
	Ref  string `json:"ref"`
	Size int64  `json:"size"`
}

// RunReport is how both images ran.
type RunReport struct {
	Original RunResult `json:"original"`
	Rewrite  RunResult `json:"rewrite"`
}

// CannotVerify is a verification that could not be made: no engine, the
// original does not build. It is not a finding about the rewrite.
type CannotVerify struct{ Reason string }

func (e *CannotVerify) Error() string { return e.Reason }

// Verify builds the original and the rewrite and compares them.
func Verify(ctx context.Context, e Engine, job Job) (*Report, error) {
	orig, rewr := "msrewrite-verify/"+job.Name+":original", "msrewrite-verify/"+job.Name+":rewrite"
	if out, err := e.run(ctx, "version", "--format", "{{.Server.Version}}"); err != nil {
		return nil, &CannotVerify{"the container engine does not answer: " + strings.TrimSpace(lastLines(out, 3))}
	}
	if err := e.Build(ctx, orig, job.Original, job.Context); err != nil {
		return nil, &CannotVerify{"the original does not build, so there is nothing to compare with: " + err.Error()}
	}
	r := &Report{ImagesKept: job.Keep}
	if !job.Keep {
		defer e.Remove(context.WithoutCancel(ctx), orig, rewr)
	}
	if err := e.Build(ctx, rewr, job.Rewrite, job.Context); err != nil {
		r.Original.Ref = orig
		r.Findings = append(r.Findings, Finding{Kind: "build", Detail: "the rewrite does not build: " + err.Error()})
		return r, nil
	}
	var images [3]Image
	for i, ref := range []string{job.Base, orig, rewr} {
		cfg, size, err := e.Inspect(ctx, ref)
		if err != nil {
			return nil, &CannotVerify{err.Error()}
		}
		var keep func(string) bool
		if i == 2 {
			keep = func(p string) bool { return under(p, job.Spec.Artifacts) || loaderConfig(p) || sharedLibrary(p) }
		}
		files, err := e.Export(ctx, ref, keep)
		if err != nil {
			return nil, &CannotVerify{err.Error()}
		}
		images[i] = Image{Ref: ref, Size: size, Config: cfg, Files: files}
	}
	r.Original = ImageSize{orig, images[1].Size}
	r.Rewrite = ImageSize{rewr, images[2].Size}
	r.Findings = append(r.Findings, Compare(job.Spec, images[0], images[1], images[2])...)
	if job.Run {
		a, err := e.Run(ctx, orig, job.RunTimeout, job.RunEnv, job.RunArgs)
		if err != nil {
			return nil, &CannotVerify{"running the original: " + err.Error()}
		}
		b, err := e.Run(ctx, rewr, job.RunTimeout, job.RunEnv, job.RunArgs)
		if err != nil {
			return nil, &CannotVerify{"running the rewrite: " + err.Error()}
		}
		r.Run = &RunReport{a, b}
		switch {
		case a.Running && b.Running:
			// Two servers still up at the timeout: alike.
		case a.Running != b.Running || a.Code != b.Code:
			r.Findings = append(r.Findings, Finding{Kind: "run", Detail: fmt.Sprintf("the original %s, the rewrite %s", ending(a), ending(b))})
		case a.Stdout != b.Stdout:
			r.Findings = append(r.Findings, Finding{Kind: "run", Detail: fmt.Sprintf("the output differs: %q, not %q", clip(b.Stdout), clip(a.Stdout))})
		}
	}
	return r, nil
}

// loaderConfig tells whether a path configures the dynamic loader.
func loaderConfig(p string) bool {
	return p == "/etc/ld.so.conf" || strings.HasPrefix(p, "/etc/ld.so.conf.d/") || strings.HasPrefix(p, "/etc/ld-musl-")
}

func ending(r RunResult) string {
	if r.Running {
		return "was still running at the timeout"
	}
	return fmt.Sprintf("exited %d", r.Code)
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// WriteText writes a report as a table and a list of findings.
func (r *Report) WriteText(w io.Writer, file string) {
	fmt.Fprintf(w, "%s\n\n", file)
	fmt.Fprintf(w, "| image | size |\n| --- | ---: |\n")
	fmt.Fprintf(w, "| original (%s) | %s |\n", r.Original.Ref, mb(r.Original.Size))
	if r.Rewrite.Ref != "" {
		ratio := ""
		if r.Rewrite.Size > 0 {
			ratio = fmt.Sprintf(", %.1f× smaller", float64(r.Original.Size)/float64(r.Rewrite.Size))
		}
		fmt.Fprintf(w, "| rewrite (%s) | %s%s |\n", r.Rewrite.Ref, mb(r.Rewrite.Size), ratio)
	}
	if r.Run != nil {
		fmt.Fprintf(w, "\nrun: the original %s, the rewrite %s\n", ending(r.Run.Original), ending(r.Run.Rewrite))
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(w, "\nno finding: the rewrite keeps the files, libraries, programs and configuration the original has\n")
		return
	}
	fmt.Fprintf(w, "\n%d finding(s):\n", len(r.Findings))
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  %s\n", f)
	}
}

// WriteJSON writes a report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// TagName makes a Dockerfile's path a name for images.
func TagName(file string) string {
	name := strings.ToLower(path.Base(path.Dir(path.Clean("/" + file))))
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	// A repository name component starts and ends with a letter or digit.
	if name := strings.Trim(b.String(), ".-_"); name != "" {
		return name
	}
	return "dockerfile"
}
