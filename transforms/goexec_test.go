package transforms

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"
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
		`"git pull " + dir`:                      `git pull "$v"`,
		`gitBin + " fetch " + (remote + "")`:     `git fetch "$v"`,
		`fmt.Sprintf("curl -fsS %q", url)`:       `curl -fsS "$v"`,
		`script`:                                 `git -C "$v" pull --depth="$v" 100%`,
		`dir + "/bin/run"`:                       "",
		`strings.Join(args, " ")`:                "",
		`fmt.Sprintf(format, "x")`:               "",
		`fmt.Sprintf("%-10s|%*d|%.2f", a, b, c)`: `"$v"|"$v"|"$v"`,
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
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range execCalls(fset, "main.go", f, stringConsts(f)) {
		got = append(got, e.Name)
	}
	// tool is given two values: not read.
	if want := []string{"ffmpeg", "git", "sh", "curl", "tar", "rsync", "ssh-keyscan", "zip"}; !slices.Equal(got, want) {
		t.Errorf("execCalls = %q, want %q", got, want)
	}
}
