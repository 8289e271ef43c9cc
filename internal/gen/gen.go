// Package gen writes Dockerfiles for benchmarks: one large single-stage
// file of a chosen length, and corpora of many small files varied across
// toolchains and shapes. Output is deterministic for a given seed.
package gen

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
)

// Large returns a rewritable single-stage Go Dockerfile of about `lines`
// lines: the kinds of instruction a real file has (comments, ENV, ARG,
// LABEL, RUN with continuations, COPY), repeated, then the build and CMD.
func Large(lines int) []byte {
	var b strings.Builder
	b.WriteString("# syntax=docker/dockerfile:1\n# Generated for benchmarks.\nFROM golang:1.23-bookworm\nWORKDIR /src\n")
	n := 4
	for i := 0; n < lines-6; i++ {
		switch i % 8 {
		case 0:
			fmt.Fprintf(&b, "\n# step %d: set things up\n", i)
			n += 2
		case 1:
			fmt.Fprintf(&b, "ENV SETTING_%d=value-%d\n", i, i)
			n++
		case 2:
			fmt.Fprintf(&b, "ARG OPTION_%d=%d\n", i, i)
			n++
		case 3:
			fmt.Fprintf(&b, "RUN echo step %d && \\\n    mkdir -p /opt/step%d && \\\n    touch /opt/step%d/done\n", i, i, i)
			n += 3
		case 4:
			fmt.Fprintf(&b, "LABEL com.example.step%d=\"%d\"\n", i, i)
			n++
		case 5:
			fmt.Fprintf(&b, "COPY config/step%d.yaml /etc/app/\n", i)
			n++
		case 6:
			fmt.Fprintf(&b, "RUN go env GOPATH > /tmp/gopath%d\n", i)
			n++
		case 7:
			fmt.Fprintf(&b, "EXPOSE %d\n", 10000+i%50000)
			n++
		}
	}
	b.WriteString("COPY . .\nRUN go build -o /usr/local/bin/app ./cmd/app\nUSER 65532\nCMD [\"/usr/local/bin/app\"]\n")
	return []byte(b.String())
}

// LargeContext is a build context for Large(lines): the files its COPY
// lines name, and the command it builds.
func LargeContext(lines int) fstest.MapFS {
	fsys := fstest.MapFS{
		"go.mod":              {Data: []byte("module example.com/app\n\ngo 1.23\n")},
		"cmd/app/main.go":     {Data: []byte("package main\n\nfunc main() {}\n")},
		"templates/page.html": {Data: []byte("<p>{{.}}</p>\n")},
	}
	for i := 5; i < lines; i += 8 { // the COPY lines of Large
		fsys[fmt.Sprintf("config/step%d.yaml", i)] = &fstest.MapFile{Data: []byte("step: 1\n")}
	}
	return fsys
}

// shape is one Dockerfile of a corpus and the build context it needs.
type shape struct {
	dockerfile string
	context    map[string]string
}

// goContext is a Go module whose main package is at pkg ("." for the
// module's root).
func goContext(pkg string) map[string]string {
	return map[string]string{
		"go.mod":                      "module example.com/svc\n\ngo 1.22\n",
		"go.sum":                      "",
		filepath.Join(pkg, "main.go"): "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"up\") }\n",
		"README.md":                   "# svc\n",
	}
}

// shapes are the kinds of file a corpus holds, each with its context:
// rewritable files in their common variants for each toolchain, and files
// msrewrite leaves alone.
var shapes = []func(r *rand.Rand) shape{
	func(r *rand.Rand) shape { // the classic
		return shape{fmt.Sprintf("FROM golang:1.%d\nWORKDIR /app\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n", 18+r.Intn(8)), goContext(".")}
	},
	func(r *rand.Rand) shape { // go install, ENV, EXPOSE
		n := r.Intn(9)
		return shape{fmt.Sprintf("FROM golang:1.22-bookworm\nENV PORT=%d\nWORKDIR /src\nCOPY . .\nRUN go install ./cmd/svc%d\nEXPOSE %d\nCMD [\"svc%d\"]\n", 8000+r.Intn(999), n, 8000+r.Intn(999), n),
			goContext(fmt.Sprintf("cmd/svc%d", n))}
	},
	func(r *rand.Rand) shape { // alpine builder, continuation, comments
		return shape{fmt.Sprintf("# service %d\nFROM golang:1.22-alpine\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n# build\nRUN CGO_ENABLED=0 go build \\\n    -ldflags=\"-s -w\" \\\n    -o /bin/app .\nENTRYPOINT [\"/bin/app\"]\n", r.Intn(1000)),
			goContext(".")}
	},
	func(r *rand.Rand) shape { // a user, a healthcheck, a data folder
		n := r.Intn(9)
		c := goContext("cmd/api")
		c["migrations/001_init.sql"] = "create table t (id int);\n"
		return shape{fmt.Sprintf("FROM golang:1.21\nWORKDIR /srv\nCOPY . .\nRUN go build -o /srv/api%d ./cmd/api\nRUN useradd -u 1000%d api\nUSER api\nHEALTHCHECK CMD [\"/srv/api%d\", \"-health\"]\nCMD [\"/srv/api%d\"]\n", n, r.Intn(9), n, n), c}
	},
	func(r *rand.Rand) shape { // already multi-stage
		return shape{"FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.23\nCOPY --from=build /app /app\nCMD [\"/app\"]\n", goContext(".")}
	},
	func(r *rand.Rand) shape { // Node
		return shape{fmt.Sprintf("FROM node:%d-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nEXPOSE 3000\nCMD [\"node\", \"dist/server.js\"]\n", 18+2*r.Intn(3)),
			map[string]string{"package.json": `{"name": "web", "scripts": {"build": "tsc"}, "dependencies": {"express": "^4.19.0"}}` + "\n", "package-lock.json": "{}\n", "src/server.ts": "console.log(1)\n", "tsconfig.json": "{}\n"}}
	},
	func(r *rand.Rand) shape { // Python
		return shape{"FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"-m\", \"app\"]\n",
			map[string]string{"requirements.txt": "flask==3.0.0\n", "app/__init__.py": "", "app/__main__.py": "print(1)\n"}}
	},
	func(r *rand.Rand) shape { // Rust
		return shape{"FROM rust:1.80\nWORKDIR /usr/src/app\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/app\"]\n",
			map[string]string{"Cargo.toml": "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n", "Cargo.lock": "version = 3\n", "src/main.rs": "fn main() {}\n"}}
	},
	func(r *rand.Rand) shape { // a heredoc and a shell-form CMD
		return shape{"FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN <<EOF\nset -e\ngo test ./...\ngo build -o /out/tool .\nEOF\nCMD /out/tool --serve\n", goContext(".")}
	},
}

// Corpus writes n Dockerfiles under dir, each in a folder of its own with
// its build context, in folders of 100.
func Corpus(dir string, n int, seed int64) error {
	r := rand.New(rand.NewSource(seed))
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("repo%03d", i/100), fmt.Sprintf("svc%02d", i%100))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		sh := shapes[r.Intn(len(shapes))](r)
		src := sh.dockerfile
		if r.Intn(4) == 0 {
			src = fmt.Sprintf("# owner: team-%d\n", r.Intn(50)) + src
		}
		sh.context["Dockerfile"] = src
		for name, data := range sh.context {
			p := filepath.Join(sub, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
