package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/urfave/cli/v2"
	"github.com/xrash/smetrics"
)

// command is what a command line asks for.
type command int

const (
	cmdRewrite command = iota // rewrite options.args
	cmdLSP                    // serve the Language Server Protocol
	cmdDone                   // help, version or a completion script printed; nothing left to do
	cmdVerify                 // build a file and its rewrite, and compare them
)

// defaultFormat is --format's default.
const defaultFormat = "text"

// report tells whether the run prints a JSON or SARIF report instead of
// text.
func (o options) report() bool { return o.format != defaultFormat }

// options are the settings of a run, read from the command line once.
type options struct {
	diff, write, explain, listChanged, check, list      bool
	alias, runtimeImage, context, stdinFilename, format string
	// verifyWrite is --verify: with -w, write only a rewrite verify passes.
	verifyWrite bool
	// with are the optional transforms --with enables.
	with cli.StringSlice
	// aliasSet tells whether --alias (or MSREWRITE_ALIAS) was given: it
	// then wins over .msrewrite.toml.
	aliasSet bool
	args     []string
	// verify are msrewrite verify's flags.
	verify verifyOptions
}

// globalFlags are the global flags, in the order --help shows them, made
// anew for each reading (urfave/cli writes a value read from the
// environment into the flag itself), with o as their destination. The
// environment variables are for CI jobs, which set them once for every
// call.
func globalFlags(o *options) []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "diff", Aliases: []string{"d"}, Usage: "print a unified diff instead of the rewritten file", Destination: &o.diff},
		&cli.BoolFlag{Name: "write", Aliases: []string{"w"}, Usage: "write the result back to the file (atomically), not to stdout", Destination: &o.write},
		&cli.BoolFlag{Name: "explain", Usage: "say on stderr each decision: toolchain, build step, artifacts, runtime image, and why", Destination: &o.explain},
		&cli.StringFlag{Name: "alias", Value: rewrite.DefaultAlias, Usage: "name of the builder stage", EnvVars: []string{"MSREWRITE_ALIAS"}, Destination: &o.alias},
		&cli.StringFlag{Name: "runtime-image", Usage: "base image of the runtime stage (default: chosen per toolchain, e.g. " + rewrite.Alpine + ")",
			EnvVars: []string{"MSREWRITE_RUNTIME_IMAGE"}, Destination: &o.runtimeImage},
		&cli.StringFlag{Name: "context", Usage: "build context folder (default: the Dockerfile's folder)", EnvVars: []string{"MSREWRITE_CONTEXT"}, Destination: &o.context},
		&cli.BoolFlag{Name: "list-changed", Aliases: []string{"l"}, Usage: "list the files whose rewrite differs from them, instead of printing it", Destination: &o.listChanged},
		&cli.BoolFlag{Name: "check", Usage: "like -l, and exit 1 if any file would change (for CI and pre-commit)", Destination: &o.check},
		&cli.StringFlag{Name: "stdin-filename", Usage: "the name of the file read from standard input, for messages and the build context", Destination: &o.stdinFilename},
		&cli.StringFlag{Name: "format", Value: defaultFormat, EnvVars: []string{"MSREWRITE_FORMAT"}, Destination: &o.format,
			Usage: "text (the files, a diff or a list), json (a record per file, see README) or sarif (for code scanning, with --check)"},
		&cli.StringSliceFlag{Name: "with", Usage: "also apply an optional `TRANSFORM` (deps-first, cache-mounts, nonroot; repeat for more; --list says what each does)", Destination: &o.with},
		&cli.BoolFlag{Name: "verify", Usage: "with -w: build each file and its rewrite, and write only a rewrite msrewrite verify finds nothing in", Destination: &o.verifyWrite},
		&cli.BoolFlag{Name: "list", Usage: "list the transforms and toolchain detectors, then exit", Destination: &o.list},
	}
}

const (
	about = `Reads each FILE (or standard input for - or no FILE; each DIR is searched for
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
	lspAbout = `Formatting returns the rewrite as one edit; a single-stage file that can be
split gets a diagnostic on its build step, and the code action "Rewrite as
multi-stage build". The global flags (--alias, --runtime-image, ...) and
.msrewrite.toml apply as on the command line.`
	completionAbout = `Prints a script that completes msrewrite's flags and commands in SHELL
(bash, zsh or fish). See README.md for where to install it.`
)

// newApp is the command line as urfave/cli reads it, its flags' values
// going to o. chosen is called with what the line asks for; help, the
// version and completion scripts are printed by the app itself.
func newApp(o *options, stdout, stderr io.Writer, chosen func(*cli.Context, command) error) *cli.App {
	usageError := func(c *cli.Context, err error, _ bool) error {
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
			if s := suggestFlag(c.Command.Flags, strings.TrimLeft(name, "-")); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
		}
		fmt.Fprintf(stderr, "msrewrite: %s\n", msg)
		return exitError{2}
	}
	app := &cli.App{
		Name:                 "msrewrite",
		Usage:                "rewrite a single-stage Dockerfile into a small multi-stage one",
		UsageText:            "msrewrite [flags] [FILE|DIR|-] ...",
		Description:          about,
		Version:              version,
		HideHelpCommand:      true,
		EnableBashCompletion: true,
		Reader:               strings.NewReader(""),
		Writer:               stdout,
		ErrWriter:            stderr,
		Flags:                globalFlags(o),
		Action:               func(c *cli.Context) error { return chosen(c, cmdRewrite) },
		OnUsageError:         usageError,
		ExitErrHandler:       func(*cli.Context, error) {},
		Commands: []*cli.Command{{
			Name:         "lsp",
			Usage:        "serve the Language Server Protocol on standard input and output",
			Description:  lspAbout,
			Action:       func(c *cli.Context) error { return chosen(c, cmdLSP) },
			OnUsageError: usageError,
		}, {
			Name:         "verify",
			Usage:        "build FILE and its rewrite with the container engine and compare the images",
			UsageText:    "msrewrite verify [flags] FILE",
			Description:  verifyAbout,
			Flags:        verifyFlags(o, &o.verify),
			Action:       func(c *cli.Context) error { return chosen(c, cmdVerify) },
			OnUsageError: usageError,
		}, {
			Name:         "completion",
			Usage:        "print a shell completion script: bash, zsh or fish",
			UsageText:    "msrewrite completion SHELL",
			Description:  completionAbout,
			OnUsageError: usageError,
		}},
	}
	app.Commands[2].Action = func(c *cli.Context) error {
		script, err := completionScript(app, c.Args().First())
		if err != nil || c.NArg() != 1 {
			fmt.Fprintln(stderr, "msrewrite: completion wants one shell: bash, zsh or fish")
			return exitError{2}
		}
		fmt.Fprint(stdout, script)
		return nil
	}
	return app
}

// suggestFlag is urfave/cli's suggestion for a mistyped flag, when it is
// close enough to be one: urfave/cli suggests the nearest name however far
// it is (--bogus would get --alias). The bar is on the same Jaro-Winkler
// similarity urfave/cli ranks names by.
func suggestFlag(known []cli.Flag, typed string) string {
	if cli.SuggestFlag == nil {
		return "" // built with urfave_cli_no_suggest
	}
	s := cli.SuggestFlag(known, typed, false)
	if s == "" || smetrics.JaroWinkler(typed, strings.TrimLeft(s, "-"), 0.7, 4) < 0.85 {
		return ""
	}
	return s
}

// readArgs reads the command line after the program's name. It prints help,
// the version and completion scripts itself; a usage error is printed and
// comes back as exitError{2}.
func readArgs(args []string, stdout, stderr io.Writer) (options, command, error) {
	var o options
	cmd := cmdDone
	app := newApp(&o, stdout, stderr, func(c *cli.Context, which command) error {
		cmd = which
		o.aliasSet, o.args = c.IsSet("alias"), c.Args().Slice()
		return nil
	})
	err := app.Run(append([]string{"msrewrite"}, args...))
	var ee exitError
	if err != nil && !errors.As(err, &ee) {
		// urfave/cli's own errors ("No help topic for ..."): a usage error too.
		fmt.Fprintf(stderr, "msrewrite: %v\n", err)
		err = exitError{2}
	}
	if err != nil {
		cmd = cmdDone
	}
	return o, cmd, err
}

// completionScript is the completion script for a shell. bash and zsh ask
// the program itself for candidates (urfave/cli's --generate-bash-completion);
// fish gets urfave/cli's static script.
func completionScript(app *cli.App, shell string) (string, error) {
	switch shell {
	case "bash":
		return bashCompletion, nil
	case "zsh":
		return zshCompletion, nil
	case "fish":
		return app.ToFishCompletion()
	}
	return "", fmt.Errorf("no completion for %q", shell)
}

// bashCompletion completes flags and commands by asking msrewrite, and
// falls back to file names (complete -o default).
const bashCompletion = `# bash completion for msrewrite
_msrewrite_complete() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	local IFS=$'\n'
	local line=("${COMP_WORDS[@]:0:COMP_CWORD}")
	[[ $cur == -* ]] && line+=("$cur")
	COMPREPLY=($(compgen -W "$("${line[@]}" --generate-bash-completion 2>/dev/null)" -- "$cur"))
}
complete -o default -F _msrewrite_complete msrewrite
`

// zshCompletion does the same in zsh, with file names beside commands.
const zshCompletion = `#compdef msrewrite
# zsh completion for msrewrite
_msrewrite() {
	local cur=${words[CURRENT]}
	local -a line candidates
	line=(${words[1,CURRENT-1]})
	[[ $cur == -* ]] && line+=($cur)
	candidates=(${(f)"$($line --generate-bash-completion 2>/dev/null)"})
	compadd -a candidates
	[[ $cur == -* ]] || _files
}
compdef _msrewrite msrewrite
`
