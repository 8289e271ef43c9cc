package transforms

import (
	"encoding/json"
	"path"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// DepsFirst puts what changes least in the lowest layers: when a file
// copies its sources and then fetches dependencies, the manifests are
// copied first and the dependencies fetched in a layer of their own, which
// a change to the sources no longer rebuilds.
var DepsFirst = rewrite.Transform{
	Name:     "deps-first",
	Optional: true,
	Doc:      "copy the dependency manifests and fetch the dependencies before the sources (go mod download, npm ci, pip install -r, mvn or ./mvnw dependency:go-offline)",
	Run:      runDepsFirst,
}

// depsTools are build tools with dependency installs of their own that
// deps-first does not arrange: said by name, not as a RUN that may use
// the sources.
var depsTools = rewrite.WordSet(`poetry pipenv uv pdm gradle gradlew dotnet bundle composer mix sbt`)

func runDepsFirst(p *rewrite.Pass) error {
	doc := p.Doc
	if err := singleStage(doc); err != nil {
		return err
	}
	ctx := p.Options.Context
	if ctx == nil {
		return rewrite.Skipf(1, "deps-first: the build context cannot be seen, so which manifests exist cannot be known")
	}
	st := rewrite.NewStage(doc)
	if in := copiesFromImage(st); in != nil {
		return rewrite.Skipf(in.Line(), "deps-first: this COPY --from copies from another image, which msrewrite does not arrange around")
	}
	c, dir := copyAll(st)
	if c < 0 {
		return rewrite.Skipf(1, "deps-first: no COPY . . brings the sources into the WORKDIR")
	}
	for r := c + 1; r < len(st.Body); r++ {
		in := st.Body[r]
		switch in.Name() {
		case "env", "arg", "user", "workdir", "shell":
			// The fetch moves before it, and would run without it.
			return rewrite.Skipf(in.Line(), "deps-first: this %s comes between the COPY of the sources and the build, and the fetch would run without it", strings.ToUpper(in.Name()))
		case "run":
		default:
			continue
		}
		calls, _, err := st.Calls(r)
		if err != nil {
			return rewrite.Skipf(in.Line(), "deps-first: cannot read the shell of this RUN: %v", err)
		}
		for _, call := range calls {
			var err error
			switch name := versionless(path.Base(call.Name())); {
			case name == "go" && len(call.Args) > 1 && slices.Contains([]string{"build", "install", "test", "vet", "mod", "generate", "run"}, call.Args[1]):
				err = goFirst(p, st, ctx, c, r)
			case name == "npm" || name == "yarn" || name == "pnpm":
				err = nodeFirst(p, st, ctx, c, r, dir, calls)
			case name == "pip" || name == "pip3" || (name == "python" || name == "python3") && len(call.Args) > 2 && call.Args[2] == "pip":
				err = pipFirst(p, st, ctx, c, r, dir, calls)
			case name == "mvn" || name == "mvnw":
				err = mavenFirst(p, st, ctx, c, r, name == "mvnw")
			case name == "cargo":
				err = rewrite.Skipf(in.Line(), "deps-first: a Rust crate's dependencies cannot be fetched without its sources in a way that is both safe and simple")
			case depsTools.Has(name):
				err = rewrite.Skipf(in.Line(), "deps-first: %s's installs are not ones it arranges (it knows go, npm, yarn, pnpm, pip and mvn)", path.Base(call.Name()))
			default:
				continue
			}
			return err
		}
		// A RUN before the build or install step may use the sources:
		// the install then depends on them.
		return rewrite.Skipf(in.Line(), "deps-first: this RUN comes between the COPY of the sources and the build, and may use them")
	}
	return rewrite.Skipf(st.Body[c].Line(), "deps-first: no build or install step after the COPY of the sources")
}

// copyAll finds the plain COPY of the whole context into the WORKDIR
// (`COPY . .`): its place in Body and the folder; -1 for none.
func copyAll(st *rewrite.Stage) (int, string) {
	for i, in := range st.Body {
		c, ok := in.Cmd.(*instructions.CopyCommand)
		if !ok || c.From != "" || c.Chown != "" || c.Chmod != "" || len(c.ExcludePatterns) > 0 || c.Parents {
			continue
		}
		if sd := c.SourcesAndDest; len(sd.SourcePaths) == 1 && (sd.SourcePaths[0] == "." || sd.SourcePaths[0] == "./") && (sd.DestPath == "." || sd.DestPath == "./") {
			if dir := st.Before[i].Workdir; dir != "" {
				return i, dir
			}
		}
	}
	return -1, ""
}

// manifestsCopied tells whether a COPY before the sources' already brings
// one of the manifests: the file is deps-first already.
func manifestsCopied(st *rewrite.Stage, c int, names ...string) bool {
	for _, in := range st.Body[:c] {
		cp, ok := in.Cmd.(*instructions.CopyCommand)
		if !ok {
			continue
		}
		for _, src := range cp.SourcePaths {
			for _, n := range names {
				if ok, _ := path.Match(src, n); ok || path.Base(src) == n {
					return true
				}
			}
		}
	}
	return false
}

// insertBefore writes new lines before the COPY of the sources (above its
// comments), in the file's keyword case and line ending.
func insertBefore(st *rewrite.Stage, c int, lines ...string) dockerfile.Edit {
	doc := st.Doc
	var b strings.Builder
	for _, l := range lines {
		kw, rest, _ := strings.Cut(l, " ")
		b.WriteString(doc.Keyword(kw) + " " + rest + doc.Newline)
	}
	return dockerfile.Insert(doc.Offset(st.Body[c].CommentStart), b.String())
}

// existing lists the files of the context's root that exist, of names.
func existing(ctx *buildctx.Context, names ...string) []string {
	var out []string
	for _, n := range names {
		if ok, dir := ctx.Stat(n); ok && !dir {
			out = append(out, n)
		}
	}
	return out
}

func goFirst(p *rewrite.Pass, st *rewrite.Stage, ctx *buildctx.Context, c, r int) error {
	line := st.Body[c].Line()
	if manifestsCopied(st, c, "go.mod") {
		return rewrite.Skipf(line, "deps-first: go.mod is copied before the sources already")
	}
	manifests := existing(ctx, "go.mod", "go.sum")
	switch {
	case !slices.Contains(manifests, "go.mod"):
		return rewrite.Skipf(line, "deps-first: the build context has no go.mod at its root")
	case len(existing(ctx, "go.work")) > 0:
		return rewrite.Skipf(line, "deps-first: go.work names modules of the context, which go mod download would need")
	}
	if ok, isDir := ctx.Stat("vendor"); ok && isDir {
		return rewrite.Skipf(line, "deps-first: vendor/ holds the modules: there is nothing to download")
	}
	if gomod, err := ctx.ReadFile("go.mod"); err == nil && len(localReplaces(gomod, ".")) > 0 {
		return rewrite.Skipf(line, "deps-first: go.mod replaces a module with a folder of the context, which go mod download would need")
	}
	p.Edits = append(p.Edits, insertBefore(st, c, "COPY "+strings.Join(manifests, " ")+" ./", "RUN "+fetchFlags(st.Body[r])+"go mod download"))
	p.Notef(line, "deps-first: %s copied and the modules downloaded before the sources, in layers a source change keeps", strings.Join(manifests, " and "))
	return nil
}

// fetchFlags are the flags of the build's RUN that the fetch moved before
// it needs as much, with a space after them: the SSH agent and the
// secrets a private module or repository is fetched with
// (--mount=type=ssh, --mount=type=secret,id=netrc,...), and its network.
func fetchFlags(in *dockerfile.Instruction) string {
	var out []string
	for _, f := range in.Node.Flags {
		if strings.HasPrefix(f, "--network=") || strings.HasPrefix(f, "--mount=") &&
			(strings.Contains(f, "type=ssh") || strings.Contains(f, "type=secret")) {
			out = append(out, f+" ")
		}
	}
	return strings.Join(out, "")
}

// nodeScripts are the package.json scripts npm runs on install: they may
// need the sources.
var nodeScripts = []string{"preinstall", "install", "postinstall", "prepare", "prepublish"}

func nodeFirst(p *rewrite.Pass, st *rewrite.Stage, ctx *buildctx.Context, c, r int, dir string, calls []shell.Call) error {
	in := st.Body[r]
	line := st.Body[c].Line()
	if manifestsCopied(st, c, "package.json") {
		return rewrite.Skipf(line, "deps-first: package.json is copied before the sources already")
	}
	for _, call := range calls {
		if !installOnly(call) || call.Dir != dir {
			return rewrite.Skipf(in.Line(), "deps-first: this RUN does more than install the dependencies in the WORKDIR (%s)", strings.Join(call.Args, " "))
		}
	}
	data, err := ctx.ReadFile("package.json")
	if err != nil {
		return rewrite.Skipf(line, "deps-first: the build context has no package.json at its root")
	}
	var pkg struct {
		Scripts         map[string]string `json:"scripts"`
		Workspaces      json.RawMessage   `json:"workspaces"`
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
		Optional        map[string]string `json:"optionalDependencies"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return rewrite.Skipf(line, "deps-first: package.json cannot be read")
	}
	for _, s := range nodeScripts {
		if _, ok := pkg.Scripts[s]; ok {
			return rewrite.Skipf(line, "deps-first: package.json has the script %q, which the install runs and which may need the sources", s)
		}
	}
	if len(pkg.Workspaces) > 0 {
		return rewrite.Skipf(line, "deps-first: package.json names workspaces, whose manifests the install needs")
	}
	if ws := existing(ctx, "pnpm-workspace.yaml"); len(ws) > 0 {
		return rewrite.Skipf(line, "deps-first: pnpm-workspace.yaml names workspaces, whose manifests the install needs")
	}
	// Yarn keeps its own release (yarnPath), plugins and patches in
	// .yarn/, which .yarnrc.yml (or Yarn 1's .yarnrc) names: they are
	// copied with the manifests.
	yarnDir := false
	if ok, isDir := ctx.Stat(".yarn"); ok && isDir {
		yarnDir = true
	}
	for _, deps := range []map[string]string{pkg.Dependencies, pkg.DevDependencies, pkg.Optional} {
		for name, spec := range deps {
			local := strings.HasPrefix(spec, "file:") || strings.HasPrefix(spec, "link:") || strings.HasPrefix(spec, "portal:") ||
				strings.HasPrefix(spec, "workspace:") || strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/")
			if patch, ok := strings.CutPrefix(spec, "patch:"); ok {
				// patch:lodash@npm:4.17.21#./.yarn/patches/lodash.patch
				_, file, _ := strings.Cut(patch, "#")
				file = strings.TrimPrefix(file, "./")
				local = !yarnDir || !strings.HasPrefix(file, ".yarn/")
			}
			if local {
				return rewrite.Skipf(line, "deps-first: package.json takes %s from %s, a path of the context the install needs", name, spec)
			}
		}
	}
	// Yarn 1's offline mirror and Yarn 2+'s cache folder, when set in the
	// project: folders of the context the install reads (.yarn/ is copied).
	for _, rc := range []string{".yarnrc", ".yarnrc.yml"} {
		data, err := ctx.ReadFile(rc)
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(data), "\n") {
			key, value, _ := strings.Cut(strings.TrimSpace(l), " ")
			key = strings.TrimSuffix(key, ":")
			value = strings.Trim(strings.TrimSpace(value), `"'`)
			if (key == "yarn-offline-mirror" || key == "cacheFolder") && !strings.HasPrefix(strings.TrimPrefix(value, "./"), ".yarn/") {
				return rewrite.Skipf(line, "deps-first: %s sets %s to %s, a folder of the context the install reads", rc, key, value)
			}
		}
	}
	// pnpm runs .pnpmfile.cjs's hooks and applies patches/ on install.
	if hooks := existing(ctx, ".pnpmfile.cjs"); len(hooks) > 0 || strings.Contains(string(data), "patchedDependencies") {
		return rewrite.Skipf(line, "deps-first: the install reads .pnpmfile.cjs or patched dependencies from the context")
	}
	manifests := existing(ctx, "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", ".npmrc", ".yarnrc", ".yarnrc.yml")
	var dirs []string
	if yarnDir {
		dirs = append(dirs, ".yarn")
	}
	return moveInstall(p, st, c, r, manifests, dirs...)
}

// installOnly tells whether a command only installs a Node project's
// dependencies: npm ci, npm install with no package named, yarn (install),
// pnpm install.
func installOnly(c shell.Call) bool {
	if !c.AllKnown() || len(c.Args) == 0 {
		return false
	}
	name := path.Base(c.Name())
	args := c.Args[1:]
	verb := ""
	if len(args) > 0 {
		verb = args[0]
	}
	switch {
	case name == "npm" && (verb == "ci" || verb == "install" || verb == "i"):
	case name == "yarn" && (verb == "" || verb == "install" || strings.HasPrefix(verb, "--")):
	case name == "pnpm" && (verb == "install" || verb == "i"):
	default:
		return false
	}
	for _, a := range args[1:] {
		if !strings.HasPrefix(a, "-") {
			return false // a package named: an install of something else
		}
	}
	return true
}

func pipFirst(p *rewrite.Pass, st *rewrite.Stage, ctx *buildctx.Context, c, r int, dir string, calls []shell.Call) error {
	in := st.Body[r]
	line := st.Body[c].Line()
	var files []string
	for _, call := range calls {
		args := call.Args
		if path.Base(call.Name()) == "python" || path.Base(call.Name()) == "python3" {
			args = args[2:] // python -m pip ...
		}
		if !call.AllKnown() || call.Dir != dir || len(args) < 2 || args[1] != "install" {
			return rewrite.Skipf(in.Line(), "deps-first: this RUN does more than pip install -r in the WORKDIR (%s)", strings.Join(call.Args, " "))
		}
		for i := 2; i < len(args); i++ {
			switch a := args[i]; {
			case (a == "-r" || a == "--requirement") && i+1 < len(args):
				files = append(files, path.Clean(args[i+1]))
				i++
			case strings.HasPrefix(a, "-"):
			default:
				return rewrite.Skipf(in.Line(), "deps-first: pip install %s installs more than the requirements", a)
			}
		}
	}
	if len(files) == 0 {
		return rewrite.Skipf(in.Line(), "deps-first: the pip install names no requirements file")
	}
	if manifestsCopied(st, c, files...) {
		return rewrite.Skipf(line, "deps-first: %s is copied before the sources already", files[0])
	}
	for _, f := range files {
		data, err := ctx.ReadFile(f)
		if err != nil || strings.Contains(f, "/") {
			return rewrite.Skipf(line, "deps-first: %s is not a file at the build context's root", f)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.TrimSpace(l); fromContext(l) {
				return rewrite.Skipf(line, "deps-first: %s installs from the context (%s), which the install would need", f, l)
			}
		}
	}
	return moveInstall(p, st, c, r, files)
}

// fromContext tells whether a line of a requirements file names a file
// or folder of the build context: an editable or local project, another
// requirements or constraints file, a local wheel or archive, a folder of
// wheels to find them in (--find-links ./wheels).
func fromContext(l string) bool {
	l, _, _ = strings.Cut(l, " #") // a comment after the requirement
	word, rest, _ := strings.Cut(l, " ")
	word, value, _ := strings.Cut(word, "=") // --find-links=./wheels
	if value == "" {
		value = strings.TrimSpace(rest)
	}
	switch word {
	case "-e", "--editable", "-r", "--requirement", "-c", "--constraint":
		return true
	case "-f", "--find-links":
		return !strings.Contains(value, "://") || strings.HasPrefix(value, "file:")
	}
	if strings.HasPrefix(l, "-e") || strings.HasPrefix(l, "-r") || strings.HasPrefix(l, "-c") {
		return true // -r other.txt written without a space: -rother.txt
	}
	archive := strings.HasSuffix(l, ".whl") || strings.HasSuffix(l, ".tar.gz") || strings.HasSuffix(l, ".zip")
	return strings.HasPrefix(l, ".") || strings.HasPrefix(l, "/") || strings.Contains(l, "file:") ||
		archive && !strings.Contains(l, "://")
}

// moveInstall copies the manifests (and folders the install reads, each
// to the same place) and runs the install before the COPY of the sources,
// where the install's RUN was after it.
func moveInstall(p *rewrite.Pass, st *rewrite.Stage, c, r int, manifests []string, dirs ...string) error {
	doc, in := st.Doc, st.Body[r]
	run := doc.Text(in.CommentStart, in.End) // the RUN moves with its comments
	if !strings.HasSuffix(run, "\n") {
		run += doc.Newline
	}
	lines := doc.Keyword("COPY") + " " + strings.Join(manifests, " ") + " ./" + doc.Newline
	for _, d := range dirs {
		lines += doc.Keyword("COPY") + " " + d + " ./" + d + "/" + doc.Newline // a folder's COPY brings its content
	}
	lines += run
	p.Edits = append(p.Edits, dockerfile.Insert(doc.Offset(st.Body[c].CommentStart), lines), doc.DeleteLines(in.CommentStart, in.End))
	p.Notef(st.Body[c].Line(), "deps-first: %s copied and line %d's install moved before the sources, into layers a source change keeps", strings.Join(append(manifests, dirs...), ", "), in.Line())
	return nil
}

func mavenFirst(p *rewrite.Pass, st *rewrite.Stage, ctx *buildctx.Context, c, r int, wrapper bool) error {
	line := st.Body[c].Line()
	if manifestsCopied(st, c, "pom.xml") {
		return rewrite.Skipf(line, "deps-first: pom.xml is copied before the sources already")
	}
	copies, fetch, what := []string{"COPY pom.xml ./"}, "mvn -B dependency:go-offline", "pom.xml"
	if wrapper {
		// The Maven wrapper: the script and .mvn/wrapper, which say which
		// Maven it downloads.
		if ok, dir := ctx.Stat("mvnw"); !ok || dir {
			return rewrite.Skipf(line, "deps-first: the build context has no mvnw at its root")
		}
		if ok, dir := ctx.Stat(".mvn"); !ok || !dir {
			return rewrite.Skipf(line, "deps-first: the build context has no .mvn folder, which mvnw reads")
		}
		copies, fetch, what = []string{"COPY mvnw pom.xml ./", "COPY .mvn .mvn"}, "./mvnw -B dependency:go-offline", "mvnw, .mvn and pom.xml"
		// A checkout made on Windows loses the script's mode: the files
		// that chmod +x it where they build do so before the fetch too.
		if calls, _, _ := st.Calls(r); slices.ContainsFunc(calls, func(call shell.Call) bool { return path.Base(call.Name()) == "chmod" }) {
			fetch = "chmod +x mvnw && " + fetch
		}
	}
	data, err := ctx.ReadFile("pom.xml")
	switch {
	case err != nil:
		return rewrite.Skipf(line, "deps-first: the build context has no pom.xml at its root")
	case strings.Contains(string(data), "<modules>"):
		return rewrite.Skipf(line, "deps-first: a multi-module pom.xml needs its modules' poms to resolve")
	case strings.Contains(string(data), "<parent>") && strings.Contains(string(data), "<relativePath>"):
		return rewrite.Skipf(line, "deps-first: pom.xml's parent is a file of the context")
	}
	p.Edits = append(p.Edits, insertBefore(st, c, append(copies, "RUN "+fetchFlags(st.Body[r])+fetch)...))
	p.Notef(line, "deps-first: %s copied and the dependencies downloaded before the sources, in layers a source change keeps", what)
	return nil
}
