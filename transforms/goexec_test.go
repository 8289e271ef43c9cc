package transforms

import (
	"go/ast"
	"go/parser"
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
