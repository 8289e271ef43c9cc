package lsp

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

const single = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n"

// rewriteWith rewrites a document with its folder as the build context.
func rewriteWith(path string, src []byte) (*rewrite.Result, error) {
	doc, err := dockerfile.Parse(path, src)
	if err != nil {
		return nil, err
	}
	ctx, err := buildctx.NewDir(os.DirFS(filepath.Dir(path)), filepath.Dir(path)).Context(nil, "")
	if err != nil {
		return nil, err
	}
	return rewrite.Run(doc, transforms.All, transforms.Toolchains, rewrite.Options{Context: ctx})
}

// client is a real JSON-RPC client on the other end of a pipe.
type client struct {
	conn  *jsonrpc2.Conn
	diags chan protocol.PublishDiagnosticsParams
}

func start(t *testing.T) *client {
	t.Helper()
	return startWith(t, rewriteWith)
}

func startWith(t *testing.T, rw Rewriter) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	srvSide, cliSide := net.Pipe()
	done := make(chan struct{})
	go func() { New(rw, "test").Serve(ctx, srvSide); close(done) }()
	c := &client{diags: make(chan protocol.PublishDiagnosticsParams, 10)}
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(cliSide, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == "textDocument/publishDiagnostics" {
				var p protocol.PublishDiagnosticsParams
				if err := json.Unmarshal(*req.Params, &p); err != nil {
					t.Error(err)
				}
				c.diags <- p
			}
			return nil, nil
		}))
	t.Cleanup(func() {
		cancel()
		c.conn.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("the server did not stop")
		}
	})
	return c
}

func (c *client) call(t *testing.T, method string, params, result any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(t *testing.T, method string, params any) {
	t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) nextDiagnostics(t *testing.T) protocol.PublishDiagnosticsParams {
	t.Helper()
	select {
	case d := <-c.diags:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no diagnostics published")
	}
	return protocol.PublishDiagnosticsParams{}
}

func open(t *testing.T, c *client, uri, text string) {
	c.notify(t, "textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "dockerfile", Version: 1, Text: text}})
}

// apply applies whole-document edits the way an editor would.
func apply(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	if len(edits) == 0 {
		return text
	}
	if len(edits) != 1 || edits[0].Range.Start != (protocol.Position{}) {
		t.Fatalf("want one edit of the whole document, got %+v", edits)
	}
	lines := strings.Split(text, "\n")
	end := edits[0].Range.End
	if int(end.Line) != len(lines)-1 || int(end.Character) != len(lines[len(lines)-1]) {
		t.Fatalf("the edit ends at %+v, the document at line %d", end, len(lines)-1)
	}
	return edits[0].NewText
}

func TestLanguageServer(t *testing.T) {
	c := start(t)
	var init protocol.InitializeResult
	c.call(t, "initialize", protocol.InitializeParams{}, &init)
	if init.ServerInfo == nil || init.ServerInfo.Name != "msrewrite" {
		t.Errorf("server info: %+v", init.ServerInfo)
	}
	caps, _ := json.Marshal(init.Capabilities)
	for _, want := range []string{`"documentFormattingProvider":true`, `"refactor.rewrite"`, `"change":1`} {
		if !strings.Contains(string(caps), want) {
			t.Errorf("capabilities lack %s: %s", want, caps)
		}
	}
	c.notify(t, "initialized", protocol.InitializedParams{})

	dir := t.TempDir()
	uri := "file://" + filepath.Join(dir, "Dockerfile")
	// The program single builds: without its source, whether it needs cgo
	// could not be known.
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// Diagnostics: one on the build step of a single-stage file.
	open(t, c, uri, single)
	d := c.nextDiagnostics(t)
	if d.URI != uri || len(d.Diagnostics) != 1 || d.Diagnostics[0].Range.Start.Line != 3 || !strings.Contains(d.Diagnostics[0].Message, "alpine:3.23") {
		t.Fatalf("diagnostics: %+v", d)
	}

	// Formatting: the rewrite, as one edit of the whole document.
	var edits []protocol.TextEdit
	c.call(t, "textDocument/formatting", protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &edits)
	want, _ := rewriteWith(filepath.Join(dir, "Dockerfile"), []byte(single))
	if got := apply(t, single, edits); got != string(want.Output) {
		t.Errorf("formatted:\n%s\nwant:\n%s", got, want.Output)
	}

	// Code action: the same rewrite, as a workspace edit.
	var actions []protocol.CodeAction
	c.call(t, "textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Range: protocol.Range{End: protocol.Position{Line: 4}}}, &actions)
	if len(actions) != 1 || actions[0].Title != "Rewrite as multi-stage build" || actions[0].Edit == nil {
		t.Fatalf("code actions: %+v", actions)
	}
	if got := apply(t, single, actions[0].Edit.Changes[uri]); got != string(want.Output) {
		t.Errorf("code action's edit:\n%s", got)
	}

	// After the change, the file is multi-stage: no diagnostic, no edit, no action.
	c.notify(t, "textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": string(want.Output)}},
	})
	if d := c.nextDiagnostics(t); len(d.Diagnostics) != 0 {
		t.Errorf("diagnostics on a multi-stage file: %+v", d)
	}
	c.call(t, "textDocument/formatting", protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &edits)
	if len(edits) != 0 {
		t.Errorf("edits for a multi-stage file: %+v", edits)
	}
	c.call(t, "textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &actions)
	if len(actions) != 0 {
		t.Errorf("actions for a multi-stage file: %+v", actions)
	}

	// A broken file: an error diagnostic at its line, and formatting leaves it.
	c.notify(t, "textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 3},
		"contentChanges": []map[string]any{{"text": "FROM a\nRUN <<EOF\n"}},
	})
	d = c.nextDiagnostics(t)
	if len(d.Diagnostics) != 1 || d.Diagnostics[0].Range.Start.Line != 1 || d.Diagnostics[0].Message != "unterminated heredoc" || *d.Diagnostics[0].Severity != protocol.DiagnosticSeverityError {
		t.Errorf("diagnostics of a broken file: %+v", d)
	}
	c.call(t, "textDocument/formatting", protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &edits)
	if len(edits) != 0 {
		t.Errorf("edits for a broken file: %+v", edits)
	}

	var nothing any
	c.call(t, "shutdown", nil, &nothing)
	c.notify(t, "exit", nil)
}

// The file's folder is the build context: a go.mod there names the binary.
func TestLanguageServerReadsTheContext(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/widget\n"), 0o644)
	rw := func(path string, src []byte) (*rewrite.Result, error) {
		doc, err := dockerfile.Parse(path, src)
		if err != nil {
			return nil, err
		}
		ctx, err := buildctx.NewDir(os.DirFS(filepath.Dir(path)), filepath.Dir(path)).Context(nil, "")
		if err != nil {
			return nil, err
		}
		return rewrite.Run(doc, transforms.All, transforms.Toolchains, rewrite.Options{Context: ctx})
	}
	s := New(rw, "test")
	uri := "file://" + filepath.Join(dir, "Dockerfile")
	s.docs[uri] = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build\nCMD [\"/app/widget\"]\n"
	edits, _, err := s.edits(uri)
	if err != nil || len(edits) != 1 || !strings.Contains(edits[0].NewText, "COPY --from=compiler /app/widget /app/widget") {
		t.Errorf("%v %+v", err, edits)
	}
}

// A bug that panics while a document is rewritten must not stop the
// server the editor runs: the document gets an error, and the next
// request is answered.
func TestLanguageServerSurvivesPanic(t *testing.T) {
	c := startWith(t, func(path string, src []byte) (*rewrite.Result, error) {
		if strings.Contains(string(src), "PANIC") {
			panic("index out of range [3] with length 3") // as a detector's bug would
		}
		return rewriteWith(path, src)
	})
	var init protocol.InitializeResult
	c.call(t, "initialize", protocol.InitializeParams{}, &init)
	c.notify(t, "initialized", protocol.InitializedParams{})

	uri := "file://" + filepath.Join(t.TempDir(), "Dockerfile")
	open(t, c, uri, "FROM scratch\n# PANIC\n")
	d := c.nextDiagnostics(t)
	if len(d.Diagnostics) != 1 || !strings.Contains(d.Diagnostics[0].Message, "internal error") {
		t.Fatalf("diagnostics: %+v", d)
	}
	var edits []protocol.TextEdit
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, "textDocument/formatting", protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &edits); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Fatalf("formatting a document that panics: edits %v, error %v", edits, err)
	}

	// The server still answers.
	c.notify(t, "textDocument/didChange", protocol.DidChangeTextDocumentParams{TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: 2},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: "FROM scratch\n"}}})
	if d := c.nextDiagnostics(t); len(d.Diagnostics) != 0 {
		t.Fatalf("diagnostics after the change: %+v", d)
	}
}
