package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/internal/golden"
)

// reading is what a command line comes to: the command, its options, the
// exit status and what was printed.
type reading struct {
	cmd            command
	opts           options
	code           int
	stdout, stderr string
}

func readOurs(args []string, read func([]string, io.Writer, io.Writer) (options, command, error)) reading {
	var out, errOut bytes.Buffer
	o, cmd, err := read(args, &out, &errOut)
	r := reading{cmd: cmd, stdout: out.String(), stderr: errOut.String()}
	if cmd != cmdDone {
		r.opts = o
	}
	var ee exitError
	if errors.As(err, &ee) {
		r.code = ee.code
	} else if err != nil {
		r.code = -1
	}
	return r
}

// argLines are the command lines whose reading is the CLI's contract.
var argLines = []string{
	"", "Dockerfile", "-", "a b c", "help", "h", "x lsp", "lsp", "lsp x", "lsp x -h", "lsp -- -h", "lsp --",
	"-d Dockerfile", "--diff f", "-diff f", "--d f", "-d=true f", "-d=false f", "-d=maybe f", "-d=1 f", "-d= f",
	"-w -l --check --explain --list f", "--write=true --list-changed=0 g", "Dockerfile -w", "f -- -d",
	"--alias=x f", "--alias x f", "-alias x -alias y f", "--alias", "--alias= f", "--alias Bad f", "--alias -d f",
	"--runtime-image debian:12 --context ctx --stdin-filename sub/Dockerfile --format json -",
	"--format=sarif --check .", "--format", "--", "-- --", "-- f", "---d", "-=x", "--=x", "- -d",
	"--bogus", "-x f", "--bogus=1", "-d --bogus", "--dif f", "--explian f",
	"--help", "-h", "-help", "--h", "-h x", "-h x y", "-h lsp", "-h lsp x", "-h=false f", "--help=maybe", "-h -v",
	"--version", "-v", "-v f", "-v=false f", "--version lsp", "-v -h", "-d -v",
	"lsp -h", "lsp --help", "lsp --help=1", "lsp -h x", "lsp --x", "lsp -v", "lsp -d", "-d --alias z lsp",
	"--alias z lsp x y", "--format json lsp", "lsp lsp", "lsp -h lsp", "-h lsp lsp", "-h -- x", "lsp -h -- x", "lsp help", "lsp h", "help lsp",
}

// argReading is a reading in the contract file's form.
type argReading struct {
	Args    string            `json:"args"`
	Command string            `json:"command"`
	Options map[string]string `json:"options,omitempty"`
	Exit    int               `json:"exit"`
	Stdout  string            `json:"stdout,omitempty"`
	Stderr  string            `json:"stderr,omitempty"`
}

func contractReading(line string) argReading {
	r := readOurs(strings.Fields(line), readArgs)
	out := argReading{Args: line, Command: [...]string{"rewrite", "lsp", "done"}[r.cmd], Exit: r.code, Stdout: r.stdout, Stderr: r.stderr}
	if r.cmd != cmdDone {
		o := r.opts
		out.Options = map[string]string{}
		for name, v := range map[string]bool{"diff": o.diff, "write": o.write, "explain": o.explain, "list-changed": o.listChanged,
			"check": o.check, "list": o.list, "alias set": o.aliasSet} {
			if v {
				out.Options[name] = "true"
			}
		}
		for name, v := range map[string]string{"alias": o.alias, "runtime-image": o.runtimeImage, "context": o.context,
			"stdin-filename": o.stdinFilename, "format": o.format} {
			if v != "" {
				out.Options[name] = v
			}
		}
		out.Options["args"] = fmt.Sprintf("%q", o.args)
	}
	return out
}

// TestArgs holds the reading of each command line (command, options,
// exit status, what is printed) to testdata/args.golden.
func TestArgs(t *testing.T) {
	var got []argReading
	for _, line := range argLines {
		got = append(got, contractReading(line))
	}
	file := filepath.Join("testdata", "args.golden")
	if golden.Updating() {
		data, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var want []argReading
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("command lines read otherwise than testdata/args.golden says (-want +got):\n%s", d)
	}
}
