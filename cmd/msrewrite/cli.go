package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// The command line is read with the standard library's flag package, as
// gofmt and shfmt read theirs. (It was urfave/cli, which is built on the
// same package: its start-up, with text/template and net/url behind it,
// cost every run about 4%, help or not. TestArgsAgainstUrfave holds this
// reading, help text included, to urfave/cli's.)

// command is what a command line asks for.
type command int

const (
	cmdRewrite command = iota // rewrite options.args
	cmdLSP                    // serve the Language Server Protocol
	cmdDone                   // help or version printed; nothing left to do
)

// cliFlag is one flag: its names (the long one first), what it does, and
// where its value goes.
type cliFlag struct {
	names []string
	usage string
	// def is a string flag's default; a nil str means a boolean flag.
	def     string
	str     func(*options) *string
	boolean func(*options) *bool
}

// defaultFormat is --format's default.
const defaultFormat = "text"

// cliFlags lists the flags in the order --help shows them.
var cliFlags = []cliFlag{
	{names: []string{"diff", "d"}, usage: "print a unified diff instead of the rewritten file", boolean: func(o *options) *bool { return &o.diff }},
	{names: []string{"write", "w"}, usage: "write the result back to the file (atomically), not to stdout", boolean: func(o *options) *bool { return &o.write }},
	{names: []string{"explain"}, usage: "say on stderr each decision: toolchain, build step, artifacts, runtime image, and why", boolean: func(o *options) *bool { return &o.explain }},
	{names: []string{"alias"}, usage: "name of the builder stage", def: rewrite.DefaultAlias, str: func(o *options) *string { return &o.alias }},
	{names: []string{"runtime-image"}, usage: "base image of the runtime stage (default: chosen per toolchain, e.g. " + rewrite.Alpine + ")", str: func(o *options) *string { return &o.runtimeImage }},
	{names: []string{"context"}, usage: "build context folder, read for go.mod (default: the Dockerfile's folder)", str: func(o *options) *string { return &o.context }},
	{names: []string{"list-changed", "l"}, usage: "list the files whose rewrite differs from them, instead of printing it", boolean: func(o *options) *bool { return &o.listChanged }},
	{names: []string{"check"}, usage: "like -l, and exit 1 if any file would change (for CI and pre-commit)", boolean: func(o *options) *bool { return &o.check }},
	{names: []string{"stdin-filename"}, usage: "the name of the file read from standard input, for messages and the build context", str: func(o *options) *string { return &o.stdinFilename }},
	{names: []string{"format"}, usage: "text (the files, a diff or a list), json (a record per file, see README) or sarif (for code scanning, with --check)", def: defaultFormat, str: func(o *options) *string { return &o.format }},
	{names: []string{"list"}, usage: "list the transforms and toolchain detectors, then exit", boolean: func(o *options) *bool { return &o.list }},
}

const (
	summary = "rewrite a single-stage Dockerfile into a small multi-stage one"
	usage   = "msrewrite [flags] [FILE|DIR|-] ..."
	about   = `Reads each FILE (or standard input for - or no FILE; each DIR is searched for
Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile and Containerfile) and
prints it rewritten:
the original stage becomes a builder stage with an alias, and a new stage on a
slim base copies the built program and keeps CMD, ENTRYPOINT, ENV, WORKDIR,
USER and the rest of what the container needs at run time.

A file that cannot be rewritten safely is printed unchanged, and one line on
stderr says why; the exit status is still 0.

Examples:
   msrewrite Dockerfile > Dockerfile.multi    rewrite to stdout
   msrewrite -d Dockerfile                    preview as a unified diff
   msrewrite -w Dockerfile                    rewrite in place
   msrewrite --explain Dockerfile             say each decision and why
   msrewrite --check .                        exit 1 if any Dockerfile below . would change

A comment line "# msrewrite:ignore" in a file leaves it alone.

Exit status: 0 on success (rewritten or not); 1 with --check when a file
would change; 2 on an error (unreadable or unparsable input, bad flags).`
	lspSummary = "serve the Language Server Protocol on standard input and output"
	lspAbout   = `Formatting returns the rewrite as one edit; a single-stage file that can be
split gets a diagnostic on its build step, and the code action "Rewrite as
multi-stage build". The global flags (--alias, --runtime-image, ...) and
.msrewrite.toml apply as on the command line.`
)

// plainArgs reads a command line with no flag and no subcommand, the
// format-on-save case (msrewrite FILE, or standard input), without setting
// up a flag set. TestPlainArgs holds it to the full reading.
func plainArgs(args []string) (options, bool) {
	for i, a := range args {
		if strings.HasPrefix(a, "-") && a != "-" || i == 0 && a == "lsp" {
			return options{}, false
		}
	}
	return options{alias: rewrite.DefaultAlias, format: defaultFormat, args: args}, true
}

// readArgs reads the command line after the program's name. It prints help
// and the version itself; a usage error is printed and comes back as
// exitError{2}.
func readArgs(args []string, stdout, stderr io.Writer) (options, command, error) {
	if o, ok := plainArgs(args); ok {
		return o, cmdRewrite, nil
	}
	return readFlags(args, stdout, stderr)
}

// newFlagSet makes a flag set that leaves all printing to the caller.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// readFlags is readArgs without the shortcut: flags up to the first
// argument that is not one (or "--"), then the lsp subcommand with flags
// of its own, or the files.
func readFlags(args []string, stdout, stderr io.Writer) (options, command, error) {
	var o options
	var help, showVersion bool
	fs := newFlagSet("msrewrite")
	for _, f := range cliFlags {
		for _, n := range f.names {
			if f.str != nil {
				fs.StringVar(f.str(&o), n, f.def, "")
			} else {
				fs.BoolVar(f.boolean(&o), n, false, "")
			}
		}
	}
	fs.BoolVar(&help, "help", false, "")
	fs.BoolVar(&help, "h", false, "")
	fs.BoolVar(&showVersion, "version", false, "")
	fs.BoolVar(&showVersion, "v", false, "")
	if err := fs.Parse(args); err != nil {
		return o, cmdDone, usageError(stderr, err.Error())
	}
	fs.Visit(func(f *flag.Flag) { o.aliasSet = o.aliasSet || f.Name == "alias" })
	rest := fs.Args()
	switch {
	case help:
		return o, cmdDone, showHelp(rest, stdout, stderr)
	case showVersion:
		fmt.Fprintf(stdout, "msrewrite version %s\n", version)
		return o, cmdDone, nil
	case len(rest) > 0 && rest[0] == "lsp":
		lfs := newFlagSet("lsp")
		lfs.BoolVar(&help, "help", false, "")
		lfs.BoolVar(&help, "h", false, "")
		if err := lfs.Parse(rest[1:]); err != nil {
			return o, cmdDone, usageError(stderr, err.Error())
		}
		o.args = lfs.Args()
		if len(o.args) > 0 && (o.args[0] == "help" || o.args[0] == "h") {
			help, o.args = true, o.args[1:] // as urfave/cli, a help command
		}
		switch {
		case help && len(o.args) > 0: // the command has no topics
			return o, cmdDone, usageError(stderr, "No help topic for '"+o.args[0]+"'")
		case help:
			return o, cmdDone, showHelp([]string{"lsp"}, stdout, stderr)
		}
		return o, cmdLSP, nil
	}
	o.args = rest
	return o, cmdRewrite, nil
}

// usageError prints what is wrong with the command line (in urfave/cli's
// words, where it had them) and ends the run with status 2.
func usageError(stderr io.Writer, msg string) error {
	fmt.Fprintf(stderr, "msrewrite: %s\n", msg)
	return exitError{2}
}

// showHelp prints the help of the program or, when the first argument
// names it, of the lsp command (the rest are ignored). Any other first
// argument is an unknown topic.
func showHelp(topic []string, stdout, stderr io.Writer) error {
	switch {
	case len(topic) == 0:
		fmt.Fprint(stdout, appHelp())
	case topic[0] == "lsp":
		fmt.Fprint(stdout, lspHelp())
	default:
		return usageError(stderr, "No help topic for '"+topic[0]+"'")
	}
	return nil
}

// indent puts three spaces before each line that has text.
func indent(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "   " + l
		}
	}
	return strings.Join(lines, "\n")
}

// table lays out rows of two cells with the second cells aligned, each row
// indented.
func table(rows [][2]string) string {
	width := 0
	for _, r := range rows {
		width = max(width, len(r[0]))
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "   %-*s  %s\n", width, r[0], r[1])
	}
	return b.String()
}

func appHelp() string {
	var rows [][2]string
	for _, f := range cliFlags {
		var names []string
		for _, n := range f.names {
			names = append(names, "-"+n)
		}
		names[0] = "-" + names[0]
		left, right := strings.Join(names, ", "), f.usage
		switch {
		case f.str != nil && f.def != "":
			left, right = left+" value", fmt.Sprintf("%s (default: %q)", right, f.def)
		case f.str != nil:
			left += " value"
		default:
			right += " (default: false)"
		}
		rows = append(rows, [2]string{left, right})
	}
	rows = append(rows, [2]string{"--help, -h", "show help"}, [2]string{"--version, -v", "print the version"})
	return "NAME:\n   msrewrite - " + summary + "\n\n" +
		"USAGE:\n   " + usage + "\n\n" +
		"VERSION:\n   " + version + "\n\n" +
		"DESCRIPTION:\n" + indent(about) + "\n\n" +
		"COMMANDS:\n" + table([][2]string{{"lsp", lspSummary}}) + "\n" +
		"GLOBAL OPTIONS:\n" + table(rows)
}

func lspHelp() string {
	return "NAME:\n   msrewrite lsp - " + lspSummary + "\n\n" +
		"USAGE:\n   msrewrite lsp [command options]\n\n" +
		"DESCRIPTION:\n" + indent(lspAbout) + "\n\n" +
		"OPTIONS:\n" + table([][2]string{{"--help, -h", "show help"}})
}
