package transforms

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

func noEnv(string) (string, bool, bool) { return "", false, true }

// makeCase is a Makefile, the goals and variables make is given, and the
// recipe lines it runs, in order (CURDIR is /src).
type makeCase struct {
	name, makefile string
	goals          []string
	cmdline        map[string]string
	env            map[string]string
	// files are there besides the Makefile (sources pattern rules use).
	files []string
	want  []string
}

func (c makeCase) exists(name string) bool { return slices.Contains(c.files, name) }

var makeCases = []makeCase{
	{name: "default goal", makefile: "all: build\n\nbuild:\n\tgo build -o app .\n", want: []string{"go build -o app ."}},
	{name: "special targets are not the default", makefile: ".PHONY: build\nbuild:\n\tgo build .\n", want: []string{"go build ."}},
	{name: "prerequisites first, once", makefile: "app: gen deps\n\tgo build -o $@ .\ngen: deps\n\tgo generate ./...\ndeps:\n\tgo mod download\n",
		want: []string{"go mod download", "go generate ./...", "go build -o app ."}},
	{name: "recursive and simple variables", makefile: "A = $(B)/x\nB = first\nC := $(B)\nB = second\nrun:\n\techo $(A) $(C)\n",
		want: []string{"echo second/x first"}},
	{name: "?= keeps the environment's", makefile: "GO ?= go\nBIN ?= bin/app\nb:\n\t$(GO) build -o $(BIN)\n",
		env: map[string]string{"BIN": "/out/app"}, want: []string{"go build -o /out/app"}},
	{name: "command line wins", makefile: "BIN = bin/app\nb:\n\tgo build -o $(BIN)\n", cmdline: map[string]string{"BIN": "x"},
		want: []string{"go build -o x"}},
	{name: "+= appends", makefile: "FLAGS = -v\nFLAGS += -trimpath\nb:\n\tgo build $(FLAGS)\n", want: []string{"go build -v -trimpath"}},
	{name: "recipe prefixes, $$ and continuations", makefile: "b:\n\t@-echo $$HOME\n\t+go build \\\n\t  -o app .\n",
		want: []string{"echo $HOME", "go build \\\n  -o app ."}},
	{name: "shell function is unknown", makefile: "V := $(shell git describe)\nb:\n\tgo build -ldflags \"-X main.v=$(V)\"\n",
		want: []string{`go build -ldflags "-X main.v=` + unknownMake + `"`}},
	{name: "dir, notdir, CURDIR", makefile: "BIN = out/bin/app\nb:\n\tmkdir -p $(dir $(BIN)) && echo $(notdir $(BIN)) $(CURDIR)\n",
		want: []string{"mkdir -p out/bin/ && echo app /src"}},
	{name: "automatic variables", makefile: "app: main.go util.go\n\tgo build -o $@ $^ # $<\n",
		want: []string{"go build -o app main.go util.go # main.go"}},
	{name: "prerequisites from $(shell find) are files", makefile: "app: $(shell find . -name '*.go')\n\tgo build -o app\n",
		want: []string{"go build -o app"}},
	{name: "goal named", makefile: "a:\n\techo a\nb:\n\techo b\n", goals: []string{"b"}, want: []string{"echo b"}},
	{name: "comments and inline recipe", makefile: "# build it\nb: ; go build . # inline\n", want: []string{"go build . # inline"}},
	{name: "recipes expand when run", makefile: "run:\n\techo $(LATE)\nLATE = x\n", want: []string{"echo x"}},
	{name: ".DEFAULT_GOAL", makefile: ".DEFAULT_GOAL := build\nhelp:\n\techo help\nbuild:\n\tgo build .\n", want: []string{"go build ."}},
	{name: "several targets", makefile: "a b:\n\techo $@\n", goals: []string{"b"}, want: []string{"echo b"}},
	{name: "a shell comment in a recipe", makefile: "b:\n\t# the binary\n\tgo build .\n", want: []string{"# the binary", "go build ."}},
	{name: "escaped hash, spaces before a comment kept", makefile: "X = a\\#b # comment\nb:\n\techo '$(X)'\n", want: []string{"echo 'a#b '"}},
	{name: "exported, from the environment", makefile: "export GOFLAGS += -trimpath\nb:\n\tgo build $$GOFLAGS\n",
		env: map[string]string{"GOFLAGS": "-mod=vendor"}, want: []string{"go build $GOFLAGS"}},
	{name: "target from a variable", makefile: "BIN := bin/app\n$(BIN): main.go\n\tgo build -o $@\nall: $(BIN)\n", goals: []string{"all"},
		want: []string{"go build -o bin/app"}},
	{name: "pattern rule", makefile: "CFLAGS = -O2\n%.o: %.c\n\t$(CC) $(CFLAGS) -c -o $@ $<\napp: main.o util.o\n\t$(CC) -o $@ $^\n",
		files: []string{"main.c", "util.c"}, want: []string{"cc -O2 -c -o main.o main.c", "cc -O2 -c -o util.o util.c", "cc -o app main.o util.o"}},
	{name: "pattern rule in a folder, $*", makefile: "%.o: %.c\n\t@echo $* $(@D)\n\tcc -c -o $@ $<\nbin/app: obj/main.o\n\tcc -o $@ $^\n",
		files: []string{"obj/main.c"}, want: []string{"echo obj/main obj", "cc -c -o obj/main.o obj/main.c", "cc -o bin/app obj/main.o"}},
	{name: "pattern whose source is missing: a file", makefile: "%.o: %.c\n\tcc -c -o $@ $<\napp: main.o\n\tcc -o app main.o\n",
		want: []string{"cc -o app main.o"}},
	{name: "ifeq, else", makefile: "ifeq ($(OS),Windows_NT)\nEXT = .exe\nelse\nEXT =\nendif\napp:\n\tgo build -o app$(EXT) .\n",
		want: []string{"go build -o app ."}},
	{name: "ifndef, the environment's", makefile: "ifndef VERSION\nVERSION = dev\nendif\nb:\n\techo $(VERSION)\n",
		env: map[string]string{"VERSION": "1.2"}, want: []string{"echo 1.2"}},
	{name: "ifndef", makefile: "ifndef VERSION\nVERSION = dev\nendif\nb:\n\techo $(VERSION)\n", want: []string{"echo dev"}},
	{name: "else ifeq, nested", makefile: "ARCH = arm64\nifeq ($(ARCH),amd64)\nG = x86\nelse ifeq ($(ARCH), arm64)\nifdef ARCH\nG = arm\nendif\nelse\nG = other\nendif\nb:\n\techo $(G)\n",
		want: []string{"echo arm"}},
	{name: "a conditional in a recipe", makefile: "b:\nifdef DEBUG\n\tgo build -gcflags=all=-N .\nelse\n\tgo build .\nendif\n",
		want: []string{"go build ."}},
	{name: "ifneq, quoted", makefile: "ifneq \"$(CGO)\" \"\"\nX = cgo\nendif\nb:\n\techo [$(X)]\n", want: []string{"echo []"}},
	{name: "a branch not taken may hold what cannot be known", makefile: "ifdef NEVER\nifeq ($(shell uname),Linux)\nX = 1\nendif\nendif\nb:\n\techo x$(X)\n",
		want: []string{"echo x"}},
	{name: "one shell", makefile: ".ONESHELL:\nb:\n\tcd cmd\n\tgo build .\n", want: []string{"cd cmd\ngo build ."}},
}

func (c makeCase) lookup() func(string) (string, bool, bool) {
	if c.env == nil {
		return noEnv
	}
	return func(n string) (string, bool, bool) { v, ok := c.env[n]; return v, ok, true }
}

// TestMakefileRecipes checks what make would run for a goal: prerequisites
// first, each rule once, variables as GNU make expands them.
func TestMakefileRecipes(t *testing.T) {
	for _, c := range makeCases {
		t.Run(c.name, func(t *testing.T) {
			mf, err := parseMakefile("Makefile", "/src", []byte(c.makefile), c.lookup(), nil)
			if err != nil {
				t.Fatal(err)
			}
			mf.setCommandLine(c.cmdline)
			got, err := mf.recipes(c.goals, c.lookup(), c.exists)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestMakefileAgainstGNUMake asks GNU make itself, where it is installed,
// what it would run for each case (make -n prints the recipe lines,
// expanded, without running them) and for the Makefiles of testdata:
// the reader must say the same, but for the values it cannot know.
func TestMakefileAgainstGNUMake(t *testing.T) {
	makeBin, err := exec.LookPath("make")
	if err != nil {
		t.Skip("no make here")
	}
	// Recipe lines marked + run even under -n: a go that does nothing.
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := slices.Clone(makeCases)
	files, _ := filepath.Glob("../testdata/*/*/context/Makefile")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if strings.Contains(string(data), "$(MAKE)") || strings.Contains(string(data), "include") {
			continue // recursion and includes are read by readfurther.go, with the context
		}
		cases = append(cases, makeCase{name: f, makefile: string(data)})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "Makefile"), []byte(c.makefile), 0o644); err != nil {
				t.Fatal(err)
			}
			mf, err := parseMakefile("Makefile", dir, []byte(c.makefile), c.lookup(), nil)
			if err != nil {
				t.Skipf("refused: %v", err)
			}
			mf.setCommandLine(c.cmdline)
			ours, err := mf.recipes(c.goals, c.lookup(), c.exists)
			if err != nil {
				t.Skipf("refused: %v", err)
			}
			for _, f := range c.files {
				os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
				os.WriteFile(filepath.Join(dir, f), nil, 0o644)
			}
			// Prerequisites that are files: make wants them there.
			for _, r := range mf.rules {
				for _, p := range r.prereqs {
					if mf.rules[p] == nil {
						os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
						os.WriteFile(filepath.Join(dir, p), nil, 0o644)
					}
				}
			}
			args := []string{"-n", "--no-print-directory", "-B", "-f", "Makefile"}
			for k, v := range c.cmdline {
				args = append(args, k+"="+v)
			}
			args = append(args, c.goals...)
			cmd := exec.Command(makeBin, args...)
			cmd.Dir = dir
			cmd.Env = []string{"PATH=" + bin + ":" + os.Getenv("PATH")}
			for k, v := range c.env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("make -n: %v\n%s%s", err, out, stderr.String())
			}
			theirs := strings.TrimSuffix(string(out), "\n")
			pattern := regexp.QuoteMeta(strings.ReplaceAll(strings.Join(ours, "\n"), "/src", dir))
			pattern = "^" + strings.ReplaceAll(pattern, regexp.QuoteMeta(unknownMake), ".*") + "$"
			if ok, _ := regexp.MatchString(pattern, theirs); !ok {
				t.Errorf("make runs:\n%s\nthe reader says:\n%s", theirs, strings.Join(ours, "\n"))
			}
		})
	}
}

// TestMakefileInclude reads an included file in the directive's place;
// -include of a missing one is nothing, include of one is refused.
func TestMakefileInclude(t *testing.T) {
	files := map[string]string{".envrc": "export DB_DSN=postgres://db/app\nBIN = bin/web\n"}
	read := func(name string) ([]byte, bool) { d, ok := files[name]; return []byte(d), ok }
	mf, err := parseMakefile("Makefile", "/src", []byte("include .envrc\n-include local.mk\nbuild/web:\n\tgo build -o=$(BIN) ./cmd/web\n"), noEnv, read)
	if err != nil {
		t.Fatal(err)
	}
	got, err := mf.recipes([]string{"build/web"}, noEnv, nil)
	if err != nil || !cmp.Equal(got, []string{"go build -o=bin/web ./cmd/web"}) {
		t.Errorf("got %q, %v", got, err)
	}
	if v, set, _ := mf.recipeEnv(noEnv)("DB_DSN"); !set || v != "postgres://db/app" {
		t.Errorf("DB_DSN: %q %v", v, set)
	}
	if _, err := parseMakefile("Makefile", "/src", []byte("include missing.mk\n"), noEnv, read); err == nil || !strings.Contains(err.Error(), "missing.mk, which the build context does not hold") {
		t.Errorf("include of a missing file: %v", err)
	}
}

// TestMakefileRefused checks that what the reader does not follow is an
// error naming it, never a guess.
func TestMakefileRefused(t *testing.T) {
	for _, c := range []struct{ makefile, want string }{
		{"ifeq ($(shell uname),Linux)\nA=1\nendif\n", "a value that cannot be known"},
		{"else\n", "an else outside a conditional"},
		{"ifdef A\nB = 1\n", "a conditional without its endif"},
		{"endif\n", "an endif outside"},
		{"include common.mk\n", "an include of another makefile that msrewrite cannot read"},
		{"define X\nfoo\nendef\n", "define"},
		{"a::\n\techo\n", "a double-colon rule"},
		{"a: CGO_ENABLED=1\n", "a target-specific variable"},
		{"V != git describe\n", "(!=)"},
		{"override X = 1\n", "an override"},
		{"\techo orphan\n", "a recipe line before any rule"},
		{"a:\n\techo 1\na:\n\techo 2\n", "a second recipe for a"},
		{"just words\n", "neither a rule nor a variable"},
	} {
		if _, err := parseMakefile("Makefile", "/src", []byte(c.makefile), noEnv, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error with %q", c.makefile, err, c.want)
		}
	}
}

// TestMakefileRecipeEnv checks which variables reach a recipe's
// environment: make's own environment, exported variables and the
// command line's, not the Makefile's others.
func TestMakefileRecipeEnv(t *testing.T) {
	env := func(n string) (string, bool, bool) {
		switch n {
		case "GOFLAGS":
			return "-mod=vendor", true, true
		case "SECRET":
			return "", true, false
		}
		return "", false, true
	}
	mf, err := parseMakefile("Makefile", "/src", []byte("CGO_ENABLED = 1\nexport GOOS = linux\nGOFLAGS = -trimpath\nunexport HOME\n"), env, nil)
	if err != nil {
		t.Fatal(err)
	}
	mf.setCommandLine(map[string]string{"GOARCH": "arm64"})
	look := mf.recipeEnv(env)
	for _, c := range []struct {
		name, value string
		set, known  bool
	}{
		{"CGO_ENABLED", "", false, true}, // the Makefile's, not exported
		{"GOOS", "linux", true, true},
		{"GOFLAGS", "-trimpath", true, true}, // from the environment: exported with the Makefile's value
		{"GOARCH", "arm64", true, true},
		{"SECRET", "", true, false},
		{"HOME", "", false, true},
		{strings.Trim(unknownMake, "${}"), "", true, false},
	} {
		v, set, known := look(c.name)
		if v != c.value || set != c.set || known != c.known {
			t.Errorf("%s: got (%q, %v, %v), want (%q, %v, %v)", c.name, v, set, known, c.value, c.set, c.known)
		}
	}
}

// FuzzMakefile reads arbitrary Makefiles: no panic, no endless expansion,
// and the same answer twice.
func FuzzMakefile(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/*/*/context/Makefile")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data, "")
		}
	}
	f.Add([]byte("A = $(A)\nb: c\n\techo $(A)\nc: b\n\techo c\n"), "b")
	f.Fuzz(func(t *testing.T, data []byte, goal string) {
		read := func() ([]string, error) {
			mf, err := parseMakefile("Makefile", "/src", data, noEnv, nil)
			if err != nil {
				return nil, err
			}
			var goals []string
			if goal != "" {
				goals = []string{goal}
			}
			return mf.recipes(goals, noEnv, nil)
		}
		a, errA := read()
		b, errB := read()
		if (errA == nil) != (errB == nil) || !cmp.Equal(a, b) {
			t.Fatalf("two readings differ: %v %v / %v %v", a, errA, b, errB)
		}
	})
}

// TestMakefileExpansionBounded feeds variables that double at each level:
// the reading stops, unknown, instead of expanding 2^40 references.
func TestMakefileExpansionBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "V%d = $(V%d)$(V%d)\n", i, i+1, i+1)
	}
	b.WriteString("V40 = x\nall:\n\techo $(V0)\n")
	mf, err := parseMakefile("Makefile", "/src", []byte(b.String()), noEnv, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := mf.recipes(nil, noEnv, nil)
	if err != nil || len(got) != 1 || !strings.Contains(got[0], unknownMake) {
		t.Errorf("got %q, %v", got, err)
	}
}

// TestScriptArg checks which commands run a script from a file.
func TestScriptArg(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"./build.sh", "./build.sh"},
		{"scripts/build --release", "scripts/build"},
		{"sh build.sh", "build.sh"},
		{"bash -eux -o pipefail ci/build.sh arg", "ci/build.sh"},
		{"sh -c 'go build'", ""},
		{"bash -s < build.sh", ""},
		{"go build .", ""},
		{"/usr/local/go/bin/go build", "/usr/local/go/bin/go"},
	} {
		calls, err := shell.Calls(c.line, shell.State{Dir: "/src"})
		if err != nil || len(calls) == 0 {
			t.Fatalf("%q: %v", c.line, err)
		}
		if got := scriptArg(calls[0]); got != c.want {
			t.Errorf("%q: got %q, want %q", c.line, got, c.want)
		}
	}
}
