package transforms

import (
	"bytes"
	"cmp"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"golang.org/x/mod/modfile"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Go detects `go build` and `go install` in a golang:* builder.
var Go = rewrite.Toolchain{
	Name:        "go",
	Doc:         "go build / go install (or CMD go run) in a golang image; static binary on alpine, or glibc runtime when cgo is on",
	Families:    []string{"golang"},
	Tools:       goBuildTools,
	BuildInputs: goBuildInputs,
	Detect:      detectGo,
}

// goBuildTools are go, the code generators whose output is Go source of
// the module, compiled into the program when they run before the build,
// and the dependency managers of GOPATH's days (dep ensure, glide install,
// govendor sync, godep restore, gvt restore), which fetch the packages the
// build compiles into vendor/ or GOPATH and write nothing else but their
// lock files and caches.
var goBuildTools = []string{"go", "templ", "sqlc", "wire", "gqlgen", "stringer", "mockgen", "oapi-codegen",
	"dep", "glide", "govendor", "godep", "gvt"}

// goBuildInputs are the files only the build reads (classify.go).
var goBuildInputs = []rewrite.FileRule{
	{Name: "*.go", Why: "a Go source"}, {Name: "go.mod", Why: "the Go module's manifest"}, {Name: "go.sum", Why: "the Go module's checksums"},
	{Name: "go.work", Why: "the Go workspace"}, {Name: "go.work.sum", Why: "the Go workspace's checksums"},
	{Dir: "vendor", Why: "vendored Go modules"}, {Dir: "testdata", Why: "test data: only go test reads it"},
	{Name: "*.templ", Why: "a templ template, which templ generate compiles to Go"},
	{Name: "Gopkg.toml", Why: "dep's manifest"}, {Name: "Gopkg.lock", Why: "dep's lock file"},
	{Name: "glide.yaml", Why: "glide's manifest"}, {Name: "glide.lock", Why: "glide's lock file"},
	{Dir: "Godeps", Why: "godep's lock file and vendored packages"},
}

// goBuildOnly are the variables that steer the Go toolchain and mean
// nothing to the program at run time.
var goBuildOnly = rewrite.WordSet(`CGO_ENABLED CGO_CFLAGS CGO_CPPFLAGS CGO_CXXFLAGS CGO_LDFLAGS CC CXX
	GOOS GOARCH GOARM GOAMD64 GO386 GOARM64 GOMIPS GOPPC64 GOFLAGS GOPROXY GOPRIVATE GONOPROXY
	GONOSUMDB GONOSUMCHECK GOSUMDB GOINSECURE GO111MODULE GOCACHE GOMODCACHE GOPATH GOBIN GOTOOLCHAIN
	GOWORK GOEXPERIMENT GOTMPDIR GOENV GOVCS PKG_CONFIG_PATH DEBIAN_FRONTEND`)

// goValueFlags are the build flags that take a value.
var goValueFlags = rewrite.WordSet(`o C p asmflags buildmode buildvcs compiler gccgoflags gcflags
	installsuffix ldflags mod modfile overlay pgo pkgdir tags toolexec coverpkg covermode exec`)

// goOpaqueFlags are the build flags whose value msrewrite need not know:
// they change what is compiled or linked in, never where the binary goes
// (-ldflags "-X main.version=$(git describe --tags)"). An unknown -tags
// may select other files: cgo then counts as unknown.
var goOpaqueFlags = rewrite.WordSet(`ldflags gcflags asmflags gccgoflags tags installsuffix buildvcs pgo p`)

// unknownValue stands for a flag's value that cannot be evaluated.
const unknownValue = "\x00unknown"

// goInvocation is one `go build` or `go install` call.
type goInvocation struct {
	in      *dockerfile.Instruction
	script  *rewrite.Script
	call    shell.Call
	install bool
	flags   map[string]string
	pkgs    []string
	dir     string
	// run is set for the go build the rewrite adds for CMD go run: in is
	// then the CMD.
	run *goRun
}

// goRun is CMD go run read as a build and a command: go run compiles the
// packages when the container starts and runs the program with the
// words after them.
type goRun struct {
	flags []string // the build flags, as written
	args  []string // the program's arguments
	shell bool     // the CMD is in the shell form
	bin   string   // where the added go build writes the program
}

func detectGo(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.Build, error) {
	read, err := goReadFurther(st, p)
	if err != nil {
		return nil, err
	}
	calls, err := st.CallsOf("go", "build", "install")
	if err != nil {
		return nil, err
	}
	var invs []goInvocation
	for _, tc := range calls {
		inv, err := parseGoCall(tc)
		if err != nil {
			return nil, err
		}
		invs = append(invs, inv)
	}
	// CMD go run compiles the program when the container starts, in a
	// file that builds it (or another) first too: the builder builds it.
	run, err := goRunCommand(st)
	if err != nil {
		return nil, err
	}
	if run != nil {
		invs = append(invs, *run)
	}
	if len(invs) == 0 {
		return nil, nil
	}
	wrapperRun, err := goWrapperRun(st)
	if err != nil {
		return nil, err
	}
	// Folders that exist before the build, so that -o DIR writes DIR/name.
	knownDirs := map[string]bool{"/": true, "/usr/local/bin": true, "/usr/bin": true, "/bin": true, "/go/bin": true,
		"/usr/local/sbin": true, "/usr/sbin": true, "/tmp": true, "/go": true}
	for _, before := range st.Before {
		if before.Workdir != "" {
			knownDirs[before.Workdir] = true
		}
	}
	mkdirs, err := st.CallsOf("mkdir")
	if err != nil {
		return nil, err
	}
	for _, tc := range mkdirs {
		c := tc.Call
		for j, a := range c.Args[1:] {
			if c.Known[j+1] && !strings.HasPrefix(a, "-") && c.Dir != "" {
				knownDirs[shell.Resolve(c.Dir, a)] = true
			}
		}
	}
	if len(invs) == 0 {
		return nil, nil
	}
	if !distroGo(st) {
		if err := p.OfficialImage(st, "go build"); err != nil {
			return nil, err
		}
	}
	b := &rewrite.Build{BuildOnly: goBuildOnly.Has, MimeTypes: goMimeTypes}
	noteRead(st, p, read)
	ctx := readGoModule(st, p.Options.Context)
	tools, err := goTools(st, p.Options.Context, invs, ctx)
	if err != nil {
		return nil, err
	}
	var built []goInvocation // the invocations that build the program
	for i, inv := range invs {
		b.Steps = append(b.Steps, inv.in)
		if tools[i] != "" {
			p.Notef(inv.in.Line(), "%s is a tool the build runs, not a program of the image: %s", tools[i], "a later RUN runs it (itself, or go generate for a //go:generate line), and the container does not")
			continue
		}
		built = append(built, inv)
		if r := inv.run; r != nil {
			name, how := pkgName(inv.pkgs[0], inv.dir, ctx)
			if name == "" {
				return nil, rewrite.Skipf(inv.in.Line(), "CMD go run %s: the program's name cannot be told (pass --context with the module's go.mod)", inv.pkgs[0])
			}
			r.bin = path.Join("/usr/local/bin", name)
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: r.bin, Line: inv.in.Line(),
				How: "go run would compile the program when the container starts; the builder builds it once, " + how})
			b.Command = &rewrite.Command{In: inv.in, Args: append([]string{r.bin}, r.args...), Shell: r.shell,
				Why: "go run would build the program again with the Go toolchain, which the runtime stage lacks: the builder builds " + r.bin + " and the container runs it"}
			continue
		}
		if err := goArtifacts(b, st, inv, ctx, knownDirs); err != nil {
			return nil, err
		}
	}
	if len(built) == 0 {
		return nil, rewrite.Skipf(invs[0].in.Line(), "the go commands only install tools the build runs")
	}
	if wrapperRun != nil {
		b.Command = wrapperRun
	}
	// The packages built say what is compiled in (//go:embed) and whether
	// cgo is needed. Packages that cannot be read may need it: cgo is then
	// left as the image sets it, never turned off. (A context msrewrite
	// cannot match leaves the files to be carried.)
	ctx.needsCgo = "the build context cannot be read, so whether the packages built need cgo cannot be known"
	if p.Options.Context != nil {
		if copies, err := st.ContextCopies(p.Options.Context); err == nil {
			// RUN --mount=type=bind,target=. go build reads the context
			// in place: its mounts count as COPYs for the packages built.
			for _, inv := range built {
				if i := slices.Index(st.Body, inv.in); i >= 0 {
					if ls := bindMounts(st, p.Options.Context, i); len(ls) > 0 {
						copies = append(slices.Clip(copies), rewrite.CopyIn{In: inv.in, Index: i, Landings: ls})
					}
				}
			}
			g := newGoPackages(p.Options.Context, copies, ctx)
			for _, inv := range built {
				g.build(inv.dir, inv.pkgs)
			}
			g.methodCalls()
			b.CompiledIn, b.Programs, b.Sources = g.embedded, g.programs, g.sources
			if !g.tzdata {
				b.TimeZones = g.zones
			}
			ctx.needsCgo = cmp.Or(g.needsCgo, g.requiresCgo)
			ctx.loadsByName = g.loadsByName
			switch {
			case g.mimeTypes != "":
				b.MimeTypes = g.mimeTypes + ": " + goMimeTypes
			case g.unread == "":
				b.MimeTypes = "" // standard packages that do not reach mime
			}
			for _, inv := range built {
				if inv.flags["tags"] == unknownValue && ctx.needsCgo == "" {
					ctx.needsCgo = "the build tags of line " + strconv.Itoa(inv.in.Line()) + " cannot be known, and they may select files that need cgo"
				}
			}
			if g.unread != "" && ctx.needsCgo == "" {
				if m := ctx.requiresCgo(); m != "" {
					ctx.needsCgo = "go.mod requires " + m
				} else {
					ctx.needsCgo = "the build context does not hold " + g.unread + ", so whether it needs cgo cannot be known"
				}
			}
		}
	}
	if onBuildPlatform(st) {
		// A cross build: each go command must set GOARCH (to
		// $TARGETARCH, as the pattern goes), and C cannot be cross
		// compiled without a cross compiler the image lacks.
		for _, inv := range built {
			if _, set, _ := inv.call.Getenv("GOARCH"); !set {
				return nil, rewrite.Skipf(inv.in.Line(), "FROM --platform=$BUILDPLATFORM and no GOARCH: the binary is for the build platform, the runtime stage for the target platform")
			}
			if goos, set, known := inv.call.Getenv("GOOS"); set && known && goos != "linux" {
				return nil, rewrite.Skipf(inv.in.Line(), "GOOS=%s does not build a program for this container", goos)
			}
		}
		if ctx.needsCgo != "" {
			return nil, rewrite.Skipf(st.From.Line(), "a cross build with cgo needs a cross compiler: %s", ctx.needsCgo)
		}
		b.CrossBuilt = true
	}
	cgoOff, err := goRuntime(b, st, p, built, ctx)
	if err != nil {
		return nil, err
	}
	for i, inv := range built {
		if r := inv.run; r != nil {
			words := []string{"go", "build"}
			words = append(append(words, r.flags...), "-o", r.bin)
			run, word, ok := shell.Join(append(words, inv.pkgs...))
			if !ok {
				return nil, rewrite.Skipf(inv.in.Line(), "CMD go run: %q cannot be written in a RUN", word)
			}
			if cgoOff[i] {
				run = "CGO_ENABLED=0 " + run
			}
			b.Tail = append(b.Tail, st.Doc.Keyword("RUN")+" "+run)
		}
	}
	return b, nil
}

// goRunCommand reads CMD ["go", "run", ...] (or ENTRYPOINT without CMD,
// or the shell form of literal words) as the go build it stands for; nil
// when the container does not start with go run.
func goRunCommand(st *rewrite.Stage) (*goInvocation, error) {
	prog := st.Program()
	if prog == nil || path.Base(prog.Name) != "go" {
		return nil, nil
	}
	line, _ := prog.In.CommandLine()
	words, err := literalCommand(st, prog, "go run")
	if err != nil {
		return nil, err
	}
	if len(words) < 2 || words[1] != "run" {
		return nil, nil
	}
	if prog.In.Name() == "entrypoint" && slices.ContainsFunc(st.Body, func(in *dockerfile.Instruction) bool { return in.Name() == "cmd" }) {
		return nil, rewrite.Skipf(prog.In.Line(), "ENTRYPOINT go run with a CMD: not handled")
	}
	if st.Final.Workdir == "" {
		return nil, rewrite.Skipf(prog.In.Line(), "CMD go run: the working folder cannot be known")
	}
	inv, err := parseGoCall(commandCall(st, prog, words))
	if err != nil {
		return nil, err
	}
	if _, ok := inv.flags["exec"]; ok {
		return nil, rewrite.Skipf(prog.In.Line(), "go run -exec runs the program through another one: not handled")
	}
	if _, ok := inv.flags["C"]; ok {
		return nil, rewrite.Skipf(prog.In.Line(), "go run -C: not handled")
	}
	// The packages: the .go files named first, or one package; the words
	// after them are the program's.
	n := 1
	if strings.HasSuffix(inv.pkgs[0], ".go") {
		for n < len(inv.pkgs) && strings.HasSuffix(inv.pkgs[n], ".go") {
			n++
		}
	}
	if strings.Contains(inv.pkgs[0], "...") || strings.Contains(inv.pkgs[0], "@") {
		return nil, rewrite.Skipf(prog.In.Line(), "go run %s: not a package of the build context", inv.pkgs[0])
	}
	first := len(words) - len(inv.pkgs) // where the packages start
	if first < 2 || !slices.Equal(words[first:], inv.pkgs) {
		first = len(words) // none given: parseGoCall stood "." for them
	}
	r := &goRun{flags: words[2:first], args: inv.pkgs[n:], shell: line.PrependShell}
	inv.pkgs = inv.pkgs[:n]
	inv.run = r
	return &inv, nil
}

// goWrapperRun reads a CMD (or ENTRYPOINT) of go-wrapper run, which the
// golang images' documented example used up to Go 1.9: go-wrapper execs
// the program named after the working folder, which go install put in
// GOPATH's bin. The runtime stage has neither go-wrapper nor the go list
// it runs first, so the container runs that program by its path, with the
// words after run; nil when the container runs something else.
func goWrapperRun(st *rewrite.Stage) (*rewrite.Command, error) {
	prog := st.Program()
	if prog == nil || path.Base(prog.Name) != "go-wrapper" {
		return nil, nil
	}
	line, _ := prog.In.CommandLine()
	words, err := literalCommand(st, prog, "go-wrapper run")
	if err != nil {
		return nil, err
	}
	if len(words) < 2 || words[1] != "run" {
		return nil, nil
	}
	if st.Final.Workdir == "" {
		return nil, rewrite.Skipf(prog.In.Line(), "go-wrapper run names the program after the working folder, which cannot be known")
	}
	gopath, set, known := st.Final.Lookup("GOPATH")
	switch {
	case !known:
		return nil, rewrite.Skipf(prog.In.Line(), "go-wrapper run runs a program from GOPATH's bin, and GOPATH cannot be evaluated")
	case !set || gopath == "":
		gopath = "/go"
	}
	gopath, _, _ = strings.Cut(gopath, ":")
	bin := path.Join(gopath, "bin", path.Base(st.Final.Workdir))
	return &rewrite.Command{In: prog.In, Args: append([]string{bin}, words[2:]...), Shell: line.PrependShell,
		Why: "go-wrapper run execs " + bin + ", the program go install built, named after the working folder; the runtime stage has neither go-wrapper nor the go list it runs first, so the container runs the program itself"}, nil
}

// namedPrograms are the programs go build -o DIR/ writes for packages
// named one by one (./cmd/api ./cmd/worker), by their names; ok is false
// for a pattern (./cmd/...) or a package whose name cannot be told.
func namedPrograms(inv goInvocation, ctx goModule, dir string, line int) ([]rewrite.Artifact, bool) {
	var arts []rewrite.Artifact
	for _, pkg := range inv.pkgs {
		if strings.Contains(pkg, "...") {
			return nil, false
		}
		name, how := pkgName(pkg, inv.dir, ctx)
		if name == "" {
			return nil, false
		}
		arts = append(arts, rewrite.Artifact{Path: path.Join(dir, name), Line: line, How: "go build -o " + inv.flags["o"] + " writes " + pkg + " there, " + how})
	}
	return arts, true
}

// goTools finds the go install calls that install a tool the build
// itself runs (go install github.com/swaggo/swag/cmd/swag@latest, then
// RUN swag init): packages from outside the module, whose program a later
// RUN calls and the container does not. It maps their place in invs to
// the program's name.
func goTools(st *rewrite.Stage, ctx *buildctx.Context, invs []goInvocation, mod goModule) (map[int]string, error) {
	tools := map[int]string{}
	prog := st.Program()
	for i, inv := range invs {
		if !inv.install || len(inv.pkgs) != 1 {
			continue
		}
		pkg, _, _ := strings.Cut(inv.pkgs[0], "@")
		if pkg == "" || strings.HasPrefix(pkg, ".") || path.IsAbs(pkg) || strings.Contains(pkg, "...") || !strings.Contains(pkg, ".") ||
			mod.module != "" && (pkg == mod.module || strings.HasPrefix(pkg, mod.module+"/")) {
			continue // a local package, the module's own, or a pattern
		}
		name := execName(pkg)
		if prog != nil && path.Base(prog.Name) == name {
			continue
		}
		calls, err := st.CallsOf(name)
		if err != nil {
			return nil, err
		}
		at := slices.Index(st.Body, inv.in) // tc.Index counts in Body too
		later := func(tc rewrite.ToolCall) bool { return tc.Index >= at }
		if slices.ContainsFunc(calls, later) {
			tools[i] = name
			continue
		}
		// go generate runs it for a //go:generate line of the sources
		// (stringer, mockgen, wire).
		gens, err := st.CallsOf("go")
		if err != nil {
			return nil, err
		}
		generates := slices.ContainsFunc(gens, func(tc rewrite.ToolCall) bool {
			return later(tc) && len(tc.Call.Args) > 1 && tc.Call.Args[1] == "generate"
		})
		if generates && slices.Contains(generatePrograms(ctx), name) {
			tools[i] = name
		}
	}
	return tools, nil
}

// generatePrograms are the programs the //go:generate lines of the build
// context's Go files run (their first word; go run's are no installed
// program), read once per context.
func generatePrograms(ctx *buildctx.Context) []string {
	var progs []string
	for _, d := range generateDirectives(ctx) {
		if f := strings.Fields(d.line); len(f) > 0 && f[0] != "go" && !slices.Contains(progs, path.Base(f[0])) {
			progs = append(progs, path.Base(f[0]))
		}
	}
	return progs
}

// generateTools are programs //go:generate lines run that write Go code
// (and what it is generated from), which the build compiles in.
var generateTools = rewrite.WordSet(`stringer mockgen mockery protoc buf sqlc templ swag wire enumer go-enum easyjson msgp
	ffjson go-bindata esc statik packr packr2 fileb0x counterfeiter oapi-codegen ogen gqlgen ent goyacc jsonenums gofmt goimports`)

// unknownGenerator says which //go:generate line of the build context
// runs something other than a known generator of Go code, which go
// generate would run: "" when none does.
func unknownGenerator(ctx *buildctx.Context) string {
	if ctx == nil {
		return "the //go:generate lines of the sources cannot be read"
	}
	for _, d := range generateDirectives(ctx) {
		f := strings.Fields(d.line)
		switch {
		case len(f) == 0:
		case f[0] == "go" && len(f) > 2 && f[1] == "run":
			pkg := ""
			for _, w := range f[2:] {
				if !strings.HasPrefix(w, "-") {
					pkg, _, _ = strings.Cut(w, "@")
					break
				}
			}
			if !knownGenerator(pkg) {
				return d.file + " has //go:generate " + d.line
			}
		case f[0] == "go" && len(f) > 2 && f[1] == "tool" && generateTools.Has(path.Base(f[2])):
		case f[0] != "go" && generateTools.Has(path.Base(f[0])):
		default:
			return d.file + " has //go:generate " + d.line
		}
	}
	return ""
}

// generateDirective is a //go:generate line: its command, and its file.
type generateDirective struct{ file, line string }

// generateDirectives are the //go:generate lines of the build context's
// Go sources, vendored code and test data left out; read once.
func generateDirectives(ctx *buildctx.Context) []generateDirective {
	if ctx == nil {
		return nil
	}
	v := ctx.Memo(generateKey{}, func() any {
		var out []generateDirective
		_ = ctx.Walk(".", func(p string, isDir bool) error {
			switch base := path.Base(p); {
			case isDir && (base == "vendor" || base == "node_modules" || base == "testdata" || strings.HasPrefix(base, ".")):
				return fs.SkipDir
			case isDir || !strings.HasSuffix(p, ".go"):
				return nil
			}
			data, err := ctx.ReadFile(p)
			if err != nil {
				return nil
			}
			for _, line := range strings.Split(string(data), "\n") {
				if rest, ok := strings.CutPrefix(line, "//go:generate "); ok {
					out = append(out, generateDirective{p, strings.TrimSpace(rest)})
				}
			}
			return nil
		})
		return out
	})
	return v.([]generateDirective)
}

// generateKey memoizes generateDirectives in its context.
type generateKey struct{}

func parseGoCall(tc rewrite.ToolCall) (goInvocation, error) {
	c, in := tc.Call, tc.In
	inv := goInvocation{in: in, script: tc.Script, call: c, install: c.Args[1] == "install", flags: map[string]string{}}
	if err := tc.Decidable(); err != nil {
		return inv, err
	}
	i := 2
	for ; i < len(c.Args); i++ {
		a := c.Args[i]
		if !c.Known[i] {
			// -ldflags=-X=main.version=${VERSION}: a value msrewrite need
			// not know, when the flag is one that leaves the output alone.
			name, _, hasVal := strings.Cut(strings.TrimLeft(c.Prefixes[i], "-"), "=")
			if !strings.HasPrefix(c.Prefixes[i], "-") || !hasVal || !goOpaqueFlags.Has(name) {
				return inv, rewrite.Skipf(in.Line(), "cannot evaluate an argument of go %s", c.Args[1])
			}
			inv.flags[name] = unknownValue
			continue
		}
		if a == "--" {
			i++
			break
		}
		if !strings.HasPrefix(a, "-") {
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if goValueFlags.Has(name) && !hasVal {
			switch {
			case i+1 >= len(c.Args):
				return inv, rewrite.Skipf(in.Line(), "-%s has no value", name)
			case !c.Known[i+1] && !goOpaqueFlags.Has(name):
				return inv, rewrite.Skipf(in.Line(), "cannot evaluate the value of -%s", name)
			case !c.Known[i+1]:
				val = unknownValue
			default:
				val = c.Args[i+1]
			}
			i++
		} else if !hasVal {
			val = "true"
		}
		inv.flags[name] = val
	}
	for ; i < len(c.Args); i++ {
		if !c.Known[i] {
			return inv, rewrite.Skipf(in.Line(), "cannot evaluate a package of go %s", c.Args[1])
		}
		inv.pkgs = append(inv.pkgs, c.Args[i])
	}
	if len(inv.pkgs) == 0 {
		inv.pkgs = []string{"."}
	}
	// GOFLAGS gives flags the command line did not (go help environment).
	if v, set, known := c.Getenv("GOFLAGS"); set && !known {
		return inv, rewrite.Skipf(in.Line(), "GOFLAGS comes from a value that cannot be known")
	} else if set {
		for _, f := range strings.Fields(v) {
			name, val, hasVal := strings.Cut(strings.TrimLeft(f, "-"), "=")
			if !hasVal {
				val = "true"
			}
			if _, given := inv.flags[name]; !given {
				inv.flags[name] = val
			}
		}
	}
	inv.dir = c.Dir
	if d, ok := inv.flags["C"]; ok {
		inv.dir = shell.Resolve(inv.dir, d)
	}
	switch inv.flags["buildmode"] {
	case "", "default", "exe", "pie":
	default:
		return inv, rewrite.Skipf(in.Line(), "-buildmode=%s does not build a program", inv.flags["buildmode"])
	}
	if inv.flags["linkshared"] != "" {
		return inv, rewrite.Skipf(in.Line(), "-linkshared binaries need the toolchain's shared libraries at run time")
	}
	if inv.flags["asan"] == "true" {
		// gcc links its sanitizer's library (libasan) dynamically.
		return inv, rewrite.Skipf(in.Line(), "-asan links the address sanitizer's library of the builder's C compiler, which the slim runtime images lack")
	}
	return inv, nil
}

// goModule is what the build context says: the module path, where its root
// lands in the image, and whether the code needs cgo.
type goModule struct {
	module string // "" when unknown
	root   string // module root in the image, "" when unknown
	// needsCgo says why the program cannot be built with cgo off, "" when
	// nothing in the context says it needs cgo.
	needsCgo string
	// loadsByName says which source opens a shared library by its
	// unversioned name, "" for none (goPackages.loadsByName).
	loadsByName string
	// gomod is go.mod's text.
	gomod []byte
	// replaced maps each module go.mod replaces with a folder of the
	// context (`replace example.com/lib => ./lib`) to that folder.
	replaced map[string]string
}

// requiresCgo names the first of go.mod's requirements that needs cgo
// and why, "" for none. A requirement is a module: it
// matches a row that is the module or a folder above it (glfw's
// github.com/go-gl/glfw/v3.3/glfw), not one of its packages (requiring
// github.com/google/gopacket says nothing of its pcap package).
func (m goModule) requiresCgo() string {
	// Most go.mod files name none of the rows: a scan spares the parse.
	named := false
	for row := range cgoModules {
		if named = bytes.Contains(m.gomod, []byte(row)); named {
			break
		}
	}
	if !named {
		return ""
	}
	mf, err := modfile.ParseLax("go.mod", m.gomod, nil)
	if err != nil {
		return ""
	}
	for _, r := range mf.Require {
		if row := cgoModule(r.Mod.Path); row != "" && !cgoModulesImported.Has(row) {
			return r.Mod.Path + ", which needs cgo: " + row + " " + cgoModules[row]
		}
	}
	return ""
}

// cgoModule is the entry of cgoModules an import path is in (the longest
// that matches), "" for none.
func cgoModule(importPath string) string {
	found := ""
	for m := range cgoModules {
		if (importPath == m || strings.HasPrefix(importPath, m+"/")) && len(m) > len(found) {
			found = m
		}
	}
	return found
}

// cgoModules are import paths (a module, or a package of one) that need
// cgo: built with CGO_ENABLED=0 they either fail to compile or compile a
// stub that fails at run time. Each with why. The rows the Go module
// proxy serves are checked against it (cgomodules_test.go, build tag
// goproxy): each brings a package with cgo files to a linux/amd64 build.
var cgoModules = map[string]string{
	"plugin":                                 "loads plugins through the C library's dynamic loader; without cgo plugin.Open fails (plugin: not implemented)",
	"github.com/mattn/go-sqlite3":            "binds SQLite's C library; without cgo it builds a stub that fails on first use",
	"gorm.io/driver/sqlite":                  "GORM's SQLite driver is github.com/mattn/go-sqlite3",
	"github.com/jinzhu/gorm/dialects/sqlite": "GORM v1's SQLite dialect is github.com/mattn/go-sqlite3",
	"github.com/golang-migrate/migrate/v4/database/sqlite3": "migrate's sqlite3 driver is github.com/mattn/go-sqlite3",
	"github.com/mutecomm/go-sqlcipher":                      "binds SQLCipher's C code",
	"crawshaw.io/sqlite":                                    "binds SQLite's C code",
	"github.com/confluentinc/confluent-kafka-go":            "binds librdkafka",
	"github.com/confluentinc/confluent-kafka-go/v2":         "binds librdkafka",
	"github.com/DataDog/zstd":                               "binds zstd's C code",
	"github.com/tecbot/gorocksdb":                           "binds RocksDB",
	"github.com/linxGnu/grocksdb":                           "binds RocksDB",
	"gopkg.in/gographics/imagick.v2":                        "binds ImageMagick's MagickWand",
	"gopkg.in/gographics/imagick.v3":                        "binds ImageMagick's MagickWand",
	"github.com/h2non/bimg":                                 "binds libvips",
	"github.com/davidbyttow/govips":                         "binds libvips",
	"gocv.io/x/gocv":                                        "binds OpenCV",
	"github.com/google/gopacket/pcap":                       "binds libpcap",
	"github.com/gopacket/gopacket/pcap":                     "binds libpcap",
	"github.com/miekg/pkcs11":                               "loads PKCS#11 modules through C",
	"github.com/mattn/go-oci8":                              "binds Oracle's OCI",
	"github.com/godror/godror":                              "binds Oracle's ODPI-C",
	"github.com/ibmdb/go_ibm_db":                            "binds IBM's CLI driver",
	"github.com/libgit2/git2go":                             "binds libgit2",
	"github.com/pebbe/zmq4":                                 "binds libzmq",
	"github.com/go-gl/glfw":                                 "binds GLFW: compiling it needs cgo",
	"github.com/go-gl/gl":                                   "binds OpenGL: compiling it needs cgo",
	"fyne.io/fyne":                                          "draws through go-gl/glfw, which needs cgo",
	"fyne.io/fyne/v2":                                       "draws through go-gl/glfw, which needs cgo",
	"github.com/veandco/go-sdl2":                            "binds SDL2",
	"github.com/gotk3/gotk3":                                "binds GTK 3",
	"github.com/mattn/go-gtk":                               "binds GTK 2",
	"github.com/andlabs/ui":                                 "binds libui",
	"github.com/getlantern/systray":                         "binds GTK and libappindicator on Linux",
	"github.com/go-vgo/robotgo":                             "binds X11 and libpng",
	"github.com/hajimehoshi/ebiten/v2":                      "uses GLFW through cgo on Linux",
	"gioui.org":                                             "uses X11, Wayland and EGL through cgo on Linux",
	"github.com/karalabe/hid":                               "binds hidapi",
	"github.com/marcboeker/go-duckdb":                       "binds DuckDB's C++ library",
	"github.com/duckdb/duckdb-go":                           "binds DuckDB's C++ library",
	"github.com/otiai10/gosseract":                          "binds Tesseract and Leptonica",
	"github.com/gen2brain/go-fitz":                          "links MuPDF through cgo; without cgo it loads libmupdf at run time, which a slim image lacks",
	"github.com/chai2010/webp":                              "binds libwebp's C code",
	"github.com/valyala/gozstd":                             "binds zstd's C code",
	"github.com/jmhodges/levigo":                            "binds LevelDB",
	"github.com/hraban/opus":                                "binds libopus",
	"layeh.com/gopus":                                       "binds libopus",
	"github.com/gordonklaus/portaudio":                      "binds PortAudio",
	"github.com/gen2brain/malgo":                            "binds miniaudio's C code",
	"github.com/hajimehoshi/oto":                            "plays sound through ALSA with cgo on Linux",
	"github.com/ebitengine/oto":                             "plays sound through ALSA with cgo on Linux",
	"github.com/faiface/beep/speaker":                       "plays through github.com/hajimehoshi/oto, which needs cgo on Linux",
	"github.com/gopxl/beep/v2/speaker":                      "plays through github.com/ebitengine/oto/v3, which needs cgo on Linux",
	"github.com/seccomp/libseccomp-golang":                  "binds libseccomp",
	"github.com/aquasecurity/libbpfgo":                      "binds libbpf",
	"github.com/coreos/go-systemd/sdjournal":                "reads the journal through libsystemd, loaded with cgo",
	"github.com/coreos/go-systemd/v22/sdjournal":            "reads the journal through libsystemd, loaded with cgo",
	"github.com/alexbrainman/odbc":                          "binds unixODBC",
	"github.com/yalue/onnxruntime_go":                       "binds ONNX Runtime",
	"github.com/daulet/tokenizers":                          "binds a Rust library through cgo",
	"golang.design/x/clipboard":                             "uses X11 through cgo on Linux; without cgo it builds a stub that fails on first use",
	"github.com/sqweek/dialog":                              "binds GTK 3 on Linux",
	"github.com/DataDog/go-libddwaf":                        "is Datadog's WAF: with cgo off (and no appsec build tag) dd-trace-go runs without the AppSec that DD_APPSEC_ENABLED turns on",
	"github.com/ebitengine/purego":                          "opens C libraries through the C library's loader: even with cgo off the binary is dynamic and asks for glibc's, which alpine lacks",
}

// cgoModulesImported are rows that count only when a package built
// imports them: many modules require them for a build they make
// optional (dd-trace-go's WAF uses purego only with cgo or the appsec
// tag), so a go.mod naming them says nothing.
var cgoModulesImported = rewrite.WordSet("github.com/ebitengine/purego")

func readGoModule(st *rewrite.Stage, ctx *buildctx.Context) goModule {
	var c goModule
	if ctx == nil {
		return c
	}
	data, err := ctx.ReadFile("go.mod")
	if err != nil {
		return c // not a module's root: the sources, if any, are not in view
	}
	// The module path alone: modfile's full parse compiles regular
	// expressions, a cost every run would pay for what goModule.requiresCgo
	// needs only when the packages cannot be read.
	if c.module = modfile.ModulePath(data); c.module == "" {
		return c
	}
	c.gomod = data
	if bytes.Contains(data, []byte("replace")) {
		c.replaced = localReplaces(data, ".")
	}
	// The module root in the image is where `COPY . DEST` or `COPY go.mod DEST` put it.
	c.root = contextRoot(st, "go.mod")
	return c
}

// localReplaces reads the replace directives of the go.mod in dir (a
// context folder) that point to a folder of the context: their packages
// are sources in view. (ParseLax skips replace directives, so the strict
// parse is used; it is paid only by a go.mod that has some.)
func localReplaces(gomod []byte, dir string) map[string]string {
	mf, err := modfile.Parse("go.mod", gomod, nil)
	if err != nil {
		return nil
	}
	var out map[string]string
	for _, r := range mf.Replace {
		p := r.New.Path
		if r.New.Version != "" || !strings.HasPrefix(p, "./") && !strings.HasPrefix(p, "../") {
			continue
		}
		// A folder that leaves the context is not in view.
		if target := path.Join(dir, p); target != ".." && !strings.HasPrefix(target, "../") {
			if out == nil {
				out = map[string]string{}
			}
			out[r.Old.Path] = target
		}
	}
	return out
}

// execName is the binary name go gives a package's import path: its last
// element, or the one before a major-version suffix such as /v2.
func execName(importPath string) string {
	importPath = strings.TrimSuffix(importPath, "/")
	dir, elem := path.Split(importPath)
	if dir != "" && isMajorVersion(elem) {
		_, elem = path.Split(strings.TrimSuffix(dir, "/"))
	}
	return elem
}

func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] == '0' || s == "v1" {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// pkgName decides the binary name of one package argument, "" if it cannot.
func pkgName(pkg, dir string, ctx goModule) (string, string) {
	if strings.HasSuffix(pkg, ".go") {
		return strings.TrimSuffix(path.Base(pkg), ".go"), "named after the first .go file"
	}
	if pkg == "." || pkg == ".." || strings.HasPrefix(pkg, "./") || strings.HasPrefix(pkg, "../") || path.IsAbs(pkg) {
		abs := shell.Resolve(dir, pkg)
		if ctx.root != "" && ctx.module != "" {
			if abs == ctx.root {
				return execName(ctx.module), "named after the module path " + ctx.module + " in go.mod"
			}
			if strings.HasPrefix(abs, ctx.root+"/") {
				return execName(ctx.module + abs[len(ctx.root):]), "named after its package path"
			}
		}
		if pkg != "." && pkg != ".." {
			// A sub-folder's import path ends in the folder's name.
			return execName(pkg), "named after its package folder"
		}
		return "", ""
	}
	pkg, _, _ = strings.Cut(pkg, "@")
	return execName(pkg), "named after its import path"
}

func goArtifacts(b *rewrite.Build, st *rewrite.Stage, inv goInvocation, ctx goModule, knownDirs map[string]bool) error {
	line := inv.in.Line()
	verb := "go build"
	if inv.install {
		verb = "go install"
	}
	many := len(inv.pkgs) > 1
	for _, pkg := range inv.pkgs {
		if strings.Contains(pkg, "...") {
			many = true
		}
	}
	if strings.HasSuffix(inv.pkgs[0], ".go") {
		many = false
	}
	if inv.install {
		if _, ok, _ := inv.call.Getenv("GOARCH"); ok {
			return rewrite.Skipf(line, "go install with GOARCH set writes to a folder that depends on the build machine")
		}
		if goos, ok, _ := inv.call.Getenv("GOOS"); ok && goos != "linux" {
			return rewrite.Skipf(line, "go install for GOOS=%s does not build a program for this container", goos)
		}
		binDir, _, binKnown := inv.call.Getenv("GOBIN")
		if binDir == "" {
			gopath, _, pathKnown := inv.call.Getenv("GOPATH")
			if gopath == "" || !pathKnown || !binKnown {
				return rewrite.Skipf(line, "cannot tell GOPATH for go install")
			}
			binDir = path.Join(strings.Split(gopath, ":")[0], "bin")
		}
		if !path.IsAbs(binDir) {
			return rewrite.Skipf(line, "go install needs an absolute GOBIN or GOPATH, not %q", binDir)
		}
		if many && rewrite.IsSystemDir(binDir) {
			// The base image fills that folder too: copying it would put
			// the builder's own programs (built for its libc) over the
			// runtime's.
			return rewrite.Skipf(line, "%s of several packages into %s, a folder the base image fills too: cannot tell which programs are the build's (install one package, or set GOBIN to a folder of its own)", verb, binDir)
		}
		if many {
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: binDir, Dir: true, Line: line, How: verb + " of several packages writes them all to " + binDir})
			return nil
		}
		name, how := pkgName(inv.pkgs[0], inv.dir, ctx)
		if name == "" {
			b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: binDir, Line: line, What: verb})
			return nil
		}
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: path.Join(binDir, name), Line: line, How: verb + " writes to " + binDir + ", " + how})
		return nil
	}
	out, hasOut := inv.flags["o"]
	if hasOut && out == "/dev/null" {
		return nil
	}
	if many {
		if hasOut && strings.HasSuffix(out, "/") {
			dir := shell.Resolve(inv.dir, out)
			if dir == inv.dir || strings.HasPrefix(inv.dir, dir+"/") || dir == "/" {
				return rewrite.Skipf(line, "go build -o %s writes into the source folder: the binaries cannot be told apart", out)
			}
			if arts, ok := namedPrograms(inv, ctx, dir, line); ok && rewrite.IsSystemDir(dir) {
				// The base image fills that folder too: each program by
				// its name, where each package is named.
				b.Artifacts = append(b.Artifacts, arts...)
				return nil
			}
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: dir, Dir: true, Line: line, How: "go build -o " + out + " writes every program into that folder"})
			return nil
		}
		if abs := shell.Resolve(inv.dir, out); hasOut && !knownDirs[abs] && len(inv.pkgs) == 1 {
			// go build refuses to write several packages to a file, so
			// if the build works the pattern is one package, built there.
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: abs, Line: line, How: "go build -o " + out + " of " + inv.pkgs[0] + ", which the go command builds only when it is one package"})
			return nil
		}
		if hasOut {
			return rewrite.Skipf(line, "go build -o %s of several packages: cannot tell which binary it writes", out)
		}
		// Several packages and no -o: go build compiles and discards them.
		return nil
	}
	if hasOut {
		abs := shell.Resolve(inv.dir, out)
		if !strings.HasSuffix(out, "/") && !knownDirs[abs] {
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: abs, Line: line, How: "go build -o " + out})
			return nil
		}
		name, how := pkgName(inv.pkgs[0], inv.dir, ctx)
		if name == "" {
			b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: abs, Line: line, What: verb + " -o " + out})
			return nil
		}
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: path.Join(abs, name), Line: line, How: "go build -o " + out + " (a folder), " + how})
		return nil
	}
	name, how := pkgName(inv.pkgs[0], inv.dir, ctx)
	if name == "" {
		b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: inv.dir, Line: line, What: verb + " without -o"})
		return nil
	}
	b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: path.Join(inv.dir, name), Line: line, How: "go build writes to its working folder, " + how})
	return nil
}

// cgoOf tells how a call sets cgo: "1", "0", or "" for the image default.
func cgoOf(inv goInvocation) (string, bool) {
	v, set, known := inv.call.Getenv("CGO_ENABLED")
	if !known {
		return "", false
	}
	if !set {
		if inv.flags["race"] == "true" || inv.flags["msan"] == "true" || inv.flags["asan"] == "true" || externalLink(inv.flags["ldflags"]) {
			return "1", true // these need cgo
		}
		return "", true
	}
	if v == "0" {
		return "0", true
	}
	return "1", true
}

// externalLink tells whether a -ldflags value asks for the external
// linker (-linkmode external, -linkmode=external), which the go command
// refuses with cgo off; with -extldflags -static it is how a cgo program
// is linked static.
func externalLink(ldflags string) bool {
	words := strings.Fields(ldflags)
	for i, w := range words {
		name, val, hasVal := strings.Cut(strings.TrimLeft(w, "-"), "=")
		if name != "linkmode" || !strings.HasPrefix(w, "-") {
			continue
		}
		if !hasVal && i+1 < len(words) {
			val = words[i+1]
		}
		if strings.Trim(val, `'"`) == "external" {
			return true
		}
	}
	return false
}

// goRuntime chooses the runtime image and turns cgo off where it would
// link the builder's libc into a binary the runtime cannot start: an edit
// for the go commands of the file, and true in cgoOff for an added build
// (goRun), whose line is written after.
func goRuntime(b *rewrite.Build, st *rewrite.Stage, p *rewrite.Pass, invs []goInvocation, ctx goModule) (cgoOff []bool, err error) {
	builder := st.BaseImage
	cgoOff = make([]bool, len(invs))
	cgo := make([]string, len(invs))
	explicitOn := false
	maybe := false // cgo's value cannot be known, and is taken as on
	// A position-independent executable asks for the C library's loader
	// (/lib64/ld-linux-x86-64.so.2 on glibc) even with cgo off: alpine
	// and scratch cannot start it.
	pie := ""
	for _, inv := range invs {
		if inv.flags["buildmode"] == "pie" && builder.Libc == rewrite.Glibc && pie == "" {
			pie = "-buildmode=pie on line " + strconv.Itoa(inv.in.Line())
		}
	}
	for i, inv := range invs {
		v, ok := cgoOf(inv)
		if !ok {
			// export CGO_ENABLED=1 in an if's branch: on or off, the
			// binary starts on the builder's libc.
			if builder.Libc != rewrite.Glibc && builder.Libc != rewrite.Musl {
				return nil, rewrite.Skipf(inv.in.Line(), "CGO_ENABLED comes from a value that cannot be known")
			}
			p.Notef(inv.in.Line(), "cgo may be on: CGO_ENABLED comes from a value that cannot be known")
			v, maybe = "1", true
		}
		if v == "" && ctx.needsCgo != "" && builder.Libc == rewrite.Glibc {
			p.Notef(inv.in.Line(), "cgo stays on: %s", ctx.needsCgo)
			v = "1"
		}
		if v == "" && inv.call.Sudo && builder.Libc == rewrite.Glibc {
			// CGO_ENABLED=0 in front of sudo, or in ENV, would not
			// reach a go that sudo runs in an environment of its own.
			p.Notef(inv.in.Line(), "cgo stays on: %s runs under sudo, which resets the environment, so CGO_ENABLED=0 would not reach it", inv.call.Summary())
			v = "1"
		}
		cgo[i] = v
		if v == "1" {
			explicitOn = true
		}
	}
	libsFor := librariesFor(st, p, func(*buildctx.Context) string { return ctx.loadsByName })
	// nodejs installed only for a front end's npm build stays behind.
	var buildOnly []string
	if pkg := nodeForAssets(st, p, b.Programs); pkg != "" {
		buildOnly = append(buildOnly, pkg)
		b.BuildPackages = append(b.BuildPackages, pkg)
	}
	var runtime rewrite.Image
	switch {
	case p.Options.RuntimeFor(p.Toolchain.Name) != "":
		runtime = rewrite.LookupImage(p.Options.RuntimeFor(p.Toolchain.Name))
		b.Why = chosenByUser
		if (explicitOn || pie != "") && (runtime.Libc == "" || runtime.Libc != builder.Libc) {
			what := runtime.Libc
			if what == "" {
				what = "an unknown libc"
			}
			if !explicitOn {
				return nil, rewrite.Skipf(st.From.Line(), "%s builds a binary that asks for %s's loader; %s has %s", pie, builder.Libc, runtime.Ref, what)
			}
			on := "cgo is on"
			if maybe {
				on = "cgo may be on (CGO_ENABLED comes from a value that cannot be known)"
			}
			return nil, rewrite.Skipf(st.From.Line(), "%s, so the binary links %s; %s has %s", on, builder.Libc, runtime.Ref, what)
		}
	case builder.Libc == rewrite.Musl:
		runtime = rewrite.LookupImage(rewrite.AlpineRuntime(builder.Release))
		b.Why = builder.Ref + " is alpine-based: the binary runs on alpine's musl"
		libs, err := libsFor(runtime, "the program", buildOnly...)
		if err != nil {
			return nil, err
		}
		if dev := linkedDev(st, libs, explicitOn, minorAtLeast(builder.Env["GOLANG_VERSION"], 21)); dev != "" && builder.Release == "" {
			return nil, rewrite.Skipf(st.From.Line(), "%s does not name its alpine release, and cgo may link the binary against %s, whose library file names change between releases: %s may not have them; name the release in the tag (%s3.NN)", builder.Ref, dev, runtime.Ref, builder.Ref)
		}
		b.Libraries = libs
	case explicitOn || pie != "":
		if !st.BaseKnown {
			return nil, rewrite.Skipf(st.From.Line(), "cgo is on, and the builder's Debian release depends on a build argument without default")
		}
		runtime = rewrite.LookupImage(rewrite.GlibcRuntime(builder))
		libs, err := libsFor(runtime, "the cgo binary", buildOnly...)
		if err != nil {
			return nil, err
		}
		if err := sameOnEvery(st, builder, libs, releasesUnsure(builder)...); err != nil {
			return nil, err
		}
		b.Libraries = libs
		b.Why = "cgo is on, so the binary links glibc: the runtime is the builder's Debian release (" + builder.Release + "), slim"
		if maybe {
			b.Why = "cgo may be on, and then the binary links glibc: the runtime is the builder's Debian release (" + builder.Release + "), slim"
		}
		if !explicitOn {
			b.Why = pie + " builds a binary that asks for glibc's loader, even with cgo off: the runtime is the builder's Debian release (" + builder.Release + "), slim"
		}
	default:
		runtime = rewrite.LookupImage(rewrite.Alpine)
		b.Why = "a static Go binary needs no libc: alpine is small and has a shell and CA certificates"
		// Programs the binary runs that alpine lacks and the builder's
		// Debian has, or packages the build installed: the builder's slim
		// image runs and installs them as the builder did.
		pkgs, _ := st.RuntimeLibraries()
		pkgs = slices.DeleteFunc(pkgs, func(p string) bool { return slices.Contains(buildOnly, p) })
		missing := lacks(st, runtime, b.Programs)
		downloaded, ran := "", false
		if builder.Libc == rewrite.Glibc {
			downloaded, ran = downloadRun(st, p.Options.Context, b.Programs)
		}
		if builder.Libc == rewrite.Glibc && st.BaseKnown && builder.Release != "" {
			slim := rewrite.LookupImage(rewrite.GlibcRuntime(builder))
			needs := ""
			if missing == "" && downloaded == "" && len(pkgs) == 0 {
				// The scripts are read only when nothing else chose the
				// slim image already.
				needs = needsBeyond(st, p.Options.Context, b, runtime, slim)
			}
			if (missing != "" || downloaded != "" || needs != "" || len(pkgs) > 0) && lacks(st, slim, b.Programs) == "" {
				libs, err := libsFor(slim, "the program", buildOnly...)
				if err != nil {
					return nil, err
				}
				if err := sameOnEvery(st, builder, libs, releasesUnsure(builder)...); err != nil {
					return nil, err
				}
				runtime, b.Libraries = slim, libs
				switch {
				case missing != "":
					b.Why = "the program runs " + missing + ", which alpine lacks and the builder's " + builder.Release + " has: the runtime is its slim image"
				case ran:
					// Fetched for the builder's distribution: it may be
					// linked against its glibc.
					b.Why = "the container runs " + downloaded + ", which the build downloaded for the builder's " + builder.Release + " and may need its glibc: the runtime is its slim image"
				case downloaded != "":
					b.Why = "the build downloads " + downloaded + " for the builder's " + builder.Release + " as a program (onto PATH, or made executable), to be run (docker exec, a command that replaces CMD, a probe), and it may need its glibc: the runtime is its slim image"
				case needs != "":
					b.Why = "the container runs " + needs + "; the builder's " + builder.Release + " has it: the runtime is its slim image"
				default:
					b.Why = "the build installs " + strings.Join(pkgs, ", ") + " with apt, which the program may run, load or read: the runtime is the builder's " + builder.Release + ", slim, which installs them again"
				}
			}
		}
	}
	b.Runtime = runtime.Ref
	if runtime.Libc == builder.Libc && runtime.Libc != rewrite.NoLibc {
		return cgoOff, nil
	}
	// The runtime has another libc than the builder: every binary built with
	// cgo left at the image's default must be built static.
	for i, inv := range invs {
		if cgo[i] != "" {
			continue
		}
		what := "the builder's " + builder.Libc
		why := builder.Ref + " has a C compiler, so cgo would be on"
		if builder.Family != "golang" {
			why = "Go on " + builder.Ref + " turns cgo on where a C compiler is installed,"
		}
		p.Notef(inv.in.Line(), "CGO_ENABLED=0 added: %s and the binary would need %s, which %s lacks", why, what, runtime.Ref)
		if cgoOff[i] = true; inv.run == nil {
			b.Edits = append(b.Edits, cgoEdit(st, inv))
		}
	}
	return cgoOff, nil
}

// linkedDev is the first development package among the libraries an
// alpine build installs that a cgo binary may link ("" for none): cgo is
// on where asked, or where the build installs a C compiler.
func linkedDev(st *rewrite.Stage, libs []rewrite.Library, cgoOn, recent bool) string {
	compiler := cgoOn
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			compiler = compiler || p == "gcc" || p == "build-base" || p == "clang" || p == "musl-dev"
		}
	}
	if !compiler {
		return ""
	}
	return renamedLibrary(libs, recent)
}

// renamedLibrary is the first development package among the libraries a
// binary built on alpine may link whose library file may be named
// otherwise on another alpine release ("" for none): each one but those
// of stableSonames, and those too when the builder may predate them
// (recent false).
func renamedLibrary(libs []rewrite.Library, recent bool) string {
	for _, lib := range libs {
		if strings.HasSuffix(lib.Dev, "-dev") && !headersOnly.Has(lib.Dev) && (!recent || !stableSonames.Has(lib.Package)) {
			return lib.Dev
		}
	}
	return ""
}

// minorAtLeast tells whether a version of the 1.x line (Go's 1.22.5,
// Rust's 1.75.0) is 1.min or later; false when it cannot be read.
func minorAtLeast(version string, min int) bool {
	v, ok := versionParts(version)
	return ok && len(v) >= 2 && v[0] == 1 && v[1] >= min
}

// headersOnly are alpine development packages that bring no library.
var headersOnly = rewrite.WordSet(`musl-dev linux-headers`)

// stableSonames are the alpine library packages whose libraries kept
// their file names through the releases the golang images have been built
// on since Go 1.21 (alpine 3.18 on; 3.17 moved to OpenSSL 3), and the rust
// images since Rust 1.70 (alpine 3.17 and 3.18): libsqlite3.so.0,
// libssl.so.3, libz.so.1, libpq.so.5, librdkafka.so.1, libcurl.so.4
// (curl's since 7.16, in 2006). They are named as the runtime stage
// installs them, which is the same whether the build installed the
// development package or a crate or -l flag needs the library.
var stableSonames = rewrite.WordSet(`sqlite-libs libssl3 zlib libpq librdkafka libcurl`)

// lacks names the programs (run by name) an image does not have and the
// builder has, with where the source runs them; "" for none.
func lacks(st *rewrite.Stage, img rewrite.Image, programs []rewrite.Exec) string {
	// On the builder's own distribution and release, the runtime stage
	// installs the build's packages again: what they bring is there.
	again := func(name string) bool {
		pkg := installedPackage(st, name)
		return pkg != "" && rewrite.SameDistribution(st.BaseImage, img) && !rewrite.IsBuildTool(pkg)
	}
	var missing, seen []string
	for _, p := range programs {
		if !strings.Contains(p.Name, "/") && !img.Programs.Has(p.Name) && !again(p.Name) && !slices.Contains(seen, p.Name) && (p.Required || builderHas(st, p.Name)) {
			seen = append(seen, p.Name)
			missing = append(missing, p.Name+" ("+p.Why+")")
		}
	}
	return strings.Join(missing, ", ")
}

// systemBins are the folders of a Debian image's programs; PATH has
// /usr/local/bin and /go/bin before them.
var systemBins = rewrite.WordSet(`/usr/bin /bin /usr/sbin /sbin`)

// artifactAnswers tells whether name, run by the container's PATH, is an
// artifact rather than the system's program of that name.
func artifactAnswers(st *rewrite.Stage, b *rewrite.Build, name string) bool {
	isArtifact := func(p string) bool { return artifactBy(b, p, math.MaxInt) }
	exe := rewrite.LookPath(name, "", finalPath(st), func(p string) bool { return isArtifact(p) || systemBins.Has(path.Dir(p)) })
	return exe != "" && isArtifact(exe)
}

// needsBeyond is the first command the container's command line and the
// build context's scripts it runs give (or the program runs, b.Programs)
// that the builder has, that the runtime image img (alpine) can neither
// run nor install, and that other (the builder's slim image) has or
// installs: a program with no alpine package, or an option busybox lacks
// that no alpine package gives (hostname -I); "" for none. The
// toolchain's own (go run) is the build's to replace, and a name an
// artifact answers to on PATH (go build -o /usr/local/bin/sum, before
// coreutils' /usr/bin/sum) is the artifact.
func needsBeyond(st *rewrite.Stage, ctx *buildctx.Context, b *rewrite.Build, img, other rewrite.Image) string {
	programs := b.Programs
	type command struct {
		words []string
		where string // " (exec.Command in main.go:12)"; "" for a script's
	}
	var commands []command
	for _, e := range programs {
		commands = append(commands, command{append([]string{e.Name}, e.Args...), " (" + e.Why + ")"})
	}
	if prog := st.Program(); prog != nil {
		for _, c := range allCommandCalls(st, prog, ctx) {
			commands = append(commands, command{words: c.words})
		}
	}
	for _, cmd := range commands {
		words := cmd.words
		if len(words) == 0 || words[0] == "" || strings.Contains(words[0], "/") || shellBuiltins[words[0]] {
			continue
		}
		name := words[0]
		if !builderHas(st, name) || st.BaseImage.Toolchain.Has(name) || !other.Programs.Has(name) && rewrite.ProgramPackage(other, name) == "" || artifactAnswers(st, b, name) {
			continue
		}
		if !img.Programs.Has(name) {
			if rewrite.ProgramPackage(img, name) == "" {
				return name + cmd.where + ", which " + img.Ref + " lacks and msrewrite knows no package of it to install there"
			}
			continue
		}
		if pkg, option := rewrite.BusyboxLacks(words); pkg == "" && option != "" {
			return name + " " + option + cmd.where + ", which busybox's " + name + " on " + img.Ref + " does not take, and no alpine package is known to"
		}
	}
	return ""
}

// cgoEdit turns cgo off for one go call: a prefix assignment where the call
// sits in the RUN's own text, a variable on make's command line for one
// a make recipe runs (it wins over the Makefile's own and reaches every
// recipe: make was read with none of its go calls asking for cgo), else
// an ENV line before the RUN.
func cgoEdit(st *rewrite.Stage, inv goInvocation) dockerfile.Edit {
	if inv.script != nil && inv.script.Logical != nil && inv.call.Offset >= 0 {
		off := inv.script.Logical.SourceOffset(inv.script.Start + inv.call.Offset)
		return dockerfile.Insert(off, "CGO_ENABLED=0 ")
	}
	if inv.script != nil && inv.script.Logical != nil && inv.call.End >= 0 {
		off := inv.script.Logical.SourceOffset(inv.script.Start + inv.call.End)
		return dockerfile.Insert(off, " CGO_ENABLED=0")
	}
	return dockerfile.Insert(st.Doc.Offset(inv.in.CommentStart), st.Doc.Keyword("ENV")+" CGO_ENABLED=0"+st.Doc.Newline)
}

func init() {
	register(Go, rewrite.ImageFamily{Repo: "golang", Describe: describeGolang})
}

// goMimeTypes is why a Go program may read /etc/mime.types: the mime
// package knows some types of its own (a dozen before Go 1.25's larger
// table, which still lacks .woff2, .md and .webmanifest) and reads the
// rest from there, for net/http's file serving and for
// mime.TypeByExtension, which upload code and libraries (an S3 client
// typing what it puts) call. Without it such a file is served or stored
// untyped or sniffed: Caddy's, rclone's and filebrowser's images install
// mailcap for that. The packages of other modules are not read, so
// importing one counts (goMimeTypesWhy).
const goMimeTypes = "Go's mime package (net/http's file serving, mime.TypeByExtension) reads /etc/mime.types for the types its own table lacks"

// describeGolang is what the official golang images hold: the toolchain
// in /usr/local/go, GOPATH /go (its bin on PATH), a Debian or alpine base.
func describeGolang(img *rewrite.Image) {
	img.Env = map[string]string{
		"PATH":        "/go/bin:/usr/local/go/bin:" + rewrite.DefaultPath,
		"GOPATH":      "/go",
		"GOTOOLCHAIN": "local",
	}
	img.Workdir = "/go"
	if version := rewrite.LanguageImage(img, goDefaultRelease); version != "" {
		img.Env["GOLANG_VERSION"] = version
	}
	img.Toolchain = "go gofmt"
	if img.Libc == rewrite.Glibc {
		// buildpack-deps' scm layer has media-types: mercurial depends
		// on python3, which depends on it (pkg/rewrite's debianlists
		// test checks it against Debian's lists).
		img.MimeTypes = true
		img.Programs = img.Programs.With(rewrite.BuildpackDepsSCM)
		// The Debian images install a C toolchain for cgo (gcc, g++,
		// libc6-dev, make, pkg-config); alpine's leave it to the user.
		img.Toolchain = img.Toolchain.With(rewrite.CgoToolchain)
	}
}

// goDefaultRelease maps a Go minor version to the Debian release its
// official image is based on when the tag names none: the release of the
// minor's last images. docker-library rebuilds the two supported minors
// when the default moves: stretch until 1.13, buster from 1.14 (Debian
// 10 became the default in February 2020), bullseye with 1.17's release
// (2021-08, for 1.16 too), bookworm in June 2023 for 1.19 and 1.20
// (docker-library/official-images#14857), trixie in August 2025 for 1.24
// and 1.25. Erring newer is safe for the C library (a glibc binary runs
// on a newer one); a library with a release's own package name is not:
// see goReleaseUnsure.
func goDefaultRelease(version string) string {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) >= 2 && parts[0] == "1" {
		if minor, err := strconv.Atoi(parts[1]); err == nil {
			switch {
			case minor <= 13:
				return "stretch"
			case minor <= 15:
				return "buster"
			case minor <= 18:
				return "bullseye"
			case minor <= 23:
				return "bookworm"
			}
		}
	}
	return "trixie"
}

// goReleaseUnsure is the other Debian release a golang image may be
// based on: the minors whose default moved during their life were
// published on the older release first. "" when the tag names the
// release or the minor was published on one.
func goReleaseUnsure(img rewrite.Image) string {
	return otherRelease(img, img.Env["GOLANG_VERSION"], map[string]string{"16": "buster", "19": "bullseye", "20": "bullseye", "24": "bookworm"})
}

// otherRelease looks a language image's 1.MINOR version up in a table of
// the minors published on two Debian releases, unless the tag names one.
func otherRelease(img rewrite.Image, version string, older map[string]string) string {
	parts := strings.SplitN(version, ".", 3)
	if strings.Contains(img.Tag, img.Release) || len(parts) < 2 || parts[0] != "1" {
		return ""
	}
	return older[parts[1]]
}

// distroGo tells whether the stage is the official alpine, debian or
// ubuntu image with Go from the distribution's own packages (apk add go,
// also in a --virtual group the RUN deletes after the build; apt-get
// install golang-go), or debian or ubuntu with Go from its release
// archive: the runtime is of the same distribution and release, as for
// the golang images built on them.
func distroGo(st *rewrite.Stage) bool {
	img := st.BaseImage
	if !img.Known || !st.BaseKnown {
		return false
	}
	var managers []string
	switch img.Repo {
	case "alpine":
		managers = []string{"apk"}
	case "debian", "ubuntu":
		managers = []string{"apt-get", "apt"}
	default:
		return false
	}
	for _, m := range managers {
		calls, err := st.CallsOf(m)
		if err != nil {
			return false
		}
		for _, tc := range calls {
			pkgs, _ := rewrite.InstalledBy(tc.Call)
			if slices.ContainsFunc(pkgs, func(p string) bool { return goPackage(img.Repo, p) }) {
				return true
			}
		}
	}
	// Go's release archive, on a glibc distribution (goarchive.go).
	_, fetched := goArchiveFiles(st)
	return img.Repo != "alpine" && fetched
}

// goPackage tells whether a distribution package is its Go toolchain:
// alpine's go, Debian's and Ubuntu's golang, golang-go, golang-1.N-go.
func goPackage(repo, pkg string) bool {
	if repo == "alpine" {
		return pkg == "go"
	}
	return pkg == "golang" || pkg == "golang-go" || strings.HasPrefix(pkg, "golang-1.") && strings.HasSuffix(pkg, "-go")
}
