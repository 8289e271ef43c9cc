package transforms

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCommandText(t *testing.T) {
	consts := map[string]string{"gitBin": "git"}
	locals := map[string]ast.Expr{}
	script, err := parser.ParseExpr(`fmt.Sprintf("git -C %s pull --depth=%d 100%%", dir, n)`)
	if err != nil {
		t.Fatal(err)
	}
	locals["script"] = script
	for src, want := range map[string]string{
		`"git pull " + dir`:                            `git pull "$v"`,
		`gitBin + " fetch " + (remote + "")`:           `git fetch "$v"`,
		`fmt.Sprintf("curl -fsS %q", url)`:             `curl -fsS "$v"`,
		`script`:                                       `git -C "$v" pull --depth="$v" 100%`,
		`dir + "/bin/run"`:                             "",
		`strings.Join(args, " ")`:                      "",
		`fmt.Sprintf(format, "x")`:                     "",
		`fmt.Sprintf("%-10s|%*d|%.2f", a, b, c)`:       `"$v"|"$v"|"$v"`,
		`fmt.Sprintf("%s -C %s pull", gitBin, dir)`:    `git -C "$v" pull`,
		`fmt.Sprintf("%v fetch %s", "git", "origin")`:  `git fetch origin`,
		`fmt.Sprintf("%d %s", n, gitBin)`:              `"$v" git`,
		`fmt.Sprintf("%*d %s pull", 4, n, gitBin)`:     `"$v" "$v" pull`, // * takes an argument: not followed
		`fmt.Sprintf("%q %s", gitBin, gitBin+" "+dir)`: `"$v" "$v"`,
	} {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := commandText(e, consts, locals); got != want {
			t.Errorf("commandText(%s) = %q, want %q", src, got, want)
		}
	}
}

func TestExecCalls(t *testing.T) {
	src := `package main

import (
	"fmt"
	"os/exec"

	gocmd "github.com/go-cmd/cmd"
	"github.com/bitfield/script"
	"github.com/codeskyblue/go-sh"
)

const gitBin = "git"

func run(dir, file string) {
	bin := "ffmpeg"
	exec.Command(bin, "-i", file).Run()
	exec.Command(gitBin, "-C", dir, "pull").Run()
	exec.Command("sh", "-c", fmt.Sprintf("curl -fsS %s | tar -x", file)).Run()
	tool := "convert"
	tool = "magick"
	exec.Command(tool).Run()
	gocmd.NewCmd("rsync", "-a", dir, "/backup")
	script.Exec("ssh-keyscan github.com").Stdout()
	sh.Command("zip", "-r", file, dir).Run()
	script.Exec()
}
`
	got := execNames(t, src)
	// tool is given two values: either may run.
	if want := []string{"ffmpeg", "git", "sh", "curl", "tar", "convert", "magick", "rsync", "ssh-keyscan", "zip"}; !slices.Equal(got, want) {
		t.Errorf("execCalls = %q, want %q", got, want)
	}
}

// TestGoExecsAcrossPackage: names a runner gets from the rest of the
// package: a variable given a value per platform, a function returning
// a default after the environment, and functions (and a method) that
// hand a parameter on to a runner, called from a file that does not
// import os/exec.
func TestGoExecsAcrossPackage(t *testing.T) {
	files := map[string]string{
		"run.go": `package main

import "os/exec"

var gitName = "git"

func init() {
	if runtime.GOOS == "windows" {
		gitName = "git.exe"
	}
}

func ffmpegPath() string {
	if p := os.Getenv("FFMPEG"); p != "" {
		return p
	}
	return "ffmpeg"
}

func run(dir, name string, args ...string) error {
	return exec.Command(name, args...).Run()
}

func (s *server) shell(script string) error {
	return exec.Command("sh", "-c", script).Run()
}

func status() { exec.Command(gitName, "status").Run(); exec.Command(ffmpegPath(), "-version").Run() }
`,
		"main.go": `package main

func main() {
	run("/srv", "rsync", "-a", "/data", "/backup")
	s.shell("curl -fsS http://x | jq .")
	run(dir, computed())
	notRun("convert")
}
`,
	}
	fset := token.NewFileSet()
	var sources []goSource
	for _, name := range []string{"main.go", "run.go"} {
		f, err := parser.ParseFile(fset, name, files[name], 0)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, goSource{name, f, name == "run.go"})
	}
	var got []string
	for _, e := range newGoNames(sources).programs(fset, sources) {
		if strings.Contains(e.Why, "hands it") {
			got = append(got, e.Name+" ("+e.Why+")")
		} else {
			got = append(got, e.Name)
		}
	}
	want := []string{
		"sh", "git", "ffmpeg",
		"rsync (run in main.go:4, which hands it to exec.Command)",
		"curl (shell in main.go:5, which hands it to exec.Command)",
		"jq (shell in main.go:5, which hands it to exec.Command)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("programs (-want +got):\n%s", d)
	}
}

// TestGoExecsFlagsAndFields: a program named by a flag's default, the
// default of a lookup of the environment, or a struct field the package
// gives a literal (in a composite literal, an assignment, a flag bound
// to it, a struct tag's default).
func TestGoExecsFlagsAndFields(t *testing.T) {
	src := `package main

import (
	"cmp"
	"flag"
	"os"
	"os/exec"

	"github.com/alecthomas/kingpin/v2"
)

type config struct {
	FFmpeg  string ` + "`env:\"FFMPEG\" envDefault:\"ffmpeg\"`" + `
	Git     string
	Rsync   string
	Convert string
	Editor  string
}

var (
	curl   = flag.String("curl", "curl", "the curl to run")
	wget   = kingpin.Flag("wget", "the wget to run").Default("wget").String()
	ssh    string
	cfg    = config{Git: "git"}
	jqPath = getenv("JQ", "jq")
)

func getenv(k, def string) string { return cmp.Or(os.Getenv(k), def) }

func main() {
	flag.StringVar(&ssh, "ssh", "ssh", "")
	flag.StringVar(&cfg.Rsync, "rsync", "rsync", "")
	cfg.Convert = "convert"
	zip := cmp.Or(os.Getenv("ZIP"), "zip")
	exec.Command(*curl).Run()
	exec.Command(*wget).Run()
	exec.Command(ssh).Run()
	exec.Command(jqPath).Run()
	exec.Command(zip).Run()
	exec.Command(cfg.FFmpeg).Run()
	exec.Command(cfg.Git).Run()
	exec.Command(cfg.Rsync).Run()
	exec.Command(cfg.Convert).Run()
	exec.Command(cfg.Editor).Run()
	exec.Command(getenv("XZ", "xz")).Run()
	exec.Command(cmp.Or(os.Getenv("UNZIP"), "unzip")).Run()
}
`
	got := execNames(t, src)
	// cfg.Editor is given nothing: not read.
	if want := []string{"curl", "wget", "ssh", "jq", "zip", "ffmpeg", "git", "rsync", "convert", "xz", "unzip"}; !slices.Equal(got, want) {
		t.Errorf("programs = %q, want %q", got, want)
	}
}

// TestGoExecsCommandVectors: a command line given as a slice, its
// program first, to the runner or to a function of the package that
// hands it on; and functions that hand their parameter on to such a
// function. What the code computes is not read.
func TestGoExecsCommandVectors(t *testing.T) {
	src := `package main

import (
	"os"
	"os/exec"
	"strings"
)

func run(argv ...string) error { return exec.Command(argv[0], argv[1:]...).Run() }

func output(cmd []string) ([]byte, error) { return exec.Command(cmd[0], cmd[1:]...).Output() }

func git(args ...string) error { return run(append([]string{"git"}, args...)...) }

func quiet(name string, args ...string) error { return run(append([]string{name}, args...)...) }

func sh(script string) error { return run("sh", "-c", script) }

func main() {
	args := []string{"ssh", "-o", "BatchMode=yes", "host"}
	exec.Command(args[0], args[1:]...).Run()
	for _, tool := range []string{"tar", "xz"} {
		exec.LookPath(tool)
	}
	for _, step := range [][]string{{"make", "all"}, {"strip", "app"}} {
		run(step...)
	}
	steps := [][]string{{"zip", "-r"}}
	for _, step := range steps {
		run(step...)
	}
	words := strings.Fields("rsync -a src dst")
	exec.Command(words[0], words[1:]...).Run()
	opener := []string{"xdg-open", "http://x"}
	if os.Getenv("BROWSER") != "" {
		opener = append([]string{"env", "-i"}, opener...)
	}
	run(opener...)
	output([]string{"curl", "-fsS", "http://x"})
	git("pull")
	quiet("convert", "a.png", "b.jpg")
	sh("jq . < in.json")
	run("scp", "a", "b:")

	exec.Command(os.Args[1], os.Args[2:]...).Run()
	parts := strings.Split(os.Getenv("HOOK"), " ")
	exec.Command(parts[0], parts[1:]...).Run()
	exec.Command(args[1]).Run()
	run(os.Args[1:]...)
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	sources := []goSource{{"main.go", f, true}}
	got := map[string]bool{}
	for _, e := range newGoNames(sources).programs(fset, sources) {
		got[e.Name] = true
	}
	want := map[string]bool{}
	for _, name := range strings.Fields("ssh tar xz make strip zip rsync xdg-open env curl git convert sh jq scp") {
		want[name] = true
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("programs (-want +got):\n%s", d)
	}
}

// execNames are the names of the programs the one file src of a package
// runs.
func execNames(t *testing.T, src string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range newGoNames([]goSource{{"main.go", f, true}}).execCalls(fset, "main.go", f) {
		names = append(names, e.Name)
	}
	return names
}
