// Package validate proves, in tests, that a rewrite is buildable and no
// worse than its input: the output converts to LLB with BuildKit's own
// Dockerfile frontend (offline, with a fake image resolver), every
// COPY --from names a stage, and BuildKit's lint rules (the `docker build
// --check` ones) find nothing in the output they did not find in the input.
//
// It pulls in most of BuildKit, so only tests import it: the msrewrite
// binary never links it.
package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/containerd/platforms"
	"github.com/distribution/reference"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/util/appcontext"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	digest "github.com/opencontainers/go-digest"
)

// Resolver is a fake image resolver: it answers for the images Allow
// accepts, with a small config, and refuses every other reference, so a
// typo in a generated FROM or COPY --from fails the conversion instead of
// reaching for a registry.
type Resolver struct {
	// Allow is called from BuildKit's goroutines, one per stage at once.
	Allow func(ref string) bool
}

// ResolveImageConfig implements llb.ImageMetaResolver.
func (r *Resolver) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	if !r.Allow(ref) {
		return "", "", nil, fmt.Errorf("image %q is neither named by the input nor a runtime image msrewrite may choose", ref)
	}
	img := dockerspec.DockerOCIImage{}
	img.Platform = platforms.DefaultSpec()
	img.Config.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	if strings.Contains(ref, "/golang:") {
		img.Config.Env = []string{"PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GOPATH=/go"}
		img.Config.WorkingDir = "/go"
	}
	img.RootFS.Type = "layers"
	dt, err := json.Marshal(img)
	if err != nil {
		return "", "", nil, err
	}
	return ref, digest.FromBytes(dt), dt, nil
}

// Normalize spells an image reference the way BuildKit asks for it.
func Normalize(ref string) string {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return ref
	}
	return reference.TagNameOnly(named).String()
}

// RuntimeAllowed tells whether msrewrite may choose ref as a runtime base:
// alpine, debian slim, distroless, the slim language images, a JRE (of
// Temurin, IBM Semeru or IBM Java), the .NET runtime images (and their
// legacy names), or the --runtime-image given.
func RuntimeAllowed(ref, override string) bool {
	n := Normalize(ref)
	if override != "" && n == Normalize(override) {
		return true
	}
	// The official images' copies, which msrewrite writes the runtime
	// image under when the builder's was pulled through them: read by
	// the same table the rewrite reads them by.
	if img := rewrite.LookupImage(n); img.Mirror != "" {
		n = Normalize(strings.TrimPrefix(n, img.Mirror))
	}
	switch {
	case strings.HasPrefix(n, "docker.io/library/alpine:"):
		return true
	case strings.HasPrefix(n, "docker.io/library/debian:") && strings.HasSuffix(n, "-slim"):
		return true
	case strings.HasPrefix(n, "gcr.io/distroless/"):
		return true
	case strings.HasPrefix(n, "docker.io/library/python:") || strings.HasPrefix(n, "docker.io/library/node:"):
		return strings.Contains(n, "slim") || strings.Contains(n, "alpine")
	case strings.HasPrefix(n, "docker.io/library/eclipse-temurin:"), strings.HasPrefix(n, "docker.io/library/ibm-semeru-runtimes:"),
		strings.HasPrefix(n, "docker.io/library/ibmjava:"):
		return strings.Contains(n, "-jre")
	case strings.HasPrefix(n, "mcr.microsoft.com/dotnet/aspnet:"), strings.HasPrefix(n, "mcr.microsoft.com/dotnet/runtime:"), strings.HasPrefix(n, "mcr.microsoft.com/dotnet/runtime-deps:"),
		strings.HasPrefix(n, "mcr.microsoft.com/dotnet/core/aspnet:"), strings.HasPrefix(n, "mcr.microsoft.com/dotnet/core/runtime:"), strings.HasPrefix(n, "mcr.microsoft.com/dotnet/core/runtime-deps:"):
		return true
	case strings.HasPrefix(n, "docker.io/microsoft/dotnet:"):
		return strings.Contains(n, "-runtime")
	}
	return false
}

// namedImages lists the images an input's FROM lines name, meta-ARG
// defaults expanded.
func namedImages(src []byte) map[string]bool {
	out := map[string]bool{}
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return out
	}
	stages, metaArgs, err := instructions.Parse(res.AST, linter.New(&linter.Config{}))
	if err != nil {
		return out
	}
	env := map[string]string{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				env[kv.Key] = *kv.Value
			}
		}
	}
	for _, s := range stages {
		name := s.BaseName
		for k, v := range env {
			name = strings.ReplaceAll(name, "${"+k+"}", v)
			name = strings.ReplaceAll(name, "$"+k, v)
		}
		out[Normalize(name)] = true
	}
	return out
}

// Converts reports whether a Dockerfile converts to LLB, and the error.
func Converts(src []byte, r *Resolver) error {
	_, err := dockerfile2llb.Dockerfile2LLB(appcontext.Context(), src, dockerfile2llb.ConvertOpt{
		MetaResolver:   r,
		TargetPlatform: ptr(platforms.DefaultSpec()),
		Config:         dockerui.Config{},
	})
	return err
}

func ptr[T any](v T) *T { return &v }

// Lint returns BuildKit's lint findings as "Rule: detail" strings, sorted
// and without duplicates.
func Lint(src []byte, r *Resolver) ([]string, error) {
	res, err := dockerfile2llb.DockerfileLint(appcontext.Context(), src, dockerfile2llb.ConvertOpt{
		SourceMap:      sourceMap(src),
		MetaResolver:   r,
		TargetPlatform: ptr(platforms.DefaultSpec()),
	})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, w := range res.Warnings {
		// A suggestion depends on what else is in scope, not on the finding.
		detail, _, _ := strings.Cut(w.Detail, " (did you mean")
		k := w.RuleName + ": " + detail
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

// copyFromStages checks that every COPY --from names an earlier stage.
func copyFromStages(src []byte) error {
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return err
	}
	stages, _, err := instructions.Parse(res.AST, linter.New(&linter.Config{}))
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for i, s := range stages {
		for _, c := range s.Commands {
			if cp, ok := c.(*instructions.CopyCommand); ok && cp.From != "" && !names[strings.ToLower(cp.From)] {
				return fmt.Errorf("line %d: COPY --from=%s names no earlier stage", cp.Location()[0].Start.Line, cp.From)
			}
		}
		if s.Name != "" {
			names[s.Name] = true
		}
		names[fmt.Sprint(i)] = true
	}
	return nil
}

// Check validates a rewrite of input into output; override is the
// --runtime-image in effect, if any. An input that does not convert
// itself proves nothing about its output, and is not held against it.
func Check(input, output []byte, override string) error {
	named := namedImages(input)
	r := &Resolver{Allow: func(ref string) bool { return named[ref] || RuntimeAllowed(ref, override) }}
	if err := Converts(input, r); err != nil {
		return nil
	}
	if err := Converts(output, r); err != nil {
		return fmt.Errorf("the output does not convert to LLB: %w", err)
	}
	if err := copyFromStages(output); err != nil {
		return err
	}
	before, err := Lint(input, r)
	if err != nil {
		return err
	}
	after, err := Lint(output, r)
	if err != nil {
		return err
	}
	had := map[string]bool{}
	for _, w := range before {
		had[w] = true
	}
	var added []string
	for _, w := range after {
		if !had[w] {
			added = append(added, w)
		}
	}
	if len(added) > 0 {
		return fmt.Errorf("new lint warnings: %s", strings.Join(added, "; "))
	}
	return nil
}

// sourceMap is the Dockerfile as a source for lint locations; BuildKit's
// lint needs one backed by a real state.
func sourceMap(src []byte) *llb.SourceMap {
	st := llb.Local("dockerfile")
	sm := llb.NewSourceMap(&st, "Dockerfile", "Dockerfile", src)
	def, err := st.Marshal(appcontext.Context())
	if err == nil {
		sm.Definition = def
	}
	return sm
}
