package transforms

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

func TestGoPathText(t *testing.T) {
	consts := map[string]string{"stateDir": "/var/lib/tally", "name": "count"}
	locals := map[string]ast.Expr{"logFile": &ast.BasicLit{Kind: token.STRING, Value: `"/var/log/tally.log"`}}
	for _, c := range []struct {
		expr, want string
		whole      bool
	}{
		{`"/var/log/app.log"`, "/var/log/app.log", true},
		{`stateDir`, "/var/lib/tally", true},
		{`logFile`, "/var/log/tally.log", true},
		{`stateDir + "/count"`, "/var/lib/tally/count", true},
		{`"/var/log/" + day`, "/var/log", false},
		{`"/var/log/app-" + day + ".log"`, "/var/log", false},
		{`filepath.Join(stateDir, name)`, "/var/lib/tally/count", true},
		{`filepath.Join("/srv", user, "uploads")`, "/srv", false},
		{`path.Join(dir, "x")`, "", false},
		{`fmt.Sprintf("%s/%s.db", stateDir, name)`, "/var/lib/tally/count.db", true},
		{`os.Getenv("STATE")`, "", false},
		{`strings.Join(parts, "/")`, "", false},
	} {
		e, err := parser.ParseExpr(c.expr)
		if err != nil {
			t.Fatal(err)
		}
		got, whole := goPathText(e, consts, locals)
		if got != c.want || whole != c.whole {
			t.Errorf("goPathText(%s) = %q, %v; want %q, %v", c.expr, got, whole, c.want, c.whole)
		}
	}
}
