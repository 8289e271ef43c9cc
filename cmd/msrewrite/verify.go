package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/internal/verify"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
	"github.com/msrewrite/msrewrite/transforms"
	"github.com/urfave/cli/v2"
)

// verifyOptions are msrewrite verify's own flags.
type verifyOptions struct {
	engine, network, against string
	keep, run                bool
	runTimeout               time.Duration
	runArgs, env             cli.StringSlice
}

const verifyAbout = `Builds FILE and its rewrite with the container engine (the docker CLI, with
DOCKER_HOST and contexts as set; --engine podman where its CLI is compatible),
from the same context, and compares the two images without running them:

  files      every file the Dockerfile put under the folders it writes to
             (COPY and ADD destinations, WORKDIR, the artifacts' folders), but
             what the rewrite leaves in the builder on purpose, is in the
             rewrite with the same mode and owner;
  libraries  each binary of the artifacts finds its loader and libraries;
  commands   CMD and ENTRYPOINT's program, and the programs the rewrite says
             the artifacts run, are on PATH;
  config     ENV, WORKDIR, USER, EXPOSE, VOLUME, LABEL, HEALTHCHECK,
             STOPSIGNAL, ENTRYPOINT and CMD are the original's.

--run also runs both (no network) and compares how they end. The images are
tagged msrewrite-verify/NAME:original and :rewrite, and removed unless --keep.

Exit status: 0 when nothing is found; 1 on any finding; 2 when it could not
verify (no engine, the original does not build, the file is not rewritten).`

// verifyFlags are msrewrite verify's flags; the rewrite's own (--context,
// --runtime-image, --alias) are accepted here too.
func verifyFlags(o *options, v *verifyOptions) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "engine", Value: "docker", Usage: "the container engine's command (docker, or podman)", EnvVars: []string{"MSREWRITE_ENGINE"}, Destination: &v.engine},
		&cli.StringFlag{Name: "against", Usage: "verify this multi-stage `FILE` instead of msrewrite's rewrite", Destination: &v.against},
		&cli.StringFlag{Name: "network", Usage: "docker build's --network for both builds", Destination: &v.network},
		&cli.BoolFlag{Name: "keep", Usage: "keep the images built", Destination: &v.keep},
		&cli.BoolFlag{Name: "run", Usage: "also run both images (no network) and compare how they end", Destination: &v.run},
		&cli.DurationFlag{Name: "run-timeout", Value: 5 * time.Second, Usage: "how long --run waits; both still running then counts as alike", Destination: &v.runTimeout},
		&cli.StringSliceFlag{Name: "run-arg", Usage: "an argument for --run's containers (repeat for more)", Destination: &v.runArgs},
		&cli.StringSliceFlag{Name: "env", Usage: "a VAR=value for --run's containers (repeat for more)", Destination: &v.env},
		&cli.StringFlag{Name: "format", Value: defaultFormat, Usage: "text or json", EnvVars: []string{"MSREWRITE_FORMAT"}, Destination: &o.format},
		&cli.StringFlag{Name: "context", Usage: "build context folder (default: the Dockerfile's folder)", EnvVars: []string{"MSREWRITE_CONTEXT"}, Destination: &o.context},
		&cli.StringFlag{Name: "runtime-image", Usage: "base image of the runtime stage", EnvVars: []string{"MSREWRITE_RUNTIME_IMAGE"}, Destination: &o.runtimeImage},
	}
}

// runVerify verifies one file's rewrite and prints the report.
func runVerify(o options, v verifyOptions, stdout, stderr io.Writer) error {
	if len(o.args) != 1 || o.args[0] == "-" {
		fmt.Fprintln(stderr, "msrewrite: verify wants one Dockerfile (a file, not standard input)")
		return exitError{2}
	}
	if o.format != "text" && o.format != "json" {
		fmt.Fprintf(stderr, "msrewrite: --format %q: verify writes text or json\n", o.format)
		return exitError{2}
	}
	if err := checkContextFlag(o.context); err != nil {
		fmt.Fprintf(stderr, "msrewrite: %v\n", err)
		return exitError{2}
	}
	file := o.args[0]
	src, err := readFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "msrewrite: %v\n", err)
		return exitError{2}
	}
	o.explain = true // the rewrite then records what verify compares
	run := &session{configs: &configs{}, contexts: &contexts{}}
	res, err := rewriteText(o, run, file, src, true)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError{2}
	}
	report, err := verifyRewrite(o, v, file, src, res)
	var cv *verify.CannotVerify
	switch {
	case errors.As(err, &cv):
		fmt.Fprintf(stderr, "%s: cannot verify: %s\n", file, cv.Reason)
		return exitError{2}
	case err != nil:
		return err
	}
	if o.format == "json" {
		if err := report.WriteJSON(stdout); err != nil {
			return err
		}
	} else {
		report.WriteText(stdout, file)
	}
	if len(report.Findings) > 0 {
		return exitError{1}
	}
	return nil
}

// verifyRewrite builds a file and its rewrite (or --against) and compares
// them.
func verifyRewrite(o options, v verifyOptions, file string, src []byte, res *rewrite.Result) (*verify.Report, error) {
	if v.engine == "" { // -w --verify: the subcommand's flags were not read
		if v.engine = os.Getenv("MSREWRITE_ENGINE"); v.engine == "" {
			v.engine = "docker"
		}
		v.runTimeout = 5 * time.Second
	}
	if _, err := exec.LookPath(v.engine); err != nil {
		return nil, &verify.CannotVerify{Reason: fmt.Sprintf("no container engine: %v", err)}
	}
	against := v.against
	if against == "" {
		if !res.Changed {
			reason := "msrewrite leaves it as it is"
			if res.Skip != nil {
				reason = "not rewritten: " + res.Skip.Reason
			}
			return nil, &verify.CannotVerify{Reason: reason}
		}
		tmp, err := writeRewrite(file, res.Output)
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(filepath.Dir(tmp))
		against = tmp
	}
	ctxDir := o.context
	if ctxDir == "" {
		ctxDir = filepath.Dir(file)
	}
	doc, err := dockerfile.Parse(file, src)
	if err != nil {
		return nil, err
	}
	base, err := baseImage(doc)
	if err != nil {
		return nil, &verify.CannotVerify{Reason: err.Error()}
	}
	name := file
	if abs, err := filepath.Abs(file); err == nil {
		name = filepath.ToSlash(abs) // Dockerfile alone: its folder's name
	}
	job := verify.Job{Name: verify.TagName(name), Original: file, Rewrite: against, Context: ctxDir, Base: base,
		Spec: spec(doc, res), Keep: v.keep, Run: v.run, RunTimeout: v.runTimeout, RunArgs: v.runArgs.Value(), RunEnv: v.env.Value()}
	return verify.Verify(context.Background(), verify.Engine{Bin: v.engine, Network: v.network}, job)
}

// writeRewrite writes the rewrite to a file of its own, with the
// original's own ignore file beside it (BuildKit reads FILE.dockerignore
// before the context's .dockerignore).
func writeRewrite(file string, out []byte) (string, error) {
	dir, err := os.MkdirTemp("", "msrewrite-verify-")
	if err != nil {
		return "", err
	}
	tmp := filepath.Join(dir, filepath.Base(file))
	if err := os.WriteFile(tmp, out, 0o644); err != nil {
		return "", err
	}
	if ignore, err := os.ReadFile(file + ".dockerignore"); err == nil {
		if err := os.WriteFile(tmp+".dockerignore", ignore, 0o644); err != nil {
			return "", err
		}
	}
	return tmp, nil
}

// baseImage is the image the original's (single) stage is built on.
func baseImage(doc *dockerfile.Document) (string, error) {
	for _, in := range doc.Instructions {
		if st, ok := in.Cmd.(*instructions.Stage); ok {
			if strings.Contains(st.BaseName, "$") {
				return "", fmt.Errorf("the base image %s depends on a build argument", st.BaseName)
			}
			return st.BaseName, nil
		}
	}
	return "", errors.New("no FROM")
}

// spec is what the rewrite says about itself, for the comparison.
func spec(doc *dockerfile.Document, res *rewrite.Result) verify.Spec {
	s := verify.Spec{}
	if b := res.Build; b != nil {
		s.Folders, s.Env, s.Programs = b.Folders, b.Env, b.Ran
		s.LeftInBuilder, s.BuildOutputs = b.LeftInBuilder, b.BuildOutputs
		s.CommandChanged = b.Command != nil
		toolchain := b.Toolchain
		s.BuildOnly = func(rel string) bool { return transforms.BuildOnly(toolchain, rel) }
		for _, a := range b.Artifacts {
			s.Artifacts = append(s.Artifacts, a.Path)
		}
	}
	for _, in := range doc.Instructions {
		if l, ok := in.Cmd.(*instructions.LabelCommand); ok {
			for _, kv := range l.Labels {
				s.Labels = append(s.Labels, kv.Key)
			}
		}
	}
	s.UserDirs = userGiven(doc, res)
	return s
}

// userGiven are the folders the rewrite gives a user the original did
// not name (nonroot): its runtime stage's WORKDIR, and the destinations
// of the COPYs it gives that user with --chown; none otherwise.
func userGiven(doc *dockerfile.Document, res *rewrite.Result) []string {
	out, err := dockerfile.Parse(doc.Name, res.Output)
	if err != nil || !res.Changed {
		return nil
	}
	// A stage read from a whole file ends in its last stage's state.
	st := rewrite.NewStage(out)
	was, now := rewrite.NewStage(doc).Final, st.Final
	if was.User != "" || now.User == "" || !path.IsAbs(now.Workdir) {
		return nil
	}
	dirs := []string{now.Workdir}
	stages := out.Stages()
	last := stages[len(stages)-1]
	for k, in := range st.Body {
		if c, ok := in.Cmd.(*instructions.CopyCommand); ok && in.Index > last.Index && c.Chown == now.User {
			dirs = append(dirs, path.Clean(shell.Resolve(st.Before[k].Workdir, c.DestPath)))
		}
	}
	return dirs
}
