package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Engine is a container engine driven through its command line (docker,
// or podman where the CLI is compatible), with the environment of the
// process (DOCKER_HOST, contexts, BuildKit).
type Engine struct {
	Bin string
	// Network is docker build's --network ("" for the engine's default).
	Network string
}

// BuildError is a build that failed, with the engine's last words.
type BuildError struct {
	File, Output string
}

func (e *BuildError) Error() string { return "building " + e.File + " failed:\n" + e.Output }

// Build builds a Dockerfile with a context folder under a tag.
func (e Engine) Build(ctx context.Context, tag, file, dir string) error {
	args := []string{"build", "-q", "-t", tag, "-f", file}
	if e.Network != "" {
		args = append(args, "--network", e.Network)
	}
	out, err := e.run(ctx, append(args, dir)...)
	if err != nil {
		return &BuildError{File: file, Output: lastLines(out, 20)}
	}
	return nil
}

// Inspect reads an image's configuration and size.
func (e Engine) Inspect(ctx context.Context, ref string) (Config, int64, error) {
	out, err := e.output(ctx, "image", "inspect", "--format", "{{json .Config}}\t{{.Size}}", ref)
	if err != nil {
		return Config{}, 0, fmt.Errorf("inspecting %s: %v", ref, err)
	}
	cfgJSON, size, _ := strings.Cut(strings.TrimSpace(out), "\t")
	var cfg Config
	if err := json.Unmarshal([]byte(cfgJSON), &cfg); err != nil {
		return Config{}, 0, fmt.Errorf("inspecting %s: %v", ref, err)
	}
	n, _ := strconv.ParseInt(size, 10, 64)
	return cfg, n, nil
}

// Export lists an image's files (from a container created, never
// started), keeping the contents keep asks for.
func (e Engine) Export(ctx context.Context, ref string, keep func(string) bool) (Listing, error) {
	// An image without CMD cannot be created without a command; this one
	// never runs.
	idOut, err := e.output(ctx, "create", ref, "/msrewrite-verify")
	if err != nil {
		return nil, fmt.Errorf("creating a container of %s: %v", ref, err)
	}
	// The ID is the last line: warnings may come before it.
	lines := strings.Split(strings.TrimSpace(idOut), "\n")
	id := strings.TrimSpace(lines[len(lines)-1])
	defer e.run(context.WithoutCancel(ctx), "rm", "-f", id)
	cmd := exec.CommandContext(ctx, e.Bin, "export", id)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	l, readErr := ReadExport(stdout, keep)
	if readErr != nil {
		_, _ = io.Copy(io.Discard, stdout)
	}
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("exporting %s: %s", ref, strings.TrimSpace(stderr.String()))
	}
	return l, readErr
}

// Remove removes images; errors are ignored: they may be gone already.
func (e Engine) Remove(ctx context.Context, refs ...string) {
	if len(refs) > 0 {
		e.run(ctx, append([]string{"image", "rm", "-f"}, refs...)...)
	}
}

// RunResult is how a container ran.
type RunResult struct {
	Stdout, Stderr string
	Code           int
	// Running says the container was still running at the timeout.
	Running bool
}

// Run runs an image with no network until it exits or the timeout.
func (e Engine) Run(ctx context.Context, ref string, timeout time.Duration, env, args []string) (RunResult, error) {
	name := fmt.Sprintf("msrewrite-verify-%d", time.Now().UnixNano())
	argv := []string{"run", "--rm", "--name", name, "--network", "none"}
	for _, kv := range env {
		argv = append(argv, "--env", kv)
	}
	argv = append(append(argv, ref), args...)
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, e.Bin, argv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := RunResult{Stdout: stdout.String(), Stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case runCtx.Err() != nil && ctx.Err() == nil:
		r.Running = true
		e.run(context.WithoutCancel(ctx), "rm", "-f", name)
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	case err != nil:
		return r, err
	}
	return r, nil
}

// output runs the engine's CLI and returns what it prints on standard
// output; an error carries what it printed on standard error.
func (e Engine) output(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, e.Bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), errors.New(strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// run runs the engine's CLI and returns its combined output.
func (e Engine) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, e.Bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// lastLines is the end of an engine's output.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
