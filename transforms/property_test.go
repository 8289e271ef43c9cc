package transforms_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/msrewrite/msrewrite/internal/testcorpus"
	"github.com/msrewrite/msrewrite/internal/validate"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
)

// inputs lists every Dockerfile under testdata/ and examples/: inputs,
// golden outputs and handwritten expectations alike.
func inputs(t testing.TB) []string {
	var files []string
	for _, root := range []string{"../testdata", "../examples"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() && name == "context" {
				return filepath.SkipDir // a case's build context
			}
			if !d.IsDir() && (strings.HasPrefix(name, "Dockerfile") && !strings.HasSuffix(name, ".dockerignore") || strings.HasSuffix(name, ".Dockerfile") || name == "want") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 50 {
		t.Fatalf("found only %d Dockerfiles", len(files))
	}
	return files
}

// contextFor is the build context a file of testdata/ or examples/ is
// built with: an example's own folder, a case's context.
func contextFor(t testing.TB, file string) *buildctx.Context {
	dir := filepath.Dir(file)
	if filepath.Base(filepath.Dir(dir)) == "examples" {
		return folderContext(t, dir)
	}
	return caseContext(t, dir)
}

// folderContext is a folder as a build context.
func folderContext(t testing.TB, dir string) *buildctx.Context {
	ctx, err := buildctx.NewDir(os.DirFS(dir), dir).Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

func rewriteBytes(name string, src []byte, ctx *buildctx.Context, chain []rewrite.Transform) (*rewrite.Result, error) {
	doc, err := dockerfile.Parse(name, src)
	if err != nil {
		return nil, err
	}
	return rewrite.Run(doc, chain, transforms.Toolchains, rewrite.Options{Context: ctx})
}

// everyTransform is the default transforms and the optional ones.
var everyTransform, _ = transforms.Chain([]string{"deps-first", "cache-mounts", "multistage", "nonroot"})

// checkProperties holds for every input that parses: the output parses,
// rewriting it again changes nothing, every comment line survives, and a
// file left alone comes out byte for byte.
func checkProperties(t *testing.T, name string, src []byte, ctx *buildctx.Context, chain []rewrite.Transform) {
	t.Helper()
	res, err := rewriteBytes(name, src, ctx, chain)
	if err != nil {
		if _, ok := err.(*dockerfile.Error); ok {
			return // bad input gets a located error; nothing else to check
		}
		t.Fatalf("%s: %v", name, err)
	}
	if !res.Changed {
		if !bytes.Equal(res.Output, src) {
			t.Fatalf("%s: not rewritten, yet the output differs", name)
		}
		if res.Skip == nil {
			t.Fatalf("%s: not rewritten and no reason given", name)
		}
		return
	}
	if err := validate.Check(src, res.Output, ""); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, res.Output)
	}
	again, err := rewriteBytes(name, res.Output, ctx, chain)
	if err != nil {
		t.Fatalf("%s: the output does not parse: %v\n%s", name, err, res.Output)
	}
	if !bytes.Equal(again.Output, res.Output) {
		t.Fatalf("%s: rewriting the output changed it again", name)
	}
	outLines := map[string]bool{}
	for _, l := range strings.Split(string(res.Output), "\n") {
		outLines[strings.TrimRight(l, "\r")] = true
	}
	for _, l := range strings.Split(string(src), "\n") {
		l = strings.TrimRight(l, "\r")
		if dockerfile.IsComment(l) && !outLines[l] {
			t.Fatalf("%s: comment line %q is lost", name, l)
		}
	}
}

func TestProperties(t *testing.T) {
	for _, f := range inputs(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkProperties(t, f, src, contextFor(t, f), transforms.All)
		checkProperties(t, f+" (every transform)", src, contextFor(t, f), everyTransform)
	}
}

// FuzzRewrite feeds arbitrary text through parse and rewrite: no panic,
// and the properties above hold for whatever parses.
func FuzzRewrite(f *testing.F) {
	corpus, _ := testcorpus.BuildKitParserFiles()
	for _, file := range append(inputs(f), corpus...) {
		src, err := os.ReadFile(file)
		if err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ctx, err := buildctx.NewDir(fstest.MapFS{}, "empty").Context(nil, "")
		if err != nil {
			t.Fatal(err)
		}
		checkProperties(t, "fuzz", src, ctx, transforms.All)
		checkProperties(t, "fuzz (every transform)", src, ctx, everyTransform)
	})
}

// contextShapes are Dockerfiles whose rewrite reads one file of the build
// context closely (a manifest, settings, sources): FuzzContextFile varies
// that file's content.
var contextShapes = []struct {
	dockerfile, file string
	others           fstest.MapFS
}{
	{"FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"npm\", \"start\"]\n", "package.json",
		fstest.MapFS{"package-lock.json": {Data: []byte("{}")}}},
	{"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nRUN python manage.py collectstatic --noinput\nCMD [\"gunicorn\", \"shop.wsgi\"]\n", "shop/settings.py",
		fstest.MapFS{"manage.py": {Data: []byte("")}, "requirements.txt": {Data: []byte("django\n")}}},
	{"FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"./app.py\"]\n", "requirements.txt",
		fstest.MapFS{"app.py": {Data: []byte("#!/usr/bin/env python3\n")}}},
	{"FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n", "main.go",
		fstest.MapFS{"go.mod": {Data: []byte("module example.com/app\n\ngo 1.22\n")}}},
	{"FROM rust:1.82\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/app\"]\n", "src/main.rs",
		fstest.MapFS{"Cargo.toml": {Data: []byte("[package]\nname = \"app\"\nversion = \"0.1.0\"\n")}}},
	{"FROM mcr.microsoft.com/dotnet/sdk:8.0-alpine\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nENTRYPOINT [\"dotnet\", \"/app/App.dll\"]\n", "Program.cs",
		fstest.MapFS{"App.csproj": {Data: []byte("<Project Sdk=\"Microsoft.NET.Sdk\"></Project>")}}},
	// The scripts a container starts, read for what they run.
	{"FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nENTRYPOINT [\"/src/entrypoint.sh\"]\nCMD [\"/app\"]\n", "entrypoint.sh",
		fstest.MapFS{"go.mod": {Data: []byte("module example.com/app\n\ngo 1.22\n")}, "main.go": {Data: []byte("package main\n")}}},
	{"FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"sh\", \"start.sh\"]\n", "start.sh",
		fstest.MapFS{"package.json": {Data: []byte(`{"devDependencies":{"prisma":"5"}}`)}, "package-lock.json": {Data: []byte("{}")}}},
	// The sources read for the programs they run: child_process, execa's
	// $ and names (jsprograms.go); subprocess, f-strings (pyprograms.go).
	{"FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n", "index.js",
		fstest.MapFS{"package.json": {Data: []byte(`{"dependencies":{"execa":"9","shelljs":"0.8"}}`)}, "package-lock.json": {Data: []byte("{}")}}},
	{"FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n", "app.py",
		fstest.MapFS{"requirements.txt": {Data: []byte("flask\n")}}},
	// ProcessBuilder, Runtime.exec and the wrappers over them
	// (compiledwrappers.go).
	{"FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\nCMD [\"java\", \"-jar\", \"target/app-1.0.jar\"]\n", "src/main/java/app/App.java",
		fstest.MapFS{"pom.xml": {Data: []byte("<project><modelVersion>4.0.0</modelVersion><groupId>demo</groupId><artifactId>app</artifactId><version>1.0</version><packaging>jar</packaging></project>")}}},
}

// FuzzContextFile rewrites each of contextShapes with the content of its
// file fuzzed: no panic, and the properties of every rewrite (it parses,
// is idempotent and lossless). The other fuzz targets see no context.
func FuzzContextFile(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/*/*/context/*")
	more, _ := filepath.Glob("../testdata/*/*/context/*/*")
	for _, file := range append(seeds, more...) {
		if data, err := os.ReadFile(file); err == nil && len(data) < 4096 {
			f.Add(uint8(len(data)), data)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		shape := contextShapes[int(which)%len(contextShapes)]
		fsys := fstest.MapFS{shape.file: {Data: content}}
		for name, file := range shape.others {
			fsys[name] = file
		}
		ctx, err := buildctx.NewDir(fsys, "context").Context(nil, "")
		if err != nil {
			t.Fatal(err)
		}
		checkProperties(t, "fuzz", []byte(shape.dockerfile), ctx, transforms.All)
	})
}
