package transforms

import (
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// What the build put into the image, classified: a file the runtime
// stage must carry unless it is provably build-only (DESIGN §1). The
// tables are the only place these decisions live; each entry says why.

// fileClass is what a file from the build context is for.
type fileClass int

const (
	// runTime is everything not shown to be anything else: carried.
	runTime fileClass = iota
	// buildInput is read by the build only: sources, manifests, lockfiles,
	// build scripts, vendored code.
	buildInput
	// noise is read by nothing: documentation, licences, VCS and CI files,
	// Dockerfiles, editor settings.
	noise
	// compiledIn is inside an artifact already (go:embed, include_str!).
	compiledIn
)

func (c fileClass) String() string {
	return [...]string{"run-time file", "build input", "not needed at run time", "compiled in"}[c]
}

// noiseRules are files no program reads, whatever the toolchain.
var noiseRules = []rewrite.FileRule{
	{Name: "README*", Why: "documentation"}, {Name: "readme*", Why: "documentation"},
	{Name: "CHANGELOG*", Why: "documentation"}, {Name: "CHANGES*", Why: "documentation"}, {Name: "HISTORY*", Why: "documentation"},
	{Name: "CONTRIBUTING*", Why: "documentation"}, {Name: "CODE_OF_CONDUCT*", Why: "documentation"}, {Name: "SECURITY.md", Why: "documentation"},
	{Name: "AUTHORS*", Why: "documentation"}, {Name: "CONTRIBUTORS*", Why: "documentation"}, {Name: "MAINTAINERS*", Why: "documentation"},
	{Name: "LICENSE*", Why: "licence text"}, {Name: "LICENCE*", Why: "licence text"}, {Name: "COPYING*", Why: "licence text"},
	{Name: "NOTICE*", Why: "licence text"},
	{Dir: ".git", Why: "version control"}, {Dir: ".hg", Why: "version control"}, {Dir: ".svn", Why: "version control"},
	{Name: ".gitignore", Why: "version control"}, {Name: ".gitattributes", Why: "version control"}, {Name: ".gitmodules", Why: "version control"},
	{Dir: ".github", Why: "CI and repository settings"}, {Dir: ".gitlab", Why: "CI and repository settings"},
	{Dir: ".circleci", Why: "CI settings"}, {Name: ".gitlab-ci.yml", Why: "CI settings"}, {Name: ".travis.yml", Why: "CI settings"},
	{Name: ".drone.yml", Why: "CI settings"}, {Name: "azure-pipelines.yml", Why: "CI settings"}, {Name: "Jenkinsfile", Why: "CI settings"},
	{Name: "appveyor.yml", Why: "CI settings"}, {Name: ".golangci.y*ml", Why: "linter settings"}, {Name: ".goreleaser.y*ml", Why: "release settings"},
	{Name: ".pre-commit-config.yaml", Why: "hook settings"}, {Name: "renovate.json", Why: "dependency bot settings"},
	{Name: ".dockerignore", Why: "the build's ignore file"}, {Name: "*.dockerignore", Why: "the build's ignore file"},
	{Name: "Dockerfile", Why: "a Dockerfile"}, {Name: "Dockerfile.*", Why: "a Dockerfile"}, {Name: "*.Dockerfile", Why: "a Dockerfile"},
	{Name: "*.dockerfile", Why: "a Dockerfile"}, {Name: "Containerfile*", Why: "a Dockerfile"},
	{Name: "docker-compose*.y*ml", Why: "a compose file"}, {Name: "compose*.y*ml", Why: "a compose file"},
	{Name: ".msrewrite.toml", Why: "msrewrite's settings"},
	{Dir: ".vscode", Why: "editor settings"}, {Dir: ".idea", Why: "editor settings"}, {Dir: ".devcontainer", Why: "editor settings"},
	{Name: ".editorconfig", Why: "editor settings"}, {Name: ".DS_Store", Why: "editor litter"}, {Name: "*.swp", Why: "editor litter"},
}

// buildScripts are build inputs whatever the toolchain; each toolchain
// lists its own in Toolchain.BuildInputs.
var buildScripts = []rewrite.FileRule{
	{Name: "Makefile", Why: "a build script"}, {Name: "makefile", Why: "a build script"}, {Name: "GNUmakefile", Why: "a build script"},
	{Name: "*.mk", Why: "a build script"}, {Name: "Taskfile.y*ml", Why: "a build script"}, {Name: "justfile", Why: "a build script"},
}

// classify says what a context file (a slash path from the context's
// root) is for, with the toolchain's tables and what the build compiles
// in, and why.
func classify(tc *rewrite.Toolchain, compiled map[string]string, p string) (fileClass, string) {
	if why, ok := compiled[p]; ok {
		return compiledIn, why
	}
	key := classKey{tc.Name, p}
	if c, ok := classified.Load(key); ok {
		r := c.(classResult)
		return r.class, r.why
	}
	r := classResult{runTime, "not a build input (" + tc.Name + "), not compiled in"}
	if rule, class, ok := tablesFor(tc).first(p); ok {
		r = classResult{class, rule.Why}
	}
	if classifiedN.Add(1) <= maxClassified {
		classified.Store(key, r)
	}
	return r.class, r.why
}

// ruleTable is the noise rules, the build scripts and a toolchain's build
// inputs in that order, indexed: classify asks for the first rule that
// matches each file of a context, and asking every rule in turn costs a
// pattern match per rule.
type ruleTable struct {
	rules   []rewrite.FileRule
	classes []fileClass
	names   map[string]int // rules naming one file, by name
	dirs    map[string]int // rules naming a folder, by folder
	globs   []int          // the other rules, in order: path.Match
}

// tables holds a ruleTable per toolchain, by name.
var tables sync.Map

func tablesFor(tc *rewrite.Toolchain) *ruleTable {
	if t, ok := tables.Load(tc.Name); ok {
		return t.(*ruleTable)
	}
	t := &ruleTable{names: map[string]int{}, dirs: map[string]int{}}
	for _, part := range []struct {
		class fileClass
		rules []rewrite.FileRule
	}{{noise, noiseRules}, {buildInput, buildScripts}, {buildInput, tc.BuildInputs}} {
		for _, rule := range part.rules {
			i := len(t.rules)
			t.rules, t.classes = append(t.rules, rule), append(t.classes, part.class)
			switch {
			case rule.Dir != "":
				if _, dup := t.dirs[rule.Dir]; !dup {
					t.dirs[rule.Dir] = i
				}
			case !strings.ContainsAny(rule.Name, `*?[\`):
				if _, dup := t.names[rule.Name]; !dup {
					t.names[rule.Name] = i
				}
			default:
				t.globs = append(t.globs, i)
			}
		}
	}
	got, _ := tables.LoadOrStore(tc.Name, t)
	return got.(*ruleTable)
}

// first is the first rule that matches a slash path, and its class.
func (t *ruleTable) first(p string) (rewrite.FileRule, fileClass, bool) {
	best := len(t.rules)
	dir, name := path.Split(p)
	if i, ok := t.names[name]; ok {
		best = i
	}
	for dir != "" {
		elem, rest, _ := strings.Cut(dir, "/")
		if i, ok := t.dirs[elem]; ok && i < best {
			best = i
		}
		dir = rest
	}
	for _, i := range t.globs {
		if i >= best {
			break
		}
		if t.rules[i].Match(p) {
			best = i
			break
		}
	}
	if best == len(t.rules) {
		return rewrite.FileRule{}, 0, false
	}
	return t.rules[best], t.classes[best], true
}

// classified remembers the tables' answers: a run over many Dockerfiles
// of one folder asks about the same context files for each of them.
// Bounded, since paths come from the input.
var (
	classified  sync.Map // classKey → classResult
	classifiedN atomic.Int64
)

const maxClassified = 1 << 18

type classKey struct{ toolchain, path string }

type classResult struct {
	class fileClass
	why   string
}

// BuildOnly tells whether a toolchain's tables leave a file out of the
// runtime stage (a build input or noise), by its path relative to the
// folder a COPY or WORKDIR made: verify asks it of files the build wrote
// there itself (a Cargo.lock cargo made, a go.sum go mod tidy wrote).
func BuildOnly(toolchain, rel string) bool {
	for i := range Toolchains {
		if Toolchains[i].Name == toolchain {
			class, _ := classify(&Toolchains[i], nil, rel)
			return class != runTime
		}
	}
	return false
}

// sourceExts are the file name extensions of the sources of each
// toolchain whose run-time files are carried one by one. (A Python or
// Node application folder comes whole, its README too.)
var sourceExts = map[string][]string{
	"go": {".go"}, "rust": {".rs"}, "java": {".java", ".kt"}, "dotnet": {".cs", ".fs"},
	"c": {".c", ".cc", ".cpp", ".cxx"},
}

// noiseReadKey memoizes, in its context, the root's noise files by
// toolchain and, with walked, what the toolchain's sources there name.
type noiseReadKey struct {
	toolchain string
	walked    bool
}

// noiseRead are the files at the build context's root that the noise
// rules leave out (README.md, CHANGELOG.md, LICENSE) and that the build's
// sources name in a string literal ("README.md", "./CHANGELOG.md"), tests
// left out: a server that shows its README reads it at run time. The
// sources are those the detector read (b.Sources), else the toolchain's
// in the context. Each with why; nil for none.
func noiseRead(ctx *buildctx.Context, tc *rewrite.Toolchain, sources []string) map[string]string {
	exts := sourceExts[tc.Name]
	if ctx == nil || len(exts) == 0 {
		return nil
	}
	names := ctx.Memo(noiseReadKey{tc.Name, false}, func() any {
		entries, _ := ctx.ReadDir(".")
		var names []string
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			// classify remembers its answers across contexts: a batch of
			// folders has the same names at their roots.
			if class, _ := classify(tc, nil, e.Name()); class == noise {
				names = append(names, e.Name())
			}
		}
		return names
	}).([]string)
	if len(names) == 0 {
		return nil
	}
	var out map[string]string
	search := func(p, src string) {
		if strings.HasSuffix(p, "_test.go") {
			return
		}
		for _, name := range names {
			if _, seen := out[name]; !seen && (strings.Contains(src, `"`+name+`"`) || strings.Contains(src, `"./`+name+`"`)) {
				if out == nil {
					out = map[string]string{}
				}
				out[name] = p + " names " + name + ", which the program may read"
			}
		}
	}
	if sources != nil {
		for _, p := range sources {
			if src, err := ctx.ReadFile(p); err == nil {
				search(p, string(src))
			}
		}
		return out
	}
	// The same for every document of the context: walked once.
	return ctx.Memo(noiseReadKey{tc.Name, true}, func() any {
		walkSources(ctx, exts, search)
		return out
	}).(map[string]string)
}
