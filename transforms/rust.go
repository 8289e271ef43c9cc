package transforms

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
	"github.com/pelletier/go-toml/v2"
)

// Rust detects `cargo build` and `cargo install` in a rust:* builder.
var Rust = rewrite.Toolchain{
	Name:        "rust",
	Doc:         "cargo build / cargo install in a rust image, or with rustup's or the distribution's Rust on debian or ubuntu; glibc runtime of the builder's release, alpine for musl targets",
	Families:    []string{"rust"},
	Tools:       []string{"cargo", "rustc", "rustup"},
	BuildInputs: rustBuildInputs,
	Detect:      detectRust,
}

// rustBuildInputs are the files only the build reads (classify.go).
var rustBuildInputs = []rewrite.FileRule{
	{Name: "*.rs", Why: "a Rust source"}, {Name: "Cargo.toml", Why: "the crate's manifest"}, {Name: "Cargo.lock", Why: "the crate's lockfile"},
	{Name: "rust-toolchain*", Why: "the toolchain's pin"}, {Dir: ".cargo", Why: "cargo's settings"},
	{Dir: "target", Why: "cargo's build output from the host"},
}

var rustBuildOnly = rewrite.WordSet(`CARGO_HOME CARGO_TARGET_DIR CARGO_INSTALL_ROOT CARGO_BUILD_TARGET CARGO_NET_GIT_FETCH_WITH_CLI
	CARGO_REGISTRIES_CRATES_IO_PROTOCOL CARGO_INCREMENTAL CARGO_PROFILE_RELEASE_LTO RUSTFLAGS RUSTDOCFLAGS RUSTUP_HOME
	RUSTUP_TOOLCHAIN RUST_VERSION CC CXX CFLAGS CXXFLAGS LDFLAGS PKG_CONFIG_PATH DEBIAN_FRONTEND`)

// cargoValueFlags are the cargo options that take a value.
var cargoValueFlags = rewrite.WordSet(`--bin -p --package --target --target-dir --manifest-path --features -F --profile -j --jobs
	--root --path --config -Z --color --message-format --example --version --git --branch --tag --rev --index --registry`)

// cargoCall is one `cargo build` or `cargo install`.
type cargoCall struct {
	in      *dockerfile.Instruction
	call    shell.Call
	install bool
	flags   map[string][]string
	args    []string // positional (crate names for install)
	// home is CARGO_HOME's default for the call, the user's ~/.cargo,
	// where the image does not set it (Rust from rustup or packages);
	// "" when unknown.
	home string
}

func (c cargoCall) flag(names ...string) (string, bool) {
	for _, n := range names {
		if v, ok := c.flags[n]; ok && len(v) > 0 {
			return v[len(v)-1], true
		}
	}
	return "", false
}

func detectRust(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.Build, error) {
	found, err := st.CallsOf("cargo", "build", "b", "install")
	if err != nil {
		return nil, err
	}
	var calls []cargoCall
	for _, tc := range found {
		cc, err := parseCargo(tc)
		if err != nil {
			return nil, err
		}
		calls = append(calls, cc)
	}
	var tail string
	if len(calls) == 0 {
		// CMD cargo run with no build before it: the build it stands for.
		cc, run, err := cargoRunBuild(st)
		if cc == nil || err != nil {
			return nil, err
		}
		calls, tail = append(calls, *cc), run
	}
	distro, err := distroRust(st)
	if err != nil {
		return nil, err
	}
	if !distro {
		if err := p.OfficialImage(st, "cargo"); err != nil {
			return nil, err
		}
	} else {
		p.Notef(st.From.Line(), "Rust from rustup's installer or %s's packages: the toolchain stays in the builder, and the binary links its glibc", st.BaseImage.Repo)
		for i := range found { // (none for CMD cargo run alone)
			// Without CARGO_HOME, cargo install writes to ~/.cargo/bin.
			if home := callHome(st, found[i].Index, calls[i].call); home != "" {
				calls[i].home = path.Join(home, ".cargo")
			}
		}
	}
	img := st.BaseImage
	b := &rewrite.Build{BuildOnly: rustBuildOnly.Has}
	if tail != "" {
		b.Tail = []string{st.Doc.Keyword("RUN") + " " + tail}
	}
	ctx := readCargoManifest(st, p.Options.Context)
	musl := img.Libc == rewrite.Musl
	for _, c := range calls {
		target, err := cargoArtifact(b, c, ctx)
		if err != nil {
			return nil, err
		}
		if strings.Contains(target, "musl") {
			musl = true
		} else if img.Libc == rewrite.Glibc {
			musl = false
		}
		b.Steps = append(b.Steps, c.in)
	}
	if err := cargoRunCommand(b, st, ctx, p); err != nil {
		return nil, err
	}
	b.CompiledIn = rustIncluded(p.Options.Context)
	b.Programs = compiledPrograms(p.Options.Context, ".rs")
	var needs []rewrite.Library
	if !musl {
		// The rust image has the development packages: a crate that
		// links one makes the binary load its library.
		local := slices.IndexFunc(calls, func(c cargoCall) bool {
			_, path := c.flag("--path")
			return !c.install || path
		})
		lock := "Cargo.lock"
		if local >= 0 {
			lock = cargoLockOf(st, p.Options.Context, calls[local])
		}
		var locked bool
		needs, locked = rustLibraries(p.Options.Context, lock)
		if local >= 0 && !locked && !strings.Contains(img.Tag, "slim") {
			// Without the lockfile cargo resolves the crates anew: any
			// of them may link OpenSSL (reqwest's default native-tls,
			// git2), libpq or SQLite, which the slim runtime lacks.
			missing := "no COPY brings a Cargo.lock from the build context where cargo builds"
			if p.Options.Context == nil {
				missing = "the build context, which holds Cargo.lock, cannot be seen"
			}
			return nil, rewrite.Skipf(b.Steps[0].Line(), "%s: which crates the build links, and so which system libraries (OpenSSL, libpq, SQLite, ...) the binary loads, cannot be known", missing)
		}
		for _, c := range calls {
			more, err := registryCrateLibraries(c, img)
			if err != nil {
				return nil, err
			}
			needs = append(needs, more...)
		}
	}
	if err := compiledRuntime(b, st, p, musl, false, needs); err != nil {
		return nil, err
	}
	if !musl && p.Options.RuntimeFor(p.Toolchain.Name) == "" {
		if err := sameOnEvery(st, img, b.Libraries, releasesUnsure(img)...); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// distroRust tells whether the stage is the official debian or ubuntu
// image with Rust from rustup's installer (curl https://sh.rustup.rs |
// sh -s -- -y) or from the distribution's cargo and rustc packages: the
// binary links the builder's glibc, and the runtime is of the same
// distribution and release, as for the rust images, which are Debian's.
// (Alpine's cargo links musl and libgcc dynamically: not read.)
func distroRust(st *rewrite.Stage) (bool, error) {
	if !st.BaseKnown || !distroImage(st.BaseImage) {
		return false, nil
	}
	found := false
	for _, inst := range st.Installs() {
		if slices.ContainsFunc(inst.Packages, func(p string) bool { return p == "cargo" || p == "rustc" }) {
			found = true
		}
	}
	for i, c := range st.ReadableCalls() {
		if !installsToolchain(c, "rust") {
			continue
		}
		// The host toolchain decides the binary's libc: the default
		// on Linux is glibc's, which the builder's release has.
		for j, a := range c.Args {
			host, ok := strings.CutPrefix(a, "--default-host=")
			if a == "--default-host" && j+1 < len(c.Args) {
				host, ok = c.Args[j+1], c.Known[j+1]
			}
			if (ok || a == "--default-host") && !strings.HasSuffix(host, "-unknown-linux-gnu") {
				return false, rewrite.Skipf(st.Body[i].Line(), "rustup's installer is run with --default-host %s: which libc the binary links cannot be told", host)
			}
		}
		found = true
	}
	return found, nil
}

// rustInclude finds include_str!, include_bytes! and include_dir! with a
// literal path, alone or after env!("CARGO_MANIFEST_DIR"). It is compiled
// on first use: most runs build no Rust.
var rustInclude = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`include_(str|bytes|dir)!\s*\(\s*(concat!\s*\(\s*env!\s*\(\s*"CARGO_MANIFEST_DIR"\s*\)\s*,\s*)?"([^"]+)"`)
})

// rustIncluded lists the context files the crates' sources include into
// the binary: include_str! and include_bytes! name a file relative to the
// source file, or to the crate with CARGO_MANIFEST_DIR; include_dir!
// (the include_dir crate) a folder relative to the crate.
func rustIncluded(ctx *buildctx.Context) map[string]string {
	if ctx == nil {
		return nil
	}
	return rustSourcesOf(ctx).included
}

// rustCargoEnv names the first source that reads a variable cargo sets
// for the programs cargo run starts (std::env::var("CARGO_PKG_VERSION")
// at run time, not env! at build time), "" for none.
func rustCargoEnv(ctx *buildctx.Context) string {
	if ctx == nil {
		return ""
	}
	return rustSourcesOf(ctx).cargoEnv
}

// rustSources is what reading the crates' sources once tells.
type rustSources struct {
	included map[string]string
	cargoEnv string
	// loadsByName says which source opens a shared library by its
	// unversioned name (libloading's Library::new("libfoo.so")), "" for
	// none.
	loadsByName string
}

func rustSourcesOf(ctx *buildctx.Context) *rustSources {
	return ctx.Memo(rustSourcesKey{}, func() any { return readRustSources(ctx) }).(*rustSources)
}

// rustSourcesKey memoizes rustSourcesOf in its context.
type rustSourcesKey struct{}

// rustCargoVar finds a run-time read of a variable cargo run sets.
var rustCargoVar = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\bvar(_os)?\s*\(\s*"CARGO_`)
})

func readRustSources(ctx *buildctx.Context) *rustSources {
	found := &rustSources{included: map[string]string{}}
	isRust := func(base string) bool { return strings.HasSuffix(base, ".rs") }
	walkFiles(ctx, rustSkipDirs, isRust, func(p string) error {
		src, err := ctx.ReadFile(p)
		if err != nil {
			return nil
		}
		if found.cargoEnv == "" && bytes.Contains(src, []byte(`"CARGO_`)) && rustCargoVar().Match(src) {
			found.cargoEnv = p
		}
		if found.loadsByName == "" {
			found.loadsByName = unversionedLoadIn(p, string(src))
		}
		if !bytes.Contains(src, []byte("include_")) {
			return nil
		}
		for _, m := range rustInclude().FindAllSubmatch(src, -1) {
			kind, fromCrate, rel := string(m[1]), len(m[2]) > 0, string(m[3])
			if kind == "dir" {
				rel, fromCrate = strings.TrimPrefix(rel, "$CARGO_MANIFEST_DIR"), true
			}
			base := path.Dir(p)
			if fromCrate {
				base = crateOf(ctx, p)
			}
			target := buildctx.Clean(path.Join(base, strings.TrimPrefix(rel, "/")))
			why := "included by include_" + kind + "! in " + p
			if _, dir := ctx.Stat(target); !dir {
				found.included[target] = why
				continue
			}
			ctx.Walk(target, func(q string, isDir bool) error {
				if !isDir {
					found.included[q] = why
				}
				return nil
			})
		}
		return nil
	})
	return found
}

// rustSkipDirs hold what cargo built, not the project's files.
var rustSkipDirs = rewrite.WordSet(`target`)

// crateOf is the folder of the Cargo.toml nearest above a source file.
func crateOf(ctx *buildctx.Context, file string) string {
	for dir := path.Dir(file); ; dir = path.Dir(dir) {
		if ok, _ := ctx.Stat(path.Join(dir, "Cargo.toml")); ok || dir == "." {
			return dir
		}
	}
}

func parseCargo(tc rewrite.ToolCall) (cargoCall, error) {
	c, in := tc.Call, tc.In
	cc := cargoCall{in: in, call: c, install: c.Args[1] == "install", flags: map[string][]string{}}
	if err := tc.Decidable(); err != nil {
		return cc, err
	}
	for i := 2; i < len(c.Args); i++ {
		if !c.Known[i] {
			return cc, rewrite.Skipf(in.Line(), "cannot evaluate an argument of cargo %s", c.Args[1])
		}
		a := c.Args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			cc.args = append(cc.args, a)
			continue
		}
		name, val, hasVal := strings.Cut(a, "=")
		if cargoValueFlags.Has(name) && !hasVal {
			if i+1 >= len(c.Args) || !c.Known[i+1] {
				return cc, rewrite.Skipf(in.Line(), "cannot evaluate the value of %s", name)
			}
			val = c.Args[i+1]
			i++
		}
		cc.flags[name] = append(cc.flags[name], val)
	}
	return cc, nil
}

// cargoManifest is what the build context's Cargo.toml says.
type cargoManifest struct {
	root      string   // the context's root in the image, "" when unknown
	bins      []string // binary names of the package at the root
	workspace bool
	// buildScript is the root package's build script (build.rs, or the
	// manifest's build key), "" for none.
	buildScript string
	// targetDir is the build.target-dir of the context's .cargo/config
	// (.toml), relative to the context's root; "" for none.
	targetDir string
}

// cargoConfig is the part of cargo's configuration read here.
type cargoConfig struct {
	Build struct {
		TargetDir string `toml:"target-dir"`
	} `toml:"build"`
}

type cargoToml struct {
	Package *struct {
		Name  string `toml:"name"`
		Build any    `toml:"build"` // a path, or false
	} `toml:"package"`
	Bin []struct {
		Name string `toml:"name"`
	} `toml:"bin"`
	Workspace *struct{} `toml:"workspace"`
}

func readCargoManifest(st *rewrite.Stage, ctx *buildctx.Context) cargoManifest {
	var c cargoManifest
	if ctx == nil {
		return c
	}
	var m cargoToml
	data, err := ctx.ReadFile("Cargo.toml")
	if err != nil || toml.Unmarshal(data, &m) != nil {
		return c
	}
	c.workspace = m.Workspace != nil
	for _, b := range m.Bin {
		c.bins = append(c.bins, b.Name)
	}
	if len(c.bins) == 0 && m.Package != nil {
		c.bins = []string{m.Package.Name}
	}
	if ok, _ := ctx.Stat("build.rs"); ok {
		c.buildScript = "build.rs"
	}
	if m.Package != nil {
		switch v := m.Package.Build.(type) {
		case string:
			c.buildScript = v
		case bool:
			if !v {
				c.buildScript = ""
			}
		}
	}
	c.root = contextRoot(st, "Cargo.toml")
	for _, f := range []string{".cargo/config.toml", ".cargo/config"} {
		// Only one a COPY brings beside the manifest: cargo reads it there.
		src, ok := contextPathAt(st, ctx, len(st.Body), path.Join(c.root, f))
		var cfg cargoConfig
		if data, err := ctx.ReadFile(src); ok && c.root != "" && err == nil && toml.Unmarshal(data, &cfg) == nil {
			c.targetDir = cfg.Build.TargetDir
			break
		}
	}
	return c
}

// cargoArtifact adds what one cargo call leaves and returns its target triple.
func cargoArtifact(b *rewrite.Build, c cargoCall, ctx cargoManifest) (string, error) {
	line := c.in.Line()
	target, _ := c.flag("--target")
	if target == "" {
		target, _, _ = c.call.Getenv("CARGO_BUILD_TARGET")
	}
	name, named := c.flag("--bin")
	if len(c.flags["--bin"]) > 1 {
		named = false
	}
	// -p PKG names a package, not a binary: CMD says which binary runs.
	dir := c.call.Dir
	if mp, ok := c.flag("--manifest-path"); ok {
		dir = path.Dir(shell.Resolve(dir, mp))
	}
	_, anyPackage := c.flag("-p", "--package")
	if !named && !c.install && !anyPackage && len(ctx.bins) == 1 && dir == ctx.root {
		name, named = ctx.bins[0], true
	}
	if c.install {
		// A crate from a registry may install binaries named otherwise
		// (ripgrep installs rg): only a local package's manifest says.
		if pth, ok := c.flag("--path"); ok && !named && len(ctx.bins) == 1 && shell.Resolve(c.call.Dir, pth) == ctx.root {
			name, named = ctx.bins[0], true
		}
		root, ok := c.flag("--root")
		if !ok {
			if r, set, known := c.call.Getenv("CARGO_INSTALL_ROOT"); set {
				if !known {
					return "", rewrite.Skipf(line, "cannot tell CARGO_INSTALL_ROOT")
				}
				root = r
			} else {
				home, set, known := c.call.Getenv("CARGO_HOME")
				if !set && c.home != "" {
					home, set = c.home, true
				}
				if !set || !known {
					return "", rewrite.Skipf(line, "cannot tell CARGO_HOME for cargo install")
				}
				root = home
			}
		}
		binDir := path.Join(shell.Resolve(c.call.Dir, root), "bin")
		if !named {
			b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: binDir, Line: line, What: "cargo install"})
			return target, nil
		}
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: path.Join(binDir, name), Line: line, How: "cargo install writes to " + binDir})
		return target, nil
	}
	profile := "debug"
	if _, ok := c.flag("--release", "-r"); ok {
		profile = "release"
	}
	if p, ok := c.flag("--profile"); ok {
		profile = p
		if p == "dev" || p == "test" {
			profile = "debug"
		}
	}
	targetDir := ""
	if td, ok := c.flag("--target-dir"); ok {
		targetDir = shell.Resolve(c.call.Dir, td)
	} else if td, set, known := c.call.Getenv("CARGO_TARGET_DIR"); set {
		if !known {
			return "", rewrite.Skipf(line, "cannot tell CARGO_TARGET_DIR")
		}
		targetDir = shell.Resolve(c.call.Dir, td)
	} else if ctx.targetDir != "" && ctx.root != "" && (dir == ctx.root || strings.HasPrefix(dir, ctx.root+"/")) {
		// The context's .cargo/config.toml, which cargo reads from the
		// folders it runs in and above: relative to the folder holding
		// .cargo.
		targetDir = shell.Resolve(ctx.root, ctx.targetDir)
	} else {
		ws := dir
		if ctx.workspace && ctx.root != "" && strings.HasPrefix(dir, ctx.root+"/") {
			ws = ctx.root // a member crate builds into the workspace's target
		}
		targetDir = path.Join(ws, "target")
	}
	out := path.Join(targetDir, target, profile)
	b.BuildOutputs = append(b.BuildOutputs, targetDir) // deps, incremental state: the build's own
	if !named {
		b.Unresolved = append(b.Unresolved, rewrite.Output{Dir: out, Line: line, What: "cargo build"})
		return target, nil
	}
	b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: path.Join(out, name), Line: line, How: "cargo build writes " + profile + " binaries to " + out})
	return target, nil
}

// cargoRunCommand reads CMD ["cargo", "run", ...]: run in the builder, it
// builds the crate (again) and runs the binary. The runtime stage has no
// cargo, so its CMD runs the binary the build made, with the arguments
// after --. The release build stands for a debug run when only it was
// built: cargo run would compile and run an unoptimized copy of the same
// program.
func cargoRunCommand(b *rewrite.Build, st *rewrite.Stage, ctx cargoManifest, p *rewrite.Pass) error {
	prog := st.Program()
	if prog == nil || prog.Name != "cargo" {
		return nil
	}
	line, _ := prog.In.CommandLine()
	cmdLine, err := literalCommand(st, prog, "cargo run")
	if err != nil {
		return err
	}
	kind := strings.ToUpper(prog.In.Name())
	if len(cmdLine) < 2 || cmdLine[1] != "run" {
		return rewrite.Skipf(prog.In.Line(), "%s runs cargo: only cargo run is rewritten", kind)
	}
	if cmdFollows(st, prog) {
		// CMD's words would follow cargo run's: those after the first
		// that is not an option go to the program, the others to cargo.
		return rewrite.Skipf(prog.In.Line(), "ENTRYPOINT runs cargo run with CMD's words after it: which of them cargo takes cannot be told")
	}
	what := kind + " cargo run"
	name, profile := "", "debug"
	var args []string
	words := cmdLine[2:]
	for i := 0; i < len(words); i++ {
		switch w := words[i]; {
		case w == "--":
			args = words[i+1:]
			i = len(words)
		case w == "--release" || w == "-r":
			profile = "release"
		case w == "--bin" && i+1 < len(words):
			name = words[i+1]
			i++
		case w == "-q" || w == "--quiet" || w == "--locked" || w == "--frozen" || w == "--offline":
		default:
			return rewrite.Skipf(prog.In.Line(), "%s %s: which binary it runs cannot be told", what, w)
		}
	}
	if name == "" {
		if len(ctx.bins) != 1 {
			return rewrite.Skipf(prog.In.Line(), "%s: which binary it runs cannot be told (give --bin, or pass --context with the crate's manifest)", what)
		}
		name = ctx.bins[0]
	}
	// The binary a build step made: the same profile first, else release.
	exe := ""
	for _, want := range []string{profile, "release"} {
		for _, u := range b.Unresolved {
			if path.Base(u.Dir) == want && exe == "" {
				exe = path.Join(u.Dir, name)
			}
		}
		for _, a := range b.Artifacts {
			if path.Base(a.Path) == name && path.Base(path.Dir(a.Path)) == want && exe == "" {
				exe = a.Path
			}
		}
	}
	if exe == "" {
		return rewrite.Skipf(prog.In.Line(), "%s: no build step is known to make %s", what, name)
	}
	// A COPY of sources after the last build (the dependency-caching
	// trick: build a stub, then copy the real sources) means cargo run
	// would build something else at start than the binary the build made.
	// Other files (templates, static files, Rocket.toml) only make cargo
	// compile the same sources again: it fingerprints every file of the
	// package by its time, but the compiler reads the sources alone, and
	// what a macro compiles in was there for the first build, or it fails.
	// A build script may read anything.
	last := b.Steps[len(b.Steps)-1]
	for i, in := range st.Body {
		if in.Index <= last.Index || in.Name() != "copy" && in.Name() != "add" {
			continue
		}
		if what := cargoInputsIn(st, p, i, ctx.buildScript); what != "" {
			return rewrite.Skipf(in.Line(), "this %s comes after the last cargo build and brings %s: cargo run would build what it brings, not run the binary the build made", strings.ToUpper(in.Name()), what)
		}
	}
	if src := rustCargoEnv(p.Options.Context); src != "" {
		return rewrite.Skipf(prog.In.Line(), "%s: %s reads a variable cargo sets for the programs it runs (CARGO_...), which the binary run alone would not see", what, src)
	}
	if !slices.ContainsFunc(b.Artifacts, func(a rewrite.Artifact) bool { return a.Path == exe }) {
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: exe, Line: b.Steps[0].Line(), How: "the binary CMD cargo run runs, which cargo build made"})
	}
	b.Unresolved = nil
	b.Command = &rewrite.Command{In: prog.In, Args: append([]string{exe}, args...), Shell: line.PrependShell,
		Why: "cargo run builds with cargo when the container starts, which the runtime stage lacks: " + kind + " runs the binary " + exe + " the build made"}
	return nil
}

// cargoInputsIn says what a COPY or ADD (Body index i) brings that cargo
// would compile: a Rust build input, anything when the crate has a build
// script (buildScript names it), or files msrewrite cannot list; "" when
// it brings none.
func cargoInputsIn(st *rewrite.Stage, p *rewrite.Pass, i int, buildScript string) string {
	ctx := p.Options.Context
	if ctx == nil {
		return "files msrewrite cannot list without the build context"
	}
	copies, err := st.ContextCopies(ctx)
	if err != nil {
		return "files msrewrite cannot list"
	}
	k := slices.IndexFunc(copies, func(cp rewrite.CopyIn) bool { return cp.Index == i })
	if k < 0 || len(copies[k].Opaque) > 0 {
		return "files msrewrite cannot list"
	}
	for _, l := range copies[k].Landings {
		files, err := ctx.Files(l, copies[k].Copy.Exclude)
		if err != nil {
			return "files msrewrite cannot list"
		}
		for _, f := range files {
			if buildScript != "" {
				return f.Src + ", which the crate's build script " + buildScript + " may read"
			}
			if class, why := classify(p.Toolchain, nil, f.Src); class == buildInput {
				return f.Src + " (" + why + ")"
			}
		}
	}
	return ""
}

// cargoRunBuild reads CMD cargo run with no cargo build before it, which
// compiles the crate at every start: the cargo build of the same options
// (--release, --bin, --locked, ...: those cargoRunCommand accepts) that
// the builder runs instead, as a call and as the RUN line it writes; nil
// when the container does not start with cargo run.
func cargoRunBuild(st *rewrite.Stage) (*cargoCall, string, error) {
	prog := st.Program()
	if prog == nil || path.Base(prog.Name) != "cargo" || st.Final.Workdir == "" {
		return nil, "", nil
	}
	words, err := literalCommand(st, prog, "cargo run")
	if err != nil || len(words) < 2 || words[1] != "run" {
		return nil, "", err
	}
	build := []string{"cargo", "build"}
	for _, w := range words[2:] {
		if w == "--" {
			break
		}
		build = append(build, w)
	}
	cc, err := parseCargo(commandCall(st, prog, build))
	if err != nil {
		return nil, "", err
	}
	run, word, ok := shell.Join(build)
	if !ok {
		return nil, "", rewrite.Skipf(prog.In.Line(), "CMD cargo run: %q cannot be written in a RUN", word)
	}
	return &cc, run, nil
}

// compiledRuntime picks the runtime for a native binary: the builder's own
// distribution and release (glibc, or alpine's musl), or alpine for a
// static one, unless --runtime-image says otherwise. A dynamic binary
// gets the libraries it was linked against installed in the runtime
// stage: those of the packages the build installed, and needs (the
// development packages the toolchain says it links, a crate's); a
// library msrewrite cannot map leaves the file alone.
func compiledRuntime(b *rewrite.Build, st *rewrite.Stage, p *rewrite.Pass, musl, static bool, needs []rewrite.Library) error {
	builder := st.BaseImage
	libc := builder.Libc
	switch {
	case static:
		libc = rewrite.NoLibc
	case musl:
		libc = rewrite.Musl
	}
	if ref := p.Options.RuntimeFor(p.Toolchain.Name); ref != "" {
		runtime := rewrite.LookupImage(ref)
		if libc != rewrite.NoLibc && runtime.Libc != libc {
			return rewrite.Skipf(st.From.Line(), "the binary links %s; %s has %s", libc, ref, orUnknown(runtime.Libc))
		}
		b.Runtime, b.Why = runtime.Ref, chosenByUser
	} else {
		switch {
		case libc == rewrite.NoLibc:
			b.Runtime, b.Why = rewrite.Alpine, "a static binary needs no libc: alpine is small and has a shell and CA certificates"
		case libc == rewrite.Musl && builder.Family == "alpine" && builder.Release == "":
			// Untagged, the builder is whatever alpine is when it is
			// pulled: the runtime is the same image, so the libraries the
			// binary links are the ones it was built against.
			b.Runtime, b.Why = builder.Ref, builder.Ref+" names no release: the runtime is the same image, whose musl and libraries the binary was built against"
		case libc == rewrite.Musl && builder.Libc == rewrite.Musl:
			b.Runtime, b.Why = rewrite.AlpineRuntime(builder.Release), builder.Ref+" is alpine-based: the binary runs on alpine's musl"
		case libc == rewrite.Musl:
			b.Runtime, b.Why = rewrite.Alpine, "the binary is built for musl: it runs on alpine"
		default:
			if !st.BaseKnown {
				return rewrite.Skipf(st.From.Line(), "the binary links glibc, and the builder's release depends on a build argument without default")
			}
			b.Runtime = rewrite.GlibcRuntime(builder)
			b.Why = "the binary links glibc: the runtime is the builder's distribution and release (" + builder.Release + ")"
			if builder.Release == "" {
				b.Why = "the binary links glibc: the runtime is the builder's image, untagged as it is (the same release when both are pulled)"
			}
			if strings.Contains(b.Runtime, "slim") {
				b.Why += ", slim" // (ubuntu has no slim image)
			}
		}
	}
	if libc == rewrite.NoLibc {
		return nil
	}
	runtime := rewrite.LookupImage(b.Runtime)
	libsFor := librariesFor(st, p, func(ctx *buildctx.Context) string { return rustSourcesOf(ctx).loadsByName })
	libs, err := libsFor(runtime, "the binary")
	if err != nil {
		return err
	}
	for _, n := range needs {
		if slices.ContainsFunc(libs, func(l rewrite.Library) bool { return l.Dev == n.Dev }) {
			continue
		}
		pkg, ok := rewrite.LibraryPackage(runtime, n.Dev)
		if !ok && rewrite.SameDistribution(builder, runtime) {
			// Ubuntu, say: the development package itself, which brings
			// the library, as the builder's own distribution names it.
			pkg, ok, n.AsIs = n.Dev, true, true
		}
		if blocked := rewrite.InstallBlocked(runtime); ok && blocked != "" {
			return rewrite.Skipf(b.Steps[0].Line(), "%s: the binary needs the library package %s at run time, and %s", n.Why, pkg, blocked)
		}
		if !ok {
			return rewrite.Skipf(b.Steps[0].Line(), "%s: the binary loads the library of %s, and msrewrite knows no package of it for %s", n.Why, n.Dev, runtime.Ref)
		}
		n.Package = pkg
		libs = append(libs, n)
		if n.Dev == "libfontconfig-dev" {
			// fontconfig finds no font on slim: the full image's DejaVu.
			libs = append(libs, dejavuFonts(st, runtime, n.Why+", which finds the system's fonts with fontconfig")...)
		}
	}
	if libc == rewrite.Musl && builder.Libc == rewrite.Musl && builder.Release == "" && b.Runtime != builder.Ref && b.Why != chosenByUser {
		// rust:1.75-alpine was built on alpine 3.19, the runtime is the
		// alpine msrewrite pins: a library renamed in between (FFmpeg's
		// libavcodec.so.60, ICU's libicuuc.so.74) is not there.
		if dev := renamedLibrary(libs, minorAtLeast(builder.Env["RUST_VERSION"], 70)); dev != "" {
			return rewrite.Skipf(st.From.Line(), "%s does not name its alpine release, and the binary links the library of %s, whose file name may change between releases: %s may not have it; name the release in the tag (%s3.NN)", builder.Ref, dev, b.Runtime, builder.Ref)
		}
	}
	b.Libraries = append(b.Libraries, libs...)
	return nil
}

func orUnknown(libc string) string {
	if libc == "" {
		return "an unknown libc"
	}
	return libc
}

func init() {
	register(Rust, rewrite.ImageFamily{Repo: "rust", Describe: describeRust})
}

// describeRust is what the official rust images hold: cargo and rustup
// under /usr/local, on PATH, a Debian or alpine base.
func describeRust(img *rewrite.Image) {
	img.Env = map[string]string{
		"PATH":        "/usr/local/cargo/bin:" + rewrite.DefaultPath,
		"CARGO_HOME":  "/usr/local/cargo",
		"RUSTUP_HOME": "/usr/local/rustup",
	}
	if version := rewrite.LanguageImage(img, rustDefaultRelease); version != "" {
		img.Env["RUST_VERSION"] = version
	}
	// rustup's minimal profile, which the images install: cargo and
	// rustc, and rustup itself.
	img.Toolchain = "cargo rustc rustdoc rustup"
	if img.Libc == rewrite.Glibc && !strings.Contains(img.Tag, "slim") {
		img.Programs = img.Programs.With(rewrite.BuildpackDepsFull)
	}
}

// rustDefaultRelease is the Debian release of a rust image by version,
// when the tag names none. rust-lang/docker-rust publishes each version
// once, on the default of its day: buster from 1.37 (docker-rust#44),
// bullseye from 1.55 (after Debian 11's release; rust:1.54 was still
// buster), bookworm from 1.70 and trixie from 1.89, the versions current
// when Debian 12 and 13 came out. A version-only tag (rust:1, latest)
// follows the newest.
func rustDefaultRelease(version string) string {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) >= 2 && parts[0] == "1" {
		if minor, err := strconv.Atoi(parts[1]); err == nil {
			switch {
			case minor <= 36:
				return "stretch"
			case minor <= 54:
				return "buster"
			case minor <= 69:
				return "bullseye"
			case minor <= 88:
				return "bookworm"
			}
		}
	}
	return "trixie"
}

// rustReleaseUnsure is the other Debian release a rust image may be
// based on: 1.70 and 1.89 came out days before Debian 12 and 13 and were
// published on the older release first. "" when the tag names the
// release or the version was published on one.
func rustReleaseUnsure(img rewrite.Image) string {
	return otherRelease(img, img.Env["RUST_VERSION"], map[string]string{"70": "bullseye", "89": "bookworm"})
}

// rustCrateLibraries are the crates of Cargo.lock that link a system
// library in the rust image (built on buildpack-deps, which has the
// development packages), each with the crate that would build the library
// in instead: the library, then, is not loaded at run time.
var rustCrateLibraries = []struct {
	crate, dev, builtIn string
}{
	{"openssl-sys", "libssl-dev", "openssl-src"},
	{"libsqlite3-sys", "libsqlite3-dev", ""},
	{"pq-sys", "libpq-dev", "pq-src"},
	{"curl-sys", "libcurl4-openssl-dev", ""},
	{"mysqlclient-sys", "default-libmysqlclient-dev", "mysqlclient-src"},
	// Through ImageMagick's development package, the full image has
	// these too: font-kit (plotters' text) finds fonts with fontconfig,
	// and freetype-sys, cairo-sys-rs, glib-sys and x11 link the system's
	// library when pkg-config finds it, as it does there.
	{"yeslogic-fontconfig-sys", "libfontconfig-dev", ""},
	{"servo-fontconfig-sys", "libfontconfig-dev", ""},
	{"freetype-sys", "libfreetype6-dev", ""},
	{"cairo-sys-rs", "libcairo2-dev", ""},
	{"glib-sys", "libglib2.0-dev", ""},
	{"x11", "libx11-dev", ""},
	// xcb's bindings link libxcb, which libx11-dev brings (it depends on
	// libxcb1-dev); libgssapi-sys links MIT Kerberos' GSSAPI library
	// (libkrb5-dev is one of buildpack-deps' packages), which Kerberos
	// logins to SQL Server, Kafka and MongoDB use.
	{"xcb", "libxcb1-dev", ""},
	{"libgssapi-sys", "libkrb5-dev", ""},
	// libpng-sys asks pkg-config (then libpng-config) for the system's
	// libpng before it builds its own: libpng-dev is buildpack-deps'.
	{"libpng-sys", "libpng-dev", ""},
	// libxml links libxml2 and magick_rust ImageMagick's MagickWand,
	// found with pkg-config: the full image has both.
	{"libxml", "libxml2-dev", ""},
	{"magick_rust", "libmagickwand-dev", ""},
	// ImageMagick's development package brings Little CMS's and
	// GdkPixbuf's too: lcms2-sys asks pkg-config for the system's lcms2
	// before it builds its own, and gdk-pixbuf-sys links the system's.
	{"lcms2-sys", "liblcms2-dev", ""},
	{"gdk-pixbuf-sys", "libgdk-pixbuf-2.0-dev", ""},
	// The ncurses crate (cursive's and pancurses' backend) links ncurses,
	// or ncursesw with its "wide" feature, found with pkg-config:
	// buildpack-deps installs both (libncurses5-dev, libncursesw5-dev).
	{"ncurses", "libncurses-dev", ""},
	{"ncurses", "libncursesw5-dev", ""},
}

// rustCLICrates are crates of the registry installed as programs that
// link system libraries: the features that bring each library (a feature
// whose name holds the key), and those on by default.
var rustCLICrates = map[string]struct {
	defaults string
	libs     map[string]string
}{
	// diesel's command line links the clients of the databases it is
	// built for (pq-sys, mysqlclient-sys, libsqlite3-sys).
	"diesel_cli": {"postgres mysql sqlite", map[string]string{"postgres": "libpq-dev", "mysql": "default-libmysqlclient-dev", "sqlite": "libsqlite3-dev"}},
	// sqlx's drivers are Rust, SQLite built in; native-tls links OpenSSL.
	"sqlx-cli": {"native-tls postgres sqlite mysql", map[string]string{"native-tls": "libssl-dev"}},
}

// registryCrateLibraries are the libraries a cargo install of a crate
// from the registry (or a Git repository) may link: none on a slim
// builder, which has no development packages to link; on the full rust
// image, those rustCLICrates gives for its features; for any other crate
// the build context cannot tell, and the file is left alone.
func registryCrateLibraries(c cargoCall, img rewrite.Image) ([]rewrite.Library, error) {
	if !c.install || strings.Contains(img.Tag, "slim") {
		return nil, nil
	}
	if _, local := c.flag("--path"); local {
		return nil, nil
	}
	var features []string
	if _, off := c.flag("--no-default-features"); !off {
		features = []string{"default"}
	}
	for _, names := range [][]string{c.flags["--features"], c.flags["-F"]} {
		for _, f := range names {
			features = append(features, strings.FieldsFunc(f, func(r rune) bool { return r == ',' || r == ' ' })...)
		}
	}
	_, all := c.flag("--all-features")
	crates := c.args
	if git, ok := c.flag("--git"); ok && len(crates) == 0 {
		crates = []string{path.Base(strings.TrimSuffix(git, ".git"))} // the repository's crate
	}
	var out []rewrite.Library
	for _, crate := range crates {
		crate, _, _ = strings.Cut(crate, "@")
		known, ok := rustCLICrates[crate]
		if !ok {
			return nil, rewrite.Skipf(c.in.Line(), "cargo install %s builds a crate from the registry or a Git repository in %s, which has the development packages of many libraries: which ones it links cannot be read from the build context (build on the slim image, or give --runtime-image)", crate, img.Ref)
		}
		on := func(key string) bool {
			for _, f := range features {
				if f == "default" && strings.Contains(known.defaults, key) || strings.Contains(f, key) {
					return true
				}
			}
			return all
		}
		for key, dev := range known.libs {
			if on(key) {
				out = append(out, rewrite.Library{Dev: dev, Why: "cargo install " + crate + " links it (feature " + key + ")"})
			}
		}
	}
	slices.SortFunc(out, func(a, b rewrite.Library) int { return strings.Compare(a.Dev, b.Dev) })
	return out, nil
}

// rustLibrariesKey memoizes rustLibraries in its context, by lockfile.
type rustLibrariesKey struct{ lock string }

// cargoLockOf is the context path of the Cargo.lock a cargo call reads:
// the one a COPY put in the folder it runs in or the nearest above (a
// workspace's), "" for none.
func cargoLockOf(st *rewrite.Stage, ctx *buildctx.Context, c cargoCall) string {
	index := slices.Index(st.Body, c.in)
	for dir := c.call.Dir; index >= 0 && dir != ""; dir = path.Dir(dir) {
		if src, ok := contextPathAt(st, ctx, index, path.Join(dir, "Cargo.lock")); ok {
			return src
		}
		if dir == "/" {
			break
		}
	}
	return ""
}

// rustLibraries reads a Cargo.lock of the context for crates that
// link a system library. libsqlite3-sys and curl-sys build theirs in when
// a manifest asks for it (rusqlite's "bundled", sqlx's SQLite, curl's
// "static-curl"): the manifests' text is searched for those features.
// locked is false when there is no Cargo.lock to read.
func rustLibraries(ctx *buildctx.Context, lockFile string) (libs []rewrite.Library, locked bool) {
	if ctx == nil || lockFile == "" {
		return nil, false
	}
	r := ctx.Memo(rustLibrariesKey{lockFile}, func() any {
		data, err := ctx.ReadFile(lockFile)
		if err != nil {
			return (*rustLocked)(nil)
		}
		var lock struct {
			Package []struct {
				Name string `toml:"name"`
			} `toml:"package"`
		}
		if toml.Unmarshal(data, &lock) != nil {
			return (*rustLocked)(nil)
		}
		crates := map[string]bool{}
		for _, p := range lock.Package {
			crates[p.Name] = true
		}
		manifests := ""
		isManifest := func(base string) bool { return base == "Cargo.toml" }
		walkFiles(ctx, rustSkipDirs, isManifest, func(p string) error {
			if m, err := ctx.ReadFile(p); err == nil {
				manifests += string(m)
			}
			return nil
		})
		var libs []rewrite.Library
		for _, row := range rustCrateLibraries {
			if !crates[row.crate] || row.builtIn != "" && crates[row.builtIn] {
				continue
			}
			switch row.crate {
			case "libsqlite3-sys":
				if strings.Contains(manifests, "bundled") || crates["sqlx-sqlite"] && !strings.Contains(manifests, "sqlite-unbundled") {
					continue
				}
			case "curl-sys":
				if strings.Contains(manifests, "static-curl") {
					continue
				}
			}
			libs = append(libs, rewrite.Library{Dev: row.dev, Why: lockFile + " has " + row.crate})
		}
		return &rustLocked{libs}
	}).(*rustLocked)
	if r == nil {
		return nil, false
	}
	return r.libs, true
}

// rustLocked is what Cargo.lock tells: the libraries its crates link.
type rustLocked struct{ libs []rewrite.Library }
