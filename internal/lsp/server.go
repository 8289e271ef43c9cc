// Package lsp is msrewrite's language server: formatting (the rewrite as
// one edit), a diagnostic on a single-stage file that can be split, and a
// code action that rewrites it. The protocol's types and dispatch come from
// tliron/glsp and the JSON-RPC transport from sourcegraph/jsonrpc2; glsp's
// own server package is not used, because it links a websocket and HTTP
// stack an editor's stdio server does not need.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Rewriter rewrites the text of a file at path (path may be "" for a
// document that is not a file), as the command line would.
type Rewriter func(path string, src []byte) (*rewrite.Result, error)

// Server holds the open documents.
type Server struct {
	rewrite Rewriter
	version string
	mu      sync.Mutex
	docs    map[string]string // by URI
	handler protocol.Handler
}

// New makes a server that rewrites with rw.
func New(rw Rewriter, version string) *Server {
	s := &Server{rewrite: rw, version: version, docs: map[string]string{}}
	s.handler = protocol.Handler{
		Initialize:             s.initialize,
		Initialized:            func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:               func(*glsp.Context) error { return nil },
		Exit:                   func(*glsp.Context) error { return nil },
		SetTrace:               func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		TextDocumentDidOpen:    s.didOpen,
		TextDocumentDidChange:  s.didChange,
		TextDocumentDidSave:    s.didSave,
		TextDocumentDidClose:   s.didClose,
		TextDocumentFormatting: s.formatting,
		TextDocumentCodeAction: s.codeAction,
	}
	return s
}

// Serve answers one client on rwc (an editor's stdin and stdout) until it
// exits or the stream ends.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) {
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(s.handle))
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
}

// handle turns a JSON-RPC request into glsp's dispatch.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) { _ = conn.Notify(ctx, method, params) },
		Call:   func(method string, params, result any) { _ = conn.Call(ctx, method, params, result) },
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	r, validMethod, validParams, err := s.handler.Handle(gctx)
	switch {
	case req.Method == "exit":
		return nil, conn.Close()
	case !validMethod:
		if req.Notif {
			return nil, nil // unknown notifications are ignored, as the protocol says
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: err.Error()}
	}
	return r, nil
}

func (s *Server) initialize(_ *glsp.Context, _ *protocol.InitializeParams) (any, error) {
	caps := s.handler.CreateServerCapabilities()
	full := protocol.TextDocumentSyncKindFull
	yes := true
	caps.TextDocumentSync = protocol.TextDocumentSyncOptions{OpenClose: &yes, Change: &full, Save: &protocol.SaveOptions{IncludeText: &yes}}
	caps.CodeActionProvider = protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindRefactorRewrite}}
	return protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "msrewrite", Version: &s.version},
	}, nil
}

func (s *Server) set(ctx *glsp.Context, uri, text string) {
	s.mu.Lock()
	s.docs[uri] = text
	s.mu.Unlock()
	s.publish(ctx, uri, text)
}

func (s *Server) text(uri string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.docs[uri]
	return t, ok
}

func (s *Server) didOpen(ctx *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	s.set(ctx, p.TextDocument.URI, p.TextDocument.Text)
	return nil
}

func (s *Server) didChange(ctx *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	for _, c := range p.ContentChanges {
		if whole, ok := c.(protocol.TextDocumentContentChangeEventWhole); ok {
			s.set(ctx, p.TextDocument.URI, whole.Text)
		}
	}
	return nil
}

func (s *Server) didSave(ctx *glsp.Context, p *protocol.DidSaveTextDocumentParams) error {
	if p.Text != nil {
		s.set(ctx, p.TextDocument.URI, *p.Text)
	}
	return nil
}

func (s *Server) didClose(ctx *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	ctx.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	return nil
}

// pathOf turns a file: URI into a local path: "" for other schemes, for a
// URI that does not parse, and for a file on another host (RFC 8089: only
// an empty authority or "localhost" is this machine; net/url would keep the
// path and drop the host).
func pathOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.User != nil || u.Host != "" && u.Host != "localhost" || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

func (s *Server) run(uri, text string) (res *rewrite.Result, err error) {
	// A bug that panics in one document must not stop the server the
	// editor runs for all of them: the document is left as it is, with
	// an error that asks for a report. (The command line lets a panic
	// crash, as gofmt does: nothing is written then either.)
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("msrewrite internal error, please report it with the file: %v", r)
		}
	}()
	return s.rewrite(pathOf(uri), []byte(text))
}

// publish sends the diagnostics of a document: an error where it does not
// parse, or one note on the build step of a file that can be split.
func (s *Server) publish(ctx *glsp.Context, uri, text string) {
	diags := []protocol.Diagnostic{}
	res, err := s.run(uri, text)
	if err != nil {
		diags = append(diags, errorDiagnostic(err))
	} else if d, ok := rewriteDiagnostic(res); ok {
		diags = append(diags, d)
	}
	ctx.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: diags})
}

var source = "msrewrite"

func lineRange(line int) protocol.Range {
	if line > 0 {
		line--
	}
	return protocol.Range{Start: protocol.Position{Line: uint32(line)}, End: protocol.Position{Line: uint32(line) + 1}}
}

func errorDiagnostic(err error) protocol.Diagnostic {
	sev := protocol.DiagnosticSeverityError
	line, msg := 0, err.Error()
	var de *dockerfile.Error
	if errors.As(err, &de) {
		line, msg = de.Line, de.Msg
	}
	return protocol.Diagnostic{Range: lineRange(line), Severity: &sev, Source: &source, Message: msg}
}

// DiagnosticCode identifies msrewrite's diagnostic, for code actions.
const DiagnosticCode = "msrewrite/multistage"

func rewriteDiagnostic(res *rewrite.Result) (protocol.Diagnostic, bool) {
	if !res.Changed || res.Build == nil {
		return protocol.Diagnostic{}, false
	}
	b := res.Build
	var paths []string
	for _, a := range b.Artifacts {
		paths = append(paths, a.Path)
	}
	line := res.StepLine
	sev := protocol.DiagnosticSeverityInformation
	code := protocol.IntegerOrString{Value: DiagnosticCode}
	return protocol.Diagnostic{
		Range: lineRange(line), Severity: &sev, Source: &source, Code: &code,
		Message: fmt.Sprintf("Single-stage %s build: it can be split into a builder stage and a %s runtime stage that copies only %s.",
			b.Toolchain, b.Runtime, strings.Join(paths, ", ")),
	}, true
}

// wholeDocument replaces all of text.
func wholeDocument(text, with string) protocol.TextEdit {
	lines := strings.Split(text, "\n")
	last := lines[len(lines)-1]
	end := protocol.Position{Line: uint32(len(lines) - 1), Character: uint32(len(utf16.Encode([]rune(last))))}
	return protocol.TextEdit{Range: protocol.Range{End: end}, NewText: with}
}

func (s *Server) edits(uri string) ([]protocol.TextEdit, *rewrite.Result, error) {
	text, ok := s.text(uri)
	if !ok {
		return nil, nil, fmt.Errorf("%s is not open", uri)
	}
	res, err := s.run(uri, text)
	if err != nil {
		return nil, nil, err
	}
	if !res.Changed {
		return []protocol.TextEdit{}, res, nil
	}
	return []protocol.TextEdit{wholeDocument(text, string(res.Output))}, res, nil
}

func (s *Server) formatting(_ *glsp.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	edits, _, err := s.edits(p.TextDocument.URI)
	var de *dockerfile.Error
	if errors.As(err, &de) {
		// A file that does not parse is left as it is, as gofmt would; the
		// diagnostic already says why.
		return []protocol.TextEdit{}, nil
	}
	return edits, err
}

func (s *Server) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	edits, res, err := s.edits(p.TextDocument.URI)
	if err != nil || len(edits) == 0 {
		return []protocol.CodeAction{}, nil
	}
	kind := protocol.CodeActionKindRefactorRewrite
	action := protocol.CodeAction{
		Title: "Rewrite as multi-stage build",
		Kind:  &kind,
		Edit:  &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{p.TextDocument.URI: edits}},
	}
	if d, ok := rewriteDiagnostic(res); ok {
		action.Diagnostics = []protocol.Diagnostic{d}
	}
	return []protocol.CodeAction{action}, nil
}
