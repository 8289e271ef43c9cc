package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/xeipuuv/gojsonschema"
)

func TestJSONReport(t *testing.T) {
	root := mkTree(t, map[string]string{"a/Dockerfile": single, "a/main.go": goMain, "b/Dockerfile": "FROM a AS b\nFROM c\n", "c/Dockerfile": "FROM a\nRUN <<EOF\n"})
	out, _, code := runIn("", "--format", "json", root)
	if code != 2 {
		t.Errorf("exit %d, want 2 (one file is broken)", code)
	}
	var recs []record
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	a, b, c := recs[0], recs[1], recs[2]
	if !a.Changed || a.Toolchain != "go" || a.RuntimeImage != "alpine:3.23" || len(a.BuildSteps) != 1 || a.BuildSteps[0] != 4 ||
		len(a.Artifacts) != 1 || a.Artifacts[0].Path != "/app" || a.Error != nil {
		t.Errorf("rewritten file: %+v", a)
	}
	if b.Changed || len(b.Reasons) != 1 || b.Reasons[0].Line != 2 || !strings.Contains(b.Reasons[0].Text, "already multi-stage") {
		t.Errorf("multi-stage file: %+v", b)
	}
	if c.Error == nil || c.Error.Line != 2 || c.Error.Text != "unterminated heredoc" {
		t.Errorf("broken file: %+v", c)
	}
	// --check with json: the report, and exit 1 when something would change.
	out, _, code = runIn("", "--format", "json", "--check", filepath.Join(root, "a"))
	if code != 1 || !strings.HasPrefix(out, "[") {
		t.Errorf("--check --format json: exit %d, %q", code, out)
	}
	if _, errText, code := runIn("", "--format", "json", "-d", root); code != 2 || !strings.Contains(errText, "drop -d") {
		t.Errorf("json with -d: exit %d %q", code, errText)
	}
}

// sarifSchema is the OASIS SARIF 2.1.0 schema as the go-sarif module ships
// it, read from the module cache at test time (not copied here).
func sarifSchema(t *testing.T) string {
	t.Helper()
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3").Output()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), "pkg/report/v210/sarif/schema.go"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(src), "const schema = `")
	schema, _, ok := strings.Cut(rest, "`")
	if !ok || !strings.Contains(schema, "sarif-schema-2.1.0.json") {
		t.Fatal("the SARIF 2.1.0 schema was not found in go-sarif's source")
	}
	return schema
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	root := mkTree(t, map[string]string{"a/Dockerfile": single, "a/main.go": goMain, "b/Dockerfile": "FROM a AS b\nFROM c\n", "c/Dockerfile": "FROM a\nRUN <<EOF\n"})
	out, _, code := runIn("", "--format", "sarif", "--check", root)
	if code != 2 {
		t.Errorf("exit %d", code)
	}
	res, err := gojsonschema.Validate(gojsonschema.NewStringLoader(sarifSchema(t)), gojsonschema.NewStringLoader(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("schema: %s", e)
	}
	// And as go-sarif reads it: one result, for the file that would change,
	// at its build step; one error notification.
	// (go-sarif's own Validate checks its re-encoding, which adds empty
	// fields of its structs, so the raw document is what is validated above.)
	rep, err := sarif.FromBytes([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	run := rep.Runs[0]
	if len(run.Results) != 1 || *run.Results[0].RuleID != ruleID || *run.Results[0].Locations[0].PhysicalLocation.Region.StartLine != 4 ||
		!strings.HasSuffix(*run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI, "a/Dockerfile") {
		t.Errorf("results: %s", out)
	}
	if len(run.Invocations) != 1 || *run.Invocations[0].ExecutionSuccessful || len(run.Invocations[0].ToolExecutionNotifications) != 1 {
		t.Errorf("invocations: %s", out)
	}
	// A bad document must fail the same check, or the check proves nothing.
	bad, _ := gojsonschema.Validate(gojsonschema.NewStringLoader(sarifSchema(t)), gojsonschema.NewStringLoader(`{"version":"2.1.0","runs":[{"results":[]}]}`))
	if bad.Valid() {
		t.Error("a run without a tool passed the schema")
	}
}
