package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/urfave/cli/v2"
)

// reading is what a command line comes to: the command, its options, the
// exit status and what was printed.
type reading struct {
	cmd            command
	opts           options
	code           int
	stdout, stderr string
}

// readByUrfave reads args the way msrewrite did with urfave/cli v2, from
// the same flag table and texts: the oracle for readArgs.
func readByUrfave(args []string) reading {
	var r reading
	r.cmd = cmdDone
	var out, errOut bytes.Buffer
	optionsFrom := func(c *cli.Context) options {
		return options{
			diff: c.Bool("diff"), write: c.Bool("write"), explain: c.Bool("explain"),
			listChanged: c.Bool("list-changed"), check: c.Bool("check"), list: c.Bool("list"),
			alias: c.String("alias"), runtimeImage: c.String("runtime-image"), context: c.String("context"),
			stdinFilename: c.String("stdin-filename"), format: c.String("format"),
			aliasSet: c.IsSet("alias"), args: c.Args().Slice(),
		}
	}
	var flags []cli.Flag
	for _, f := range cliFlags {
		if f.str != nil {
			flags = append(flags, &cli.StringFlag{Name: f.names[0], Aliases: f.names[1:], Usage: f.usage, Value: f.def})
		} else {
			flags = append(flags, &cli.BoolFlag{Name: f.names[0], Aliases: f.names[1:], Usage: f.usage})
		}
	}
	app := &cli.App{
		Name: "msrewrite", Usage: summary, UsageText: usage, Description: about,
		Version: version, HideHelpCommand: true,
		Reader: strings.NewReader(""), Writer: &out, ErrWriter: &errOut,
		Flags: flags,
		Action: func(c *cli.Context) error {
			r.cmd, r.opts = cmdRewrite, optionsFrom(c)
			return nil
		},
		Commands: []*cli.Command{{
			Name: "lsp", Usage: lspSummary, Description: lspAbout,
			Action: func(c *cli.Context) error {
				r.cmd, r.opts = cmdLSP, optionsFrom(c)
				return nil
			},
		}},
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			fmt.Fprintf(&errOut, "msrewrite: %v\n", err)
			return exitError{2}
		},
	}
	err := app.Run(append([]string{"msrewrite"}, args...))
	var ee exitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.code
	default:
		fmt.Fprintf(&errOut, "msrewrite: %v\n", err)
		r.code = 2
	}
	r.stdout, r.stderr = out.String(), errOut.String()
	return r
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

// compareWithUrfave reports where readArgs reads args otherwise than
// urfave/cli did. Two differences are meant: a usage error after lsp is one
// line on stderr, as anywhere else, where urfave/cli also printed
// "Incorrect Usage" and the command's help on stdout; and "lsp help" (or
// "lsp h") takes no arguments and no flags of its own: what urfave/cli's
// help command did with them is not compared.
func compareWithUrfave(t *testing.T, args []string) {
	t.Helper()
	if i := slices.Index(args, "lsp"); i >= 0 {
		rest := slices.DeleteFunc(slices.Clone(args[i+1:]), func(a string) bool { return strings.HasPrefix(a, "-") })
		if len(rest) > 0 && (rest[0] == "help" || rest[0] == "h") && len(args[i+1:]) > 1 {
			return
		}
	}
	want, got := readByUrfave(args), readOurs(args, readArgs)
	if strings.HasPrefix(want.stdout, "Incorrect Usage: ") {
		want.stdout = ""
	}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(reading{}, options{}), cmpopts.EquateEmpty()); d != "" {
		t.Errorf("%q read otherwise than by urfave/cli (-urfave/cli +ours):\n%s", args, d)
	}
}

func TestArgsAgainstUrfave(t *testing.T) {
	for _, line := range []string{
		"", "Dockerfile", "-", "a b c", "help", "h", "x lsp", "lsp", "lsp x", "lsp x -h", "lsp -- -h", "lsp --",
		"-d Dockerfile", "--diff f", "-diff f", "--d f", "-d=true f", "-d=false f", "-d=maybe f", "-d=1 f", "-d= f",
		"-w -l --check --explain --list f", "--write=true --list-changed=0 g", "Dockerfile -w", "f -- -d",
		"--alias=x f", "--alias x f", "-alias x -alias y f", "--alias", "--alias= f", "--alias Bad f", "--alias -d f",
		"--runtime-image debian:12 --context ctx --stdin-filename sub/Dockerfile --format json -",
		"--format=sarif --check .", "--format", "--", "-- --", "-- f", "---d", "-=x", "--=x", "-", "- -d",
		"--bogus", "-x f", "--bogus=1", "-d --bogus",
		"--help", "-h", "-help", "--h", "-h x", "-h x y", "-h lsp", "-h lsp x", "-h=false f", "--help=maybe", "-h -v",
		"--version", "-v", "-v f", "-v=false f", "--version lsp", "-v -h", "-d -v",
		"lsp -h", "lsp --help", "lsp --help=1", "lsp -h x", "lsp --x", "lsp -v", "lsp -d", "-d --alias z lsp",
		"--alias z lsp x y", "--format json lsp", "lsp lsp", "lsp -h lsp", "-h lsp lsp", "-h -- x", "lsp -h -- x", "lsp help", "lsp h", "help lsp",
	} {
		compareWithUrfave(t, strings.Fields(line))
	}
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
	if *update {
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

// FuzzArgs reads fuzzed command lines both ways.
func FuzzArgs(f *testing.F) {
	for _, s := range []string{"-d f", "--alias=x lsp", "-h lsp", "--format json -", "-- -d", "lsp -h x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		compareWithUrfave(t, strings.Fields(line))
	})
}

// TestPlainArgs holds the shortcut for a command line without flags to the
// full reading of the same line.
func TestPlainArgs(t *testing.T) {
	for _, args := range [][]string{
		nil, {"Dockerfile"}, {"-"}, {"a/Dockerfile", "b"}, {"help"}, {"h"}, {"x", "lsp"}, {"dir/", "-", "c.dockerfile"},
		{"lsp"}, {"-d", "Dockerfile"}, {"Dockerfile", "-w"}, {"--alias=x", "f"}, {"--", "f"}, {"-"}, {"--version"},
	} {
		_, ok := plainArgs(args)
		plainCase := !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-") && a != "-" }) && (len(args) == 0 || args[0] != "lsp")
		if ok != plainCase {
			t.Errorf("%q: plainArgs says %v", args, ok)
		}
		fast, full := readOurs(args, readArgs), readOurs(args, readFlags)
		if d := cmp.Diff(full, fast, cmp.AllowUnexported(reading{}, options{}), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%q: read otherwise with the shortcut (-full +shortcut):\n%s", args, d)
		}
	}
}
