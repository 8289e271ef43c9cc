package transforms

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Node detects npm or pnpm installs in a node:* builder. The application
// folder, build output and node_modules included, is copied onto the slim
// image of the same Node version from a stage that prunes the development
// dependencies (offline: pruning only deletes).
var Node = rewrite.Toolchain{
	Name:     "node",
	Doc:      "npm ci/install or pnpm install (and a build script) in a node image, or npm with the nodejs of debian's or ubuntu's packages; the pruned app folder on node:<same version>-slim, or on the builder's release",
	Families: []string{"node"},
	Tools:    []string{"npm", "npx", "pnpm", "yarn", "node", "corepack"},
	Detect:   detectNode,
}

var nodeBuildOnly = rewrite.WordSet(`NPM_CONFIG_LOGLEVEL NPM_CONFIG_UPDATE_NOTIFIER NPM_CONFIG_FUND NPM_CONFIG_AUDIT
	YARN_CACHE_FOLDER DEBIAN_FRONTEND`)

func detectNode(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.Build, error) {
	allNpm, err := st.CallsOf("npm", "ci", "install", "i")
	if err != nil {
		return nil, err
	}
	// npm install -g pnpm (or serve, pm2) installs a tool, not the
	// project: the runtime stage repeats it when CMD runs the tool.
	var npm, globalInstalls []rewrite.ToolCall
	for _, tc := range allNpm {
		if _, ok := globalPackages(tc.Call); ok {
			globalInstalls = append(globalInstalls, tc)
		} else {
			npm = append(npm, tc)
		}
	}
	// npm install -g . and npm link, run in a folder, link its package
	// into the global folders: the runtime stage links it again when the
	// container runs one of its programs.
	var localLinks []rewrite.ToolCall
	for _, tc := range globalInstalls {
		if pkgs, _ := globalPackages(tc.Call); len(pkgs) == 1 && path.Clean(pkgs[0]) == "." && path.Base(tc.Call.Name()) == "npm" {
			localLinks = append(localLinks, tc)
		}
	}
	links, err := st.CallsOf("npm", "link")
	if err != nil {
		return nil, err
	}
	for _, tc := range links {
		if len(tc.Call.Args) == 2 {
			localLinks = append(localLinks, tc)
		}
	}
	corepack, err := st.CallsOf("corepack", "enable")
	if err != nil {
		return nil, err
	}
	pnpm, err := st.CallsOf("pnpm", "install", "i")
	if err != nil {
		return nil, err
	}
	yarn, err := st.CallsOf("yarn")
	if err != nil {
		return nil, err
	}
	var yarnInstalls []rewrite.ToolCall
	for _, tc := range yarn {
		if _, ok := globalPackages(tc.Call); ok {
			globalInstalls = append(globalInstalls, tc) // yarn global add pm2
			continue
		}
		// `yarn` alone is `yarn install`.
		if len(tc.Call.Args) == 1 || tc.Call.Known[1] && (tc.Call.Args[1] == "install" || strings.HasPrefix(tc.Call.Args[1], "--")) {
			yarnInstalls = append(yarnInstalls, tc)
		}
	}
	managers := 0
	for _, n := range []int{len(npm), len(pnpm), len(yarnInstalls)} {
		if n > 0 {
			managers++
		}
	}
	switch {
	case managers == 0:
		return nil, nil
	case managers > 1:
		return nil, rewrite.Skipf(st.From.Line(), "installs with more than one package manager: not handled")
	}
	ctx := p.Options.Context
	proj, projErr := nodeProject(st, ctx, slices.Concat(npm, pnpm, yarnInstalls)[0])
	berry := len(yarnInstalls) > 0 && projErr == nil && yarnBerry(ctx, proj)
	// berryCorepack says the container's yarn is the project's Yarn 2+
	// through corepack, which the build enabled and which downloaded it
	// into its cache: the runtime stage enables corepack and gets the cache.
	berryCorepack := false
	var yarnCache *rewrite.Artifact
	if berry {
		rc := yarnrc(ctx, proj)
		if in := containerRuns(st, ctx, "yarn"); in != nil && rc["yarnPath"] == "" {
			// Without yarnPath, Yarn 2+ runs through corepack, which the
			// runtime stage's classic yarn is not.
			if len(corepack) == 0 || corepack[0].Index > yarnInstalls[0].Index || corepackCache(st, yarnInstalls) == "" {
				return nil, rewrite.Skipf(in.Line(), "%s runs yarn, and the project's Yarn 2+ has no yarnPath in .yarnrc.yml: it runs through corepack, which downloads it on first use, and no corepack enable before the install put it where the runtime stage can get it", strings.ToUpper(in.Name()))
			}
			berryCorepack = true
		}
		if linker := rc["nodeLinker"]; (linker == "" || linker == "pnp") && rc["enableGlobalCache"] != "false" {
			// Yarn 4 keeps the packages Plug'n'Play loads in
			// ~/.yarn/berry/cache unless told otherwise: the runtime
			// stage gets the build's.
			cache := yarnGlobalCache(st, yarnInstalls[0], rc)
			if cache == "" {
				return nil, rewrite.Skipf(yarnInstalls[0].In.Line(), "Yarn 2+ with Plug'n'Play loads the packages from its global cache (enableGlobalCache), and where the install kept it cannot be told (set nodeLinker: node-modules, or enableGlobalCache: false)")
			}
			yarnCache = &rewrite.Artifact{Path: cache, Dir: true, Line: yarnInstalls[0].In.Line(), How: pnpCacheHow}
		}
	}
	img := st.BaseImage
	distro := distroNode(st)
	switch {
	case !distro:
		if err := p.OfficialImage(st, "a Node install"); err != nil {
			return nil, err
		}
	case len(pnpm) > 0 || len(yarn) > 0 || len(corepack) > 0:
		return nil, rewrite.Skipf(st.From.Line(), "yarn, pnpm or corepack with the Node %s's packages install: not handled (they are on the official node images)", img.Repo)
	case len(globalInstalls) > 0 || len(localLinks) > 0:
		return nil, rewrite.Skipf(slices.Concat(globalInstalls, localLinks)[0].In.Line(), "a global npm install with the Node %s's packages install: not handled (it is on the official node images)", img.Repo)
	}
	installs, prune := npm, npmPrune(img)
	if distro {
		// Debian's and Ubuntu's npm go from 6 (focal) to 9: --production
		// prunes with each (from npm 7 on it warns that --omit=dev is
		// its new name; npm 6 takes --omit=dev for a setting of its own).
		prune = "npm prune --production"
	}
	switch {
	case len(pnpm) > 0:
		installs, prune = pnpm, "pnpm prune --prod"
	case berry:
		// Yarn 2+ prunes with yarn workspaces focus --production, a
		// plugin's command before Yarn 4, which would fetch again what
		// the cache lacks: the application folder is kept whole.
		installs, prune = yarnInstalls, "yarn workspaces focus --production"
	case len(yarnInstalls) > 0:
		// Yarn 1 installs production dependencies again, from the cache the
		// builder's install filled, and drops the rest.
		installs, prune = yarnInstalls, "yarn install --production --frozen-lockfile --prefer-offline --ignore-scripts"
	}
	switch {
	case strings.HasPrefix(prune, "npm prune"):
		prune += installOptions(installs, npmPruneOptions)
	case strings.HasPrefix(prune, "yarn install"):
		prune += installOptions(installs, yarnPruneOptions)
	}
	for _, tc := range installs {
		if err := tc.Decidable(); err != nil {
			return nil, err
		}
		for _, a := range tc.Call.Args[min(2, len(tc.Call.Args)):] {
			if a == "-g" || a == "--global" || strings.HasPrefix(a, "--prefix") || strings.HasPrefix(a, "--modules-folder") ||
				strings.HasPrefix(a, "--cwd") || strings.HasPrefix(a, "--dir") {
				// (Yarn's --modules-folder puts node_modules elsewhere;
				// --cwd and pnpm's --dir install another folder's project.)
				return nil, rewrite.Skipf(tc.In.Line(), "%s %s installs outside the application folder", strings.Join(tc.Call.Args[:2], " "), a)
			}
		}
	}
	app, err := appFolder(st)
	if err != nil {
		return nil, err
	}
	for _, tc := range installs {
		if tc.Call.Dir != app {
			return nil, rewrite.Skipf(tc.In.Line(), "the install runs in %s, not in the application folder %s", tc.Call.Dir, app)
		}
	}
	if projErr != nil {
		return nil, projErr
	}
	b := &rewrite.Build{BuildOnly: nodeBuildOnly.Has}
	steps, err := nodeSteps(st, app)
	if err != nil {
		return nil, err
	}
	b.Steps = steps
	b.Prune = &rewrite.PruneStage{Name: "deps", Run: []string{"RUN " + prune},
		Why: "the builder's application folder with its development dependencies pruned (" + prune + ")"}
	appHow := "the application folder (the final WORKDIR): sources, build output and production node_modules"
	if yarnCache != nil {
		appHow = "the application folder (the final WORKDIR): sources, build output and Plug'n'Play's loader (.pnp.cjs, .yarn/)"
	}
	b.Artifacts = []rewrite.Artifact{{Path: app, Dir: true, FromPrune: true, Line: installs[0].In.Line(), How: appHow}}
	b.BuildOutputs = []string{path.Join(app, "node_modules")} // pruned of the development dependencies
	user := userRuntime(b, p)
	switch {
	case user:
	case distro:
		b.Runtime = rewrite.GlibcRuntime(img)
		b.Why = "the builder's distribution and release, which installs its nodejs again: native modules need the same Node ABI and libc"
	default:
		b.Runtime = slimRuntime(img)
		b.Why = "the slim image of the same Node version and distribution: native modules need the same Node ABI and libc"
	}
	// The programs the container runs by name: the command's own, and
	// those its package.json scripts run (npm start, yarn serve, npx).
	prog := st.Program()
	var runs, start, preloads []string
	var calls [][]string
	manifest, _ := readPackageJSON(ctx, proj)
	if v, set, known := st.Final.Get("NODE_OPTIONS"); set && known {
		preloads = nodePreloads(strings.Fields(v))
	}
	if prog != nil {
		runs = append(runs, prog.Name)
		for _, c := range commandCalls(st, prog, ctx) {
			if c.dir != st.Final.Workdir && len(c.words) > 0 && nodeRunners.Has(path.Base(c.words[0])) {
				// After a cd, npm reads another package.json than
				// the one read here.
				start = append(start, "")
				continue
			}
			ns := nodeStartPrograms(c.words, manifest.Scripts, c.inScript)
			start, calls = append(start, ns.progs...), append(calls, ns.calls...)
			preloads = append(preloads, ns.preloads...)
			if !ns.whole {
				start = append(start, "") // a program whose name cannot be known
			}
		}
		runs = append(runs, start...)
	}
	for _, e := range jsFacts(ctx).programs {
		// execSync("npx prisma migrate deploy") and spawn("npm", ["run",
		// "build:css"]) in the sources: what the package manager runs is
		// the container's too, from node_modules/.bin.
		if name := path.Base(e.Name); nodeRunners.Has(name) && name != "node" && name != "corepack" {
			ns := nodeStartPrograms(append([]string{e.Name}, e.Args...), manifest.Scripts, false)
			start, calls = append(start, ns.progs...), append(calls, ns.calls...)
			if !ns.whole {
				start = append(start, "")
			}
		}
	}
	// CMD ["pnpm", "start"], CMD ["serve", "-s", "build"]: the program
	// comes from npm install -g in the builder; the runtime stage gets it
	// the same way.
	if _, set, _ := st.Final.Get("NODE_PATH"); set && len(globalInstalls) > 0 {
		return nil, rewrite.Skipf(globalInstalls[0].In.Line(), "npm install -g with NODE_PATH set: the program may load the global packages, which the runtime stage would lack")
	}
	if yarnCache != nil {
		b.Artifacts = append(b.Artifacts, *yarnCache)
	}
	var global []string // the programs global installs provide
	for i, name := range runs {
		what := strings.ToUpper(prog.In.Name()) + " runs " + name
		if i > 0 {
			// Through npm, npx, a package.json script or a script file.
			what = strings.ToUpper(prog.In.Name()) + " starts " + name + " (through " + runs[0] + ")"
		}
		if name == "yarn" && berryCorepack && !slices.Contains(global, name) {
			global = append(global, name)
			if err := corepackRuntime(b, st, corepack[0], globalInstalls, corepackCache(st, yarnInstalls), yarnInstalls[0].In.Line(), what, "yarn"); err != nil {
				return nil, err
			}
			continue
		}
		if name == "" || strings.Contains(name, "/") || slimHas(b, name) || slices.Contains(global, name) {
			continue
		}
		from := globalInstallOf(globalInstalls, name, len(st.Body))
		if bin, ok := manifest.bins()[name]; ok && from == nil {
			// npm install -g . (or npm link) of the application itself.
			if j := slices.IndexFunc(localLinks, func(tc rewrite.ToolCall) bool { return tc.Call.Dir == app }); j >= 0 {
				if err := linkGlobalBin(b, st, localLinks[j], manifest, app, name, bin); err != nil {
					return nil, err
				}
				global = append(global, name)
				continue
			}
		}
		switch {
		case from != nil:
			global = append(global, name)
			line := strings.Join(from.Call.Args, " ")
			if !slices.ContainsFunc(b.RuntimeRun, func(r rewrite.RuntimeRun) bool { return r.Line == line }) {
				b.RuntimeRun = append(b.RuntimeRun, rewrite.RuntimeRun{Line: line, Provides: []string{name}, From: from,
					Why: what + ", which line " + strconv.Itoa(from.In.Line()) + " installed globally in the builder"})
			}
		case i > 0 && (nodeRunners.Has(name) || manifest.declares(nodeBinPackage(name))):
			// npm runs scripts with node_modules/.bin on PATH: a
			// dependency's program is the application folder's.
		case name == "pnpm" && len(corepack) > 0:
			// corepack's pnpm downloads itself on first use, into
			// corepack's cache: the runtime stage enables corepack again
			// and gets the pnpm the build downloaded.
			cache := corepackCache(st, pnpm)
			if cache == "" {
				return nil, rewrite.Skipf(prog.In.Line(), "%s through corepack, which downloads pnpm on first use, and where the build's pnpm went cannot be told: the runtime stage would need the network (install it with npm install -g pnpm, or run node)", what)
			}
			global = append(global, name)
			if err := corepackRuntime(b, st, corepack[0], globalInstalls, cache, pnpm[0].In.Line(), what, "pnpm"); err != nil {
				return nil, err
			}
		case len(globalInstalls) > 0 && !onPath(path.Join(st.Final.Workdir, "node_modules/.bin"), finalPath(st)):
			tc := globalInstalls[0]
			pkgs, _ := globalPackages(tc.Call)
			return nil, rewrite.Skipf(prog.In.Line(), "%s, which %s lacks: the global npm install on line %d may provide it, but which programs %s installs cannot be told", what, b.Runtime, tc.In.Line(), strings.Join(pkgs, ", "))
		}
	}
	var fromDeps []string // what node_modules/.bin must provide
	for _, name := range start {
		if !slices.Contains(global, name) {
			fromDeps = append(fromDeps, name)
		}
	}
	keep := unsavedInstall(npm)
	if berry {
		keep = "Yarn 2+ (.yarnrc.yml) prunes with a plugin's command"
	}
	if err := nodeNeeds(b, st, p, proj, prune, keep, fromDeps, preloads, calls); err != nil {
		return nil, err
	}
	if !user {
		namesBeforeT64(p, img, b.Libraries, releasesUnsure(img))
		if err := sameOnEvery(st, img, tableLibraries(b.Libraries), releasesUnsure(img)...); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// corepackRuntime has the runtime stage enable corepack as the builder
// did, and copy corepack's cache with the package manager the build
// downloaded, so that the container's runs it without the network.
func corepackRuntime(b *rewrite.Build, st *rewrite.Stage, enable rewrite.ToolCall, globalInstalls []rewrite.ToolCall, cache string, line int, what, manager string) error {
	if !slimHas(b, "corepack") {
		// Node 25 on: corepack is npm's package, installed globally.
		from := globalInstallOf(globalInstalls, "corepack", enable.Index)
		if from == nil {
			return rewrite.Skipf(enable.In.Line(), "%s through corepack, which %s lacks (Node 25 stopped distributing it) and no npm install -g before this line installed", what, b.Runtime)
		}
		b.RuntimeRun = append(b.RuntimeRun, rewrite.RuntimeRun{Line: strings.Join(from.Call.Args, " "), Provides: []string{"corepack"}, From: from,
			Why: "corepack enable needs corepack, which line " + strconv.Itoa(from.In.Line()) + " installed globally in the builder"})
	}
	b.RuntimeRun = append(b.RuntimeRun, rewrite.RuntimeRun{Line: strings.Join(enable.Call.Args, " "), Provides: []string{manager}, From: &enable,
		Why: what + " through corepack, which line " + strconv.Itoa(enable.In.Line()) + " enabled in the builder"})
	b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: cache, Dir: true, Line: line,
		How: "corepack's cache, with the " + manager + " the build downloaded, which the container's " + manager + " runs without the network"})
	return nil
}

// globalInstallOf is the last of the global installs up to Body[upTo]
// whose packages put a program on PATH (globalBins), nil for none.
func globalInstallOf(installs []rewrite.ToolCall, program string, upTo int) *rewrite.ToolCall {
	var from *rewrite.ToolCall
	for j, tc := range installs {
		if tc.Index > upTo {
			continue
		}
		pkgs, _ := globalPackages(tc.Call)
		for _, pkg := range pkgs {
			if slices.Contains(globalBins(pkg), program) {
				from = &installs[j]
			}
		}
	}
	return from
}

// yarnGlobalCache is where Yarn 4 kept the packages of the install's
// global cache: the user's ~/.yarn/berry/cache, as the call sees HOME;
// "" when the install runs as another user than root, or where a
// variable or .yarnrc.yml moves the folder, which msrewrite does not follow.
func yarnGlobalCache(st *rewrite.Stage, install rewrite.ToolCall, rc map[string]string) string {
	c := install.Call
	for _, v := range []string{"YARN_GLOBAL_FOLDER", "YARN_CACHE_FOLDER", "XDG_DATA_HOME"} {
		if _, set, _ := c.Getenv(v); set {
			return ""
		}
	}
	home := rootHome(st, install)
	if rc["globalFolder"] != "" || rc["cacheFolder"] != "" || home == "" {
		return ""
	}
	return path.Join(home, ".yarn/berry/cache")
}

// rootHome is HOME as a call run by root sees it (/root unless set); ""
// for a call run as another user, or a HOME that cannot be known.
func rootHome(st *rewrite.Stage, tc rewrite.ToolCall) string {
	if nonRootUser(st.Before[tc.Index].User) != "" {
		return ""
	}
	home, set, known := tc.Call.Getenv("HOME")
	switch {
	case !set:
		return "/root"
	case !known || !path.IsAbs(home):
		return ""
	}
	return home
}

// corepackCache is where corepack keeps the package manager the build's
// first install with it (pnpm's, Yarn 2+'s) downloaded: COREPACK_HOME, or
// ~/.cache/node/corepack of root (HOME as the call sees it); "" when the
// build runs no such install, or runs it as another user or with
// XDG_CACHE_HOME, which msrewrite does not follow.
func corepackCache(st *rewrite.Stage, installs []rewrite.ToolCall) string {
	if len(installs) == 0 || !corepackUsesCacheFolder(st.BaseImage.Env["NODE_VERSION"]) {
		return ""
	}
	c := installs[0].Call
	if v, set, known := c.Getenv("COREPACK_HOME"); set {
		if !known || !path.IsAbs(v) {
			return ""
		}
		return path.Clean(v)
	}
	home := rootHome(st, installs[0])
	if _, set, _ := c.Getenv("XDG_CACHE_HOME"); set || home == "" {
		return ""
	}
	return path.Join(home, ".cache/node/corepack")
}

// corepackUsesCacheFolder tells whether the corepack of a node version
// keeps its cache in ~/.cache/node/corepack: from corepack 0.13
// (nodejs/corepack#152), which Node bundles from 16.17 and 18.8 on;
// before, it was ~/.node/corepack. A tag naming a major alone stands for
// its latest release.
func corepackUsesCacheFolder(version string) bool {
	major, ok := nodeMajor(version)
	if !ok {
		return false
	}
	_, rest, _ := strings.Cut(version, ".")
	minorText, _, _ := strings.Cut(rest, ".")
	minor, err := strconv.Atoi(minorText)
	switch {
	case major >= 19:
		return true
	case major == 18:
		return err != nil || minor >= 8
	case major == 16:
		return err != nil || minor >= 17
	}
	return false
}

// packageJSON is what msrewrite reads of a package.json.
type packageJSON struct {
	Name            string            `json:"name"`
	Bin             json.RawMessage   `json:"bin"`
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
	Scripts         map[string]string `json:"scripts"`
	// Workspaces are npm's and Yarn's: a list of folder patterns, or
	// Yarn 1's {"packages": [...]}.
	Workspaces json.RawMessage `json:"workspaces"`
}

// pnpmWorkspaces reads the packages list of pnpm-workspace.yaml, in the
// block form pnpm's documentation writes (`packages:` then `  - "apps/*"`
// lines); ok is false for any other form.
func pnpmWorkspaces(yaml string) (patterns []string, ok bool) {
	in := false
	for _, line := range strings.Split(yaml, "\n") {
		line = strings.TrimRight(line, " \r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case line[0] != ' ' && line[0] != '-':
			in = trimmed == "packages:"
			if !in && strings.HasPrefix(trimmed, "packages:") {
				return nil, false // a flow list: packages: [...]
			}
		case in:
			item, isItem := strings.CutPrefix(trimmed, "- ")
			if !isItem {
				return nil, false
			}
			if i := strings.Index(item, " #"); i >= 0 {
				item = item[:i]
			}
			patterns = append(patterns, strings.Trim(strings.TrimSpace(item), `"'`))
		}
	}
	return patterns, true
}

// workspaceManifests reads the package.json of each workspace the
// project's package.json (npm, Yarn) or pnpm-workspace.yaml names; ok
// is false when a pattern or a manifest cannot be read (** patterns
// among them).
func workspaceManifests(ctx *buildctx.Context, proj string, m packageJSON) (out []packageJSON, ok bool) {
	var patterns []string
	switch {
	case len(m.Workspaces) > 0:
		if json.Unmarshal(m.Workspaces, &patterns) != nil {
			var yarn struct {
				Packages []string `json:"packages"`
			}
			if json.Unmarshal(m.Workspaces, &yarn) != nil {
				return nil, false
			}
			patterns = yarn.Packages
		}
	default:
		data, err := ctx.ReadFile(path.Join(proj, "pnpm-workspace.yaml"))
		if err != nil {
			return nil, true // no workspaces
		}
		if patterns, ok = pnpmWorkspaces(string(data)); !ok {
			return nil, false
		}
	}
	for _, pat := range patterns {
		if strings.Contains(pat, "**") || strings.HasPrefix(pat, "!") {
			return nil, false
		}
		dirs, err := ctx.Glob(path.Join(proj, pat))
		if err != nil {
			return nil, false
		}
		for _, dir := range dirs {
			if _, isDir := ctx.Stat(dir); !isDir {
				continue
			}
			if exists, _ := ctx.Stat(path.Join(dir, "package.json")); !exists {
				continue // npm skips a folder the pattern matches without one
			}
			ws, ok := readPackageJSON(ctx, dir)
			if !ok {
				return nil, false
			}
			out = append(out, ws)
		}
	}
	return out, true
}

// declares tells whether package.json lists a package among its
// dependencies or devDependencies.
func (m packageJSON) declares(pkg string) bool {
	_, prod := m.Dependencies[pkg]
	_, dev := m.DevDependencies[pkg]
	return prod || dev
}

// packageJSONKey memoizes readPackageJSON in its context, by folder.
type packageJSONKey struct{ dir string }

// readPackageJSON reads the package.json of a folder of the context (the
// project's, nodeProject), once per folder.
func readPackageJSON(ctx *buildctx.Context, dir string) (packageJSON, bool) {
	if ctx == nil {
		return packageJSON{}, false
	}
	m, ok := ctx.Memo(packageJSONKey{dir}, func() any {
		var m packageJSON
		data, err := ctx.ReadFile(path.Join(dir, "package.json"))
		if err != nil || json.Unmarshal(data, &m) != nil {
			return nil
		}
		return m
	}).(packageJSON)
	return m, ok
}

// bins are the programs a package puts on PATH when installed globally,
// each with its file in the package: "bin" is a map of them, or one file
// under the package's own name (its scope left out).
func (m packageJSON) bins() map[string]string {
	var one string
	if json.Unmarshal(m.Bin, &one) == nil && one != "" && m.Name != "" {
		return map[string]string{path.Base(m.Name): one}
	}
	var many map[string]string
	json.Unmarshal(m.Bin, &many)
	return many
}

// packageLockKey memoizes lockedPackages in its context, by folder.
type packageLockKey struct{ dir string }

// lockedPackages reads package-lock.json (or npm-shrinkwrap.json, or else
// yarnPnpmLocked) in the project's folder: every package the install
// installs, the dependencies' dependencies too, each with whether only
// the devDependencies bring it (pruned). Lockfile versions 2 and 3 list
// them under "packages" by their node_modules path; version 1 nests them
// under "dependencies".
func lockedPackages(ctx *buildctx.Context, dir string) map[string]bool {
	if ctx == nil {
		return nil
	}
	return ctx.Memo(packageLockKey{dir}, func() any {
		type dep struct {
			Dev          bool                       `json:"dev"`
			Dependencies map[string]json.RawMessage `json:"dependencies"`
		}
		var lock struct {
			Packages     map[string]dep             `json:"packages"`
			Dependencies map[string]json.RawMessage `json:"dependencies"`
		}
		data, err := ctx.ReadFile(path.Join(dir, "npm-shrinkwrap.json"))
		if err != nil {
			data, err = ctx.ReadFile(path.Join(dir, "package-lock.json"))
		}
		if err != nil {
			return yarnPnpmLocked(ctx, dir)
		}
		if json.Unmarshal(data, &lock) != nil {
			return map[string]bool(nil)
		}
		out := map[string]bool{} // name: only dev
		add := func(name string, dev bool) {
			if only, seen := out[name]; !seen || only {
				out[name] = dev
			}
		}
		for p, d := range lock.Packages {
			if i := strings.LastIndex(p, "node_modules/"); i >= 0 {
				add(p[i+len("node_modules/"):], d.Dev)
			}
		}
		var walk func(map[string]json.RawMessage)
		walk = func(deps map[string]json.RawMessage) {
			for name, raw := range deps {
				var d dep
				if json.Unmarshal(raw, &d) == nil {
					add(name, d.Dev)
					walk(d.Dependencies)
				}
			}
		}
		if len(lock.Packages) == 0 {
			walk(lock.Dependencies)
		}
		return out
	}).(map[string]bool)
}

// yarnPnpmLocked reads the package names of yarn.lock (Yarn 1's and
// Yarn 2+'s, `"name@range", name@npm:range:`) or pnpm-lock.yaml (the keys
// of its packages: name@version, /name@version, /name/version), none of
// them counted as brought by devDependencies only: those files do not
// say (pnpm's dev flag is gone from version 9).
func yarnPnpmLocked(ctx *buildctx.Context, dir string) map[string]bool {
	out := map[string]bool{}
	if data, err := ctx.ReadFile(path.Join(dir, "yarn.lock")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if line == "" || line[0] == ' ' || line[0] == '#' || !strings.HasSuffix(line, ":") {
				continue
			}
			for _, spec := range strings.Split(strings.TrimSuffix(line, ":"), ",") {
				spec = strings.Trim(strings.TrimSpace(spec), `"`)
				if at := strings.LastIndex(spec, "@"); at > 0 {
					name, _, _ := strings.Cut(spec[:at], "@npm:")
					out[name] = false
				}
			}
		}
		return out
	}
	data, err := ctx.ReadFile(path.Join(dir, "pnpm-lock.yaml"))
	if err != nil {
		return nil
	}
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case line == "":
		case line[0] != ' ':
			in = line == "packages:"
		case in && strings.HasPrefix(line, "  ") && line[2] != ' ' && strings.HasSuffix(line, ":"):
			key := strings.TrimPrefix(strings.Trim(strings.TrimSuffix(strings.TrimSpace(line), ":"), `'"`), "/")
			key, _, _ = strings.Cut(key, "(") // name@1.0.0(peer@2.0.0)
			if at := strings.LastIndex(key, "@"); at > 0 {
				out[key[:at]] = false
			} else if slash := strings.LastIndex(key, "/"); slash > 0 {
				out[key[:slash]] = false // lockfile 5: /name/1.0.0
			}
		}
	}
	return out
}

// nodeProject is the context folder of the package.json an install
// reads, the one a COPY put in the folder it runs in: msrewrite reads the
// project there (its lockfile, .yarnrc.yml, framework configurations).
// An install whose package.json cannot be read is refused: which
// packages it brings and what the scripts run would be a guess.
func nodeProject(st *rewrite.Stage, ctx *buildctx.Context, install rewrite.ToolCall) (string, error) {
	what := install.Call.Summary()
	src, ok := contextPathAt(st, ctx, install.Index, path.Join(install.Call.Dir, "package.json"))
	switch {
	case ctx == nil:
		return "", rewrite.Skipf(install.In.Line(), "%s reads package.json, and the build context that holds it cannot be seen: which packages it installs and what its scripts run cannot be known", what)
	case !ok:
		return "", rewrite.Skipf(install.In.Line(), "%s reads a package.json that no COPY brings from the build context: which packages it installs and what its scripts run cannot be known", what)
	}
	return path.Dir(src), nil
}

// nodeStart is what a container command runs through package.json
// scripts (nodeStartPrograms).
type nodeStart struct {
	// progs are the programs' names; preloads the packages node's own
	// options load.
	progs, preloads []string
	// calls are the programs' command lines ("next start -p 80"), with
	// "" for a word that cannot be known.
	calls [][]string
	// whole is false when a program cannot be named (a variable, a flag
	// before the subcommand, scripts too deep).
	whole bool
}

// nodeStartPrograms reads the programs a container command runs through
// package.json scripts: npm start (stop, test, restart), npm run X, yarn
// X and pnpm X run script X, with its pre- and post- scripts, with
// node_modules/.bin on PATH; npx X, npm exec X, yarn exec X, pnpm exec
// X, and yarn X or pnpm X where X is no script and no command of theirs,
// run X.
// Scripts that run scripts are followed; inScript tells a call of a
// shell script (whose programs count) from the command line's own.
func nodeStartPrograms(args []string, scripts map[string]string, inScript bool) nodeStart {
	var progs, preloads []string
	var calls [][]string
	whole := true
	var run func(args []string, depth int)
	run = func(args []string, depth int) {
		if len(args) == 0 {
			return
		}
		for len(args) > 1 && args[0] == "exec" {
			args = args[1:] // exec next start: the shell becomes next
		}
		if args[0] == "" || depth > 8 {
			whole = false
			return
		}
		name, rest := path.Base(args[0]), args[1:]
		if name == "node" {
			preloads = append(preloads, nodePreloads(rest)...)
			return
		}
		if name != "npm" && name != "yarn" && name != "pnpm" && name != "npx" {
			if depth > 0 && !shellBuiltins[name] {
				calls = append(calls, args)
				if !slices.Contains(progs, name) {
					progs = append(progs, name)
				}
			}
			if processManagers.Has(name) {
				// What it starts counts as the command line's own.
				switch target, after := managedTarget(rest); {
				case nodeEntry(target):
				case target == "npm" || target == "yarn" || target == "pnpm" || target == "npx":
					run(append([]string{target}, after...), depth+1)
				default:
					// An ecosystem file, whose apps may run anything
					// (ts-node, npm run dev), or a word not understood.
					whole = false
				}
			}
			return
		}
		if name == "npx" || len(rest) > 0 && (rest[0] == "exec" || name == "npm" && rest[0] == "x" || name != "npm" && rest[0] == "dlx") {
			if name != "npx" {
				rest = rest[1:]
			}
			for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
				rest = rest[1:] // npx --yes ts-node, npm exec -- prisma: flags without values
			}
			run(rest, depth+1)
			return
		}
		if len(rest) == 0 {
			return // yarn alone installs
		}
		if rest[0] == "" || strings.HasPrefix(rest[0], "-") || rest[0] == "workspace" || rest[0] == "workspaces" {
			whole = false
			return
		}
		if slices.ContainsFunc(rest, otherPackageFlag) {
			// A workspace's scripts, or another folder's: not the
			// package.json read here.
			whole = false
			return
		}
		script := ""
		switch {
		case rest[0] == "run" || rest[0] == "run-script":
			if len(rest) < 2 || rest[1] == "" {
				whole = false
				return
			}
			script = rest[1]
		case rest[0] == "start" || rest[0] == "stop" || rest[0] == "test" || rest[0] == "restart":
			script = rest[0]
		case name != "npm" && scripts[rest[0]] != "":
			script = rest[0] // yarn serve, pnpm serve
		case name != "npm" && !managerCommands.Has(rest[0]):
			// yarn prisma migrate deploy: Yarn and pnpm run a
			// dependency's program by its name.
			run(rest, depth+1)
			return
		default:
			return // npm install, yarn add: not a script
		}
		for _, s := range []string{"pre" + script, script, "post" + script} {
			if scripts[s] == "" {
				continue
			}
			calls, err := shell.Calls(scripts[s], shell.State{})
			if err != nil {
				whole = false
				continue
			}
			for _, c := range calls {
				run(callWords(c), depth+1)
			}
		}
	}
	depth := 0
	if inScript {
		depth = 1
	}
	run(args, depth)
	return nodeStart{progs: progs, preloads: preloads, calls: calls, whole: whole}
}

// processManagers are the programs that start a Node program from their
// arguments: pm2's (pm2 start, pm2-runtime, pm2-docker) and forever's.
var processManagers = rewrite.WordSet(`pm2 pm2-runtime pm2-docker pm2-dev forever`)

// managedTarget is what a process manager's command line starts (its
// first word that is not an option, after pm2's and forever's start) and
// the words after --, which go to it; "" when an option may choose how it
// runs (--interpreter ts-node).
func managedTarget(args []string) (target string, after []string) {
	if len(args) > 0 && args[0] == "start" {
		args = args[1:]
	}
	for i, a := range args {
		switch {
		case a == "--":
			return target, args[i+1:]
		case strings.HasPrefix(a, "--interpreter") || strings.HasPrefix(a, "--node-args") || a == "-c" || a == "--command":
			return "", nil
		case strings.HasPrefix(a, "-"):
		case target == "":
			target = a
		}
	}
	return target, nil
}

// nodeEntry tells whether a process manager's target is a JavaScript
// file, which it runs with node as node would; TypeScript needs ts-node.
func nodeEntry(target string) bool {
	switch path.Ext(target) {
	case ".js", ".mjs", ".cjs":
		return !strings.Contains(path.Base(target), "config") // ecosystem.config.js is pm2's own
	}
	return false
}

// managerCommands are Yarn's and pnpm's own commands: any other first
// word that is not a script of package.json names a program of
// node_modules/.bin they run.
var managerCommands = rewrite.WordSet(`add audit autoclean bin cache check config constraints create dedupe deploy dlx
	doctor env exec explain fetch generate-lock-entry global help i import info init install install-test licenses link
	list login logout ls node npm outdated owner pack patch patch-commit plugin policies prune publish rebuild remove
	rm root run set setup stage store tag team test unlink unplug up update upgrade upgrade-interactive version
	versions why workspace workspaces`)

// otherPackageFlag tells whether a word of an npm, Yarn or pnpm command
// line runs another package.json's scripts than the one in its folder
// (npm -w api, pnpm --filter web, yarn --cwd app, --prefix).
func otherPackageFlag(w string) bool {
	name, _, _ := strings.Cut(w, "=")
	return otherPackageFlags.Has(name)
}

var otherPackageFlags = rewrite.WordSet(`-w -ws --workspace --workspaces --filter -F -C --prefix --dir --cwd`)

// nodePreloads are the packages node's own options load before the
// program (node -r dotenv/config, --import tsx, --loader ts-node/esm):
// the words before the script's name, or NODE_OPTIONS's.
func nodePreloads(words []string) []string {
	var pkgs []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "-") {
			break // the script: what follows is its own
		}
		name, val, hasVal := strings.Cut(w, "=")
		switch name {
		case "-r", "--require", "--import", "--loader", "--experimental-loader":
			if !hasVal && i+1 < len(words) {
				i++
				val = words[i]
			}
			if pkg := jsPackage(val); pkg != "" {
				pkgs = append(pkgs, pkg)
			}
		}
	}
	return pkgs
}

// nodeBinPackage is the npm package that provides a program in
// node_modules/.bin: most are named after their package; the others
// from the packages' "bin" fields.
func nodeBinPackage(bin string) string {
	pkg := map[string]string{
		"tsc": "typescript", "tsserver": "typescript", "nest": "@nestjs/cli", "ng": "@angular/cli",
		"vue-cli-service": "@vue/cli-service", "remix-serve": "@remix-run/serve", "svelte-kit": "@sveltejs/kit",
		"pm2-runtime": "pm2", "pm2-docker": "pm2", "run-s": "npm-run-all", "run-p": "npm-run-all",
		"tsnd": "ts-node-dev", "babel-node": "@babel/node", "dotenv": "dotenv-cli", "sequelize": "sequelize-cli",
		"strapi": "@strapi/strapi",
	}[bin]
	if pkg == "" {
		return bin
	}
	return pkg
}

// slimHas tells whether the runtime image named by b has a program.
func slimHas(b *rewrite.Build, name string) bool {
	return rewrite.LookupImage(b.Runtime).Programs.Has(name)
}

// linkGlobalBin has the runtime stage link the application's program
// name, its file bin in the package, into the global folders again, as
// npm install -g . (or npm link) tc did in the builder: the package's
// folder in /usr/local/lib/node_modules links to the application folder,
// which the runtime stage gets, and the program in /usr/local/bin to its
// file there, as npm lays them out. npm 5 to 8, and 9.4.2 on, link the
// folder; 9.0 to 9.4.1 (Node 18.14, most of 19) and npm 4 and before
// copied it, and made the program executable in the copy alone: those
// are left alone.
func linkGlobalBin(b *rewrite.Build, st *rewrite.Stage, tc rewrite.ToolCall, m packageJSON, app, name, bin string) error {
	run := strings.Join(tc.Call.Args, " ")
	for _, v := range []string{"NPM_CONFIG_PREFIX", "npm_config_prefix"} {
		if _, set, _ := st.Final.Get(v); set {
			return rewrite.Skipf(tc.In.Line(), "%s with %s set: where npm put the package and its programs cannot be told", run, v)
		}
	}
	if clean := path.Clean(bin); m.Name == "" || path.IsAbs(bin) || clean == ".." || strings.HasPrefix(clean, "../") {
		return rewrite.Skipf(tc.In.Line(), "%s: the package.json in %s names no package or program npm could link", run, app)
	}
	version := st.BaseImage.Env["NODE_VERSION"]
	if major, ok := nodeMajor(version); ok && (major < 8 || major == 19 || major == 18 && strings.HasPrefix(version, "18.14")) {
		return rewrite.Skipf(tc.In.Line(), "%s with the npm of %s, which copies the folder into its global folder rather than linking it: not handled", run, st.BaseImage.Ref)
	}
	pkgDir := path.Join("/usr/local/lib/node_modules", m.Name)
	if !slices.ContainsFunc(b.Artifacts, func(a rewrite.Artifact) bool { return a.Path == pkgDir }) {
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: pkgDir, Link: relativeTo(path.Dir(pkgDir), app), Line: tc.In.Line(),
			How: run + " links the package " + m.Name + " to the application folder"})
	}
	b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: path.Join("/usr/local/bin", name), Link: path.Join("../lib/node_modules", m.Name, bin), Line: tc.In.Line(),
		How: run + " links the program " + name + " to the package's " + path.Clean(bin)})
	return nil
}

// relativeTo is the path of target from the folder dir, both absolute,
// as npm writes its links (../../../../opt/app from
// /usr/local/lib/node_modules).
func relativeTo(dir, target string) string {
	from, to := strings.Split(path.Clean(dir), "/")[1:], strings.Split(path.Clean(target), "/")[1:]
	if dir == "/" {
		from = nil
	}
	common := 0
	for common < len(from) && common < len(to) && from[common] == to[common] {
		common++
	}
	parts := slices.Repeat([]string{".."}, len(from)-common)
	return path.Join(append(parts, to[common:]...)...)
}

// globalPackages reads npm install -g PKG... (or yarn global add PKG...):
// the packages, and whether the call is a global install of named
// packages.
func globalPackages(c shell.Call) ([]string, bool) {
	global := false
	from := 2 // npm install -g PKG: the words after the subcommand
	if path.Base(c.Name()) == "yarn" {
		// yarn global add PKG
		if len(c.Args) < 3 || !c.Known[1] || !c.Known[2] || c.Args[1] != "global" || c.Args[2] != "add" {
			return nil, false
		}
		global, from = true, 3
	}
	var pkgs []string
	for i, a := range c.Args[min(from, len(c.Args)):] {
		switch {
		case !c.Known[i+from]:
			return nil, false
		case a == "-g" || a == "--global" || a == "--location=global":
			global = true
		case strings.HasPrefix(a, "-"):
		default:
			name := a
			if at := strings.LastIndex(a, "@"); at > 0 {
				name = a[:at] // pnpm@9, @scope/pkg@1
			}
			pkgs = append(pkgs, name)
		}
	}
	return pkgs, global && len(pkgs) > 0
}

// globalBins are the programs an npm package installed with -g puts on
// PATH: its own name, and the other bins of the packages commonly run
// that way (from their package.json "bin").
func globalBins(pkg string) []string {
	extra := map[string][]string{
		"pm2":        {"pm2-runtime", "pm2-dev", "pm2-docker"},
		"typescript": {"tsc", "tsserver"},
		"ts-node":    {"ts-node-esm", "ts-node-script"},
		"pnpm":       {"pnpx"},
		"yarn":       {"yarnpkg"},
	}
	return append([]string{pkg}, extra[pkg]...)
}

// nodePackageNeeds are npm packages that need more of the runtime image
// than Node: a program, a library, or more than msrewrite can install.
var nodePackageNeeds = map[string]packageNeed{
	"prisma":         {program: "openssl"},
	"@prisma/client": {program: "openssl"},
	// These run openssl for keys and certificates (pem honours
	// OPENSSL_BIN), which the full image has through ca-certificates.
	"pem":             {program: "openssl"},
	"openssl-wrapper": {program: "openssl"},
	"pg-native":       {dev: "libpq-dev"},
	// These run ImageMagick's convert, which the node image has
	// (buildpack-deps) and slim has not; gm runs GraphicsMagick's gm
	// unless told to use ImageMagick, as most callers do.
	"imagemagick": {program: "convert"},
	"gm":          {program: "convert"},
	"simple-git":  {program: "git"}, // runs git
	// These run git too: for the commit, tag or branch a server reports
	// (git-rev-sync, git-last-commit), or to clone (git-clone).
	"git-rev-sync":    {program: "git"},
	"git-last-commit": {program: "git"},
	"git-clone":       {program: "git"},
	// These run Python, or embed it (node-calls-python links libpython,
	// which alpine's python3 brings): node-gyp's Python stays for them.
	"python-shell":      {program: "python3"},
	"pythonia":          {program: "python3"},
	"node-calls-python": {program: "python3"},
	"libpq":             {dev: "libpq-dev"},
	"puppeteer":         {refuse: "downloads Chrome, which needs many system libraries the slim image lacks"},
	"playwright":        {refuse: "runs browsers that need many system libraries the slim image lacks"},
	"canvas":            {refuse: "links cairo, pango and their libraries"},
	// PhantomJS (html-pdf's renderer) loads fontconfig and the system's
	// fonts, which the full image has through ImageMagick and slim has not.
	"phantomjs-prebuilt": {refuse: "runs PhantomJS, which loads fontconfig and the system's fonts", imageLibs: true},
	"phantomjs":          {refuse: "runs PhantomJS, which loads fontconfig and the system's fonts", imageLibs: true},
	// These bundle Skia but draw text with the system's fonts: the full
	// image has DejaVu, slim none (the text comes out blank).
	"@napi-rs/canvas": {fonts: true},
	"skia-canvas":     {fonts: true},
	// node-gyp builds librdkafka with what the image offers: on the full
	// image SASL and OpenSSL, which slim lacks ("libsasl2.so.2: cannot
	// open shared object file", Blizzard/node-rdkafka#186, #527).
	"node-rdkafka": {refuse: "builds librdkafka against the image's libraries (Cyrus SASL, OpenSSL, ...), which ones cannot be told", imageLibs: true},
	"kerberos":     {refuse: "builds against the image's Kerberos libraries (libkrb5-dev)", imageLibs: true},
}

// nodeNeeds reads the application's package.json and sources: a
// devDependency the sources import or node preloads, or a program the container's
// package.json scripts run (start) that no dependency is known to
// provide, keeps node_modules unpruned; what the
// dependencies need (nodePackageNeeds), and the programs the sources run,
// go to the runtime stage. Libraries the build installed are mapped to
// their runtime packages, or the file is left alone.
func nodeNeeds(b *rewrite.Build, st *rewrite.Stage, p *rewrite.Pass, proj, prune, keep string, start, preloads []string, calls [][]string) error {
	runtime := rewrite.LookupImage(b.Runtime)
	libsFor := librariesFor(st, p, func(ctx *buildctx.Context) string { return jsFacts(ctx).loadsByName })
	libs, err := libsFor(runtime, "native modules")
	if err != nil {
		return err
	}
	b.Libraries = libs
	ctx := p.Options.Context
	manifest, ok := readPackageJSON(ctx, proj)
	if !ok {
		if keep != "" {
			copyUnpruned(b, p, keep, prune+" would remove the devDependencies")
		}
		return nil
	}
	facts := jsFacts(ctx)
	b.Programs = slices.Clip(facts.programs) // shared by the documents of the context: appends must not write into it
	b.Libraries = append(b.Libraries, dejavuFonts(st, runtime, facts.fonts)...)
	// A devDependency the sources import: the project's, a workspace's,
	// or one the lockfile says only devDependencies bring. The prune
	// keeps a package any workspace depends on.
	workspaces, wsKnown := workspaceManifests(ctx, proj, manifest)
	prodAll, devAll := map[string]string{}, map[string]string{}
	maps.Copy(prodAll, manifest.Dependencies)
	maps.Copy(devAll, manifest.DevDependencies)
	for _, ws := range workspaces {
		maps.Copy(prodAll, ws.Dependencies)
		maps.Copy(devAll, ws.DevDependencies)
	}
	direct := maps.Clone(devAll)
	for pkg, devOnly := range lockedPackages(ctx, proj) {
		if _, ok := devAll[pkg]; devOnly && !ok {
			devAll[pkg] = ""
		}
	}
	var devUsed []string
	for pkg := range devAll {
		if _, prod := prodAll[pkg]; !prod && facts.imports[pkg] != "" {
			devUsed = append(devUsed, pkg)
		}
	}
	unpruned, remove := keep, "would remove it"
	if keep != "" {
		remove = "would remove the devDependencies"
	}
	if !wsKnown && unpruned == "" {
		unpruned, remove = "package.json names workspaces whose manifests cannot all be read", "may remove what they need"
	}
	if len(devUsed) > 0 {
		slices.Sort(devUsed)
		unpruned = facts.imports[devUsed[0]] + " imports " + devUsed[0] + ", a devDependency"
		if _, ok := direct[devUsed[0]]; !ok {
			unpruned = facts.imports[devUsed[0]] + " imports " + devUsed[0] + ", which the lockfile installs for devDependencies only"
		}
	}
	for _, pkg := range preloads {
		if _, prod := manifest.Dependencies[pkg]; !prod && unpruned == "" && manifest.DevDependencies[pkg] != "" {
			unpruned = "node loads " + pkg + " before the program (-r, --import or NODE_OPTIONS), a devDependency"
		}
	}
	for _, c := range calls {
		if why := frameworkNeedsDev(ctx, proj, manifest, c); why != "" && unpruned == "" {
			unpruned = why
		}
	}
	for _, name := range start {
		pkg := nodeBinPackage(name)
		_, prod := manifest.Dependencies[pkg]
		_, dev := manifest.DevDependencies[pkg]
		switch {
		case name != "" && (rewrite.IsSystemProgram(name) || rewrite.DebianPrograms.Has(name)):
			b.Programs = append(b.Programs, rewrite.Exec{Name: name, Why: "a script the container starts runs it"})
		case unpruned != "":
		case name == "":
			unpruned, remove = "a script the container starts runs a program whose name cannot be known", "may remove it"
		case prod:
		case dev:
			unpruned = "a script the container starts runs " + name + ", from the devDependency " + pkg
		default:
			unpruned, remove = "a script the container starts runs "+name+", which no dependency in package.json is known to provide", "may remove it"
		}
	}
	if strings.HasPrefix(prune, "yarn install ") && unpruned == "" {
		if why := cmp.Or(yarnRestores(manifest), yarnRestoredRuns(st)); why != "" {
			unpruned, remove = why, "copies every package from the cache again and would undo it"
		}
	}
	if _, err := ctx.ReadFile(path.Join(proj, "pnpm-workspace.yaml")); err == nil && strings.HasPrefix(prune, "pnpm ") && unpruned == "" {
		// pnpm's documentation: prune does not support a monorepo; from
		// 9.5 it emptied the workspaces' node_modules (pnpm/pnpm#8307,
		// fixed only in #13724).
		unpruned, remove = "pnpm-workspace.yaml makes the project a pnpm workspace", "does not support one, and some releases empty the workspaces' node_modules"
	}
	deps := map[string]string{}
	maps.Copy(deps, manifest.Dependencies)
	if unpruned != "" {
		copyUnpruned(b, p, unpruned, prune+" "+remove)
		maps.Copy(deps, manifest.DevDependencies)
	}
	// What the dependencies bring matters as much (html-pdf-node brings
	// puppeteer): package-lock.json names them.
	brought := map[string]bool{}
	for name, devOnly := range lockedPackages(ctx, proj) {
		if _, direct := deps[name]; !direct && nodePackageNeeds[name] != (packageNeed{}) && (!devOnly || unpruned != "") {
			deps[name], brought[name] = "", true
		}
	}
	why := func(pkg string) string {
		if brought[pkg] {
			return "the lockfile installs " + pkg + " (brought by a dependency)"
		}
		return path.Join(proj, "package.json") + " depends on " + pkg
	}
	bare := bareBuilder(st.BaseImage)
	for _, pkg := range slices.Sorted(maps.Keys(deps)) {
		need, ok := nodePackageNeeds[pkg]
		switch {
		case !ok || need.imageLibs && bare:
		case pkg == "puppeteer" && puppeteerBrowser(st) != "":
			// The browser the image installs, not the one puppeteer
			// downloads: it must be in the runtime stage too.
			b.Programs = append(b.Programs, rewrite.Exec{Name: puppeteerBrowser(st), Why: why(pkg) + ", which launches PUPPETEER_EXECUTABLE_PATH", Required: true})
		case need.refuse != "":
			return rewrite.Skipf(b.Steps[0].Line(), "%s, which %s", why(pkg), need.refuse)
		case need.program != "":
			b.Programs = append(b.Programs, rewrite.Exec{Name: need.program, Why: why(pkg), Required: true})
		case need.fonts:
			if !slices.ContainsFunc(b.Libraries, func(l rewrite.Library) bool { return l.Package == "fonts-dejavu-core" }) {
				b.Libraries = append(b.Libraries, dejavuFonts(st, runtime, why(pkg)+", which draws text with the system's fonts")...)
			}
		case need.dev != "":
			lib, ok := rewrite.LibraryPackage(runtime, need.dev)
			if !ok {
				return rewrite.Skipf(b.Steps[0].Line(), "%s, which loads the library of %s, and msrewrite knows no package of it for %s", why(pkg), need.dev, runtime.Ref)
			}
			b.Libraries = append(b.Libraries, rewrite.Library{Dev: need.dev, Package: lib, Why: why(pkg)})
		}
	}
	dropGypPython(b, st, p)
	return nil
}

// puppeteerBrowser is the browser puppeteer launches instead of the
// Chrome it downloads into the user's cache (~/.cache/puppeteer, which
// the runtime stage would lack): PUPPETEER_EXECUTABLE_PATH, the image's
// chromium that its Docker guides install with apt or apk; "" when not
// set to a path.
func puppeteerBrowser(st *rewrite.Stage) string {
	v, set, known := st.Final.Get("PUPPETEER_EXECUTABLE_PATH")
	if !set || !known || !path.IsAbs(v) {
		return ""
	}
	return path.Clean(v)
}

// gypPython are the packages of the Python node-gyp runs, on Debian and
// alpine (setuptools for its distutils on Python 3.12).
var gypPython = rewrite.WordSet(`python3 python python2 python-is-python3 python3-setuptools py3-setuptools python3-distutils`)

// dropGypPython leaves in the builder the Python a native module's build
// needed: installed in the same command as a compiler (apk add python3
// make g++, the node image's advice for node-gyp), and run by nothing the
// container runs (its command, its scripts, the sources' child_process
// calls, a dependency's need: python-shell). The rest of those installs
// are build tools already.
func dropGypPython(b *rewrite.Build, st *rewrite.Stage, p *rewrite.Pass) {
	if slices.ContainsFunc(b.Programs, func(e rewrite.Exec) bool { return strings.HasPrefix(path.Base(e.Name), "python") }) {
		return
	}
	gyp := map[string]int{}
	for _, inst := range st.Installs() {
		if slices.ContainsFunc(inst.Packages, func(pkg string) bool { return compilerInstalls.Has(pkg) }) {
			for _, pkg := range inst.Packages {
				if gypPython.Has(pkg) {
					gyp[pkg] = inst.In.Line()
				}
			}
		}
	}
	b.Libraries = slices.DeleteFunc(b.Libraries, func(l rewrite.Library) bool {
		line, ok := gyp[l.Dev]
		if ok {
			b.BuildPackages = append(b.BuildPackages, l.Dev)
			p.Notef(line, "%s, installed with a compiler for node-gyp, stays in the builder: nothing the container runs runs Python", l.Dev)
		}
		return ok
	})
}

// installOptions are the options of the installs that the prune must be
// given too, as opts names them (an install's spelling to the prune's).
func installOptions(installs []rewrite.ToolCall, opts map[string]string) string {
	var out []string
	for _, tc := range installs {
		for _, a := range tc.Call.Args[min(2, len(tc.Call.Args)):] {
			if o := opts[a]; o != "" && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " " + strings.Join(out, " ")
}

// npmPruneOptions let npm accept a tree whose peer dependencies
// conflict: npm prune resolves the tree again and fails with ERESOLVE
// without the option the install had (tried with npm 10: react 18 beside
// react-dom 16, installed with --legacy-peer-deps or --force).
var npmPruneOptions = map[string]string{"--legacy-peer-deps": "--legacy-peer-deps", "--legacy-peer-deps=true": "--legacy-peer-deps",
	"--force": "--force", "-f": "--force"}

// yarnPruneOptions are the checks Yarn 1's production install makes again
// as the install did (tried with Yarn 1.22.22: a package whose engines
// the install ignored stops it with "Found incompatible module"), and the
// optional packages the install left out, which it would fetch.
var yarnPruneOptions = map[string]string{"--ignore-engines": "--ignore-engines", "--ignore-platform": "--ignore-platform",
	"--ignore-optional": "--ignore-optional"}

// unsavedInstall tells why the prune would remove a package the build
// installed, "" when none is known: npm install --no-save puts it in
// node_modules and not in package.json, so npm prune (and Yarn's
// production install: both tried) drops it as extraneous.
func unsavedInstall(installs []rewrite.ToolCall) string {
	for _, tc := range installs {
		args := tc.Call.Args[min(2, len(tc.Call.Args)):]
		if !slices.ContainsFunc(args, func(a string) bool { return a == "--no-save" || a == "--save=false" }) {
			continue
		}
		for i, a := range args {
			if !strings.HasPrefix(a, "-") && (a != "" || !tc.Call.Known[2+i]) {
				return fmt.Sprintf("line %d installs %s with --no-save, which leaves it out of package.json, so the prune removes it as extraneous", tc.In.Line(), cmp.Or(a, "a package"))
			}
		}
	}
	return ""
}

// yarnRestores tells why Yarn 1's production install would undo what the
// build did to node_modules, "" when nothing is known to: it copies each
// package's files from the cache again, and keeps only what the package's
// own install script made (tried with Yarn 1.22.22: a line appended to a
// package's index.js is gone, a file its install script wrote stays, and
// so does node_modules/.prisma). The project's install scripts, and a
// script that runs patch-package, may change the packages themselves.
func yarnRestores(manifest packageJSON) string {
	for _, name := range slices.Sorted(maps.Keys(manifest.Scripts)) {
		script := manifest.Scripts[name]
		if strings.Contains(script, "patch-package") {
			return "package.json's " + name + " script runs patch-package, which changes packages in node_modules"
		}
		if !yarnLifecycleScripts.Has(name) {
			continue
		}
		for cmd := range strings.SplitSeq(strings.NewReplacer("&&", ";", "||", ";").Replace(script), ";") {
			if cmd = strings.Join(strings.Fields(cmd), " "); cmd != "" && !slices.Contains(yarnKeptScripts, cmd) {
				return "package.json's " + name + " script runs " + cmd + ", which may change packages in node_modules"
			}
		}
	}
	return ""
}

// yarnRestoredRuns tells which command of the build changes packages in
// node_modules that Yarn 1's production install would copy again (see
// yarnRestores): a rebuild of native modules outside their own install
// script, or patch-package run by hand. "" when none does.
func yarnRestoredRuns(st *rewrite.Stage) string {
	for _, c := range []struct {
		program string
		sub     []string
	}{{"npm", []string{"rebuild"}}, {"node-gyp", nil}, {"patch-package", nil}, {"npx", []string{"patch-package"}}} {
		if calls, _ := st.CallsOf(c.program, c.sub...); len(calls) > 0 {
			return fmt.Sprintf("line %d runs %s, which changes packages in node_modules", calls[0].In.Line(), strings.Join(append([]string{c.program}, c.sub...), " "))
		}
	}
	return ""
}

// yarnLifecycleScripts are the project's scripts yarn install runs.
var yarnLifecycleScripts = rewrite.WordSet(`preinstall install postinstall prepare`)

// yarnKeptScripts are install scripts known to leave the packages in
// node_modules alone: Husky writes its hooks in the project,
// prisma generate writes node_modules/.prisma, which Yarn keeps.
var yarnKeptScripts = []string{"husky", "husky install", "prisma generate", "npx prisma generate", "yarn prisma generate"}

// pnpCacheHow describes Yarn's global cache as an artifact, and marks it.
const pnpCacheHow = "Yarn's global cache, whose packages Plug'n'Play loads in place (enableGlobalCache)"

// copyUnpruned drops the prune stage: the application folder is copied
// from the builder as the build left it; why and what the prune command
// would have done say so.
func copyUnpruned(b *rewrite.Build, p *rewrite.Pass, why, prune string) {
	what := "node_modules is"
	if slices.ContainsFunc(b.Artifacts, func(a rewrite.Artifact) bool { return a.How == pnpCacheHow }) {
		// Plug'n'Play has no node_modules: the packages are in the cache.
		what = "Yarn's global cache is"
	}
	p.Notef(b.Steps[0].Line(), "%s: %s copied unpruned (%s)", why, what, prune)
	b.Prune = nil
	b.BuildOutputs = nil // node_modules is copied whole
	for i := range b.Artifacts {
		b.Artifacts[i].FromPrune = false
		b.Artifacts[i].How = strings.Replace(b.Artifacts[i].How, "production node_modules", "node_modules, unpruned", 1)
	}
}

// frameworkConfigs are the configuration files a framework's server
// loads when it starts (next start, astro preview): what they import is
// loaded at run time, as the sources are.
var frameworkConfigs = map[string][]string{
	"next":  {"next.config.js", "next.config.cjs", "next.config.mjs", "next.config.ts", "next.config.mts"},
	"astro": {"astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs"},
}

// frameworkNeedsDev tells why a framework's program that a package.json
// script runs needs development dependencies at run time; "" when
// nothing says so. next dev compiles the sources as they are requested,
// with typescript and the rest; next start loads next.config.*, whose
// imports must be there, and compiles a TypeScript one with typescript
// (Next.js 15.4.1 on, vercel/next.js#81797: it tries to install it, and
// fails, when the devDependencies were pruned).
func frameworkNeedsDev(ctx *buildctx.Context, proj string, manifest packageJSON, call []string) string {
	if len(call) == 0 || len(manifest.DevDependencies) == 0 {
		return ""
	}
	name := path.Base(call[0])
	sub := ""
	for _, w := range call[1:] {
		if !strings.HasPrefix(w, "-") {
			sub = w
			break
		}
	}
	if name == "next" && (sub == "dev" || sub == "build" || sub == "") {
		return "a script the container starts runs next " + cmp.Or(sub, "dev") + ", which compiles the application at run time with its development dependencies"
	}
	for _, file := range frameworkConfigs[name] {
		file = path.Join(proj, file)
		src, err := ctx.ReadFile(file)
		if err != nil {
			continue
		}
		ext := path.Ext(file)
		if name == "next" && (ext == ".ts" || ext == ".mts") && manifest.DevDependencies["typescript"] != "" {
			return "next " + sub + " loads " + file + ", which Next.js compiles with typescript, a devDependency"
		}
		for _, pkg := range jsImports(string(src)) {
			if _, prod := manifest.Dependencies[pkg]; !prod && manifest.DevDependencies[pkg] != "" {
				return name + " " + sub + " loads " + file + ", which imports " + pkg + ", a devDependency"
			}
		}
	}
	return ""
}

// nodeRunners are the programs that run a project's scripts.
var nodeRunners = rewrite.WordSet("npm yarn pnpm npx node corepack")

// nodeSteps are the RUNs that install or build in the application folder:
// every npm, yarn, pnpm, npx or node run there writes what it makes into
// the folder the runtime stage copies.
func nodeSteps(st *rewrite.Stage, app string) ([]*dockerfile.Instruction, error) {
	var steps []*dockerfile.Instruction
	for i, in := range st.Body {
		if in.Name() != "run" || !st.Mentions(i, "npm", "yarn", "pnpm", "npx", "node", "corepack") {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			return nil, rewrite.Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
		}
		for _, c := range calls {
			if nodeRunners.Has(path.Base(c.Name())) && c.Dir == app {
				steps = append(steps, in)
				break
			}
		}
	}
	return steps, nil
}

// yarnrc reads the settings of the project's .yarnrc.yml that the
// rewrite depends on, by name ("" for unset): yarnPath, the release the
// classic yarn of the images hands over to; nodeLinker, and
// enableGlobalCache, where Plug'n'Play loads the packages from.
func yarnrc(ctx *buildctx.Context, proj string) map[string]string {
	out := map[string]string{}
	if ctx == nil {
		return out
	}
	data, _ := ctx.ReadFile(path.Join(proj, ".yarnrc.yml"))
	for _, line := range strings.Split(string(data), "\n") {
		key, value, ok := strings.Cut(line, ":")
		if ok && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			out[key] = strings.Trim(strings.TrimSpace(value), `"'`)
		}
	}
	return out
}

// yarnBerry tells whether the build context uses Yarn 2 or later.
func yarnBerry(ctx *buildctx.Context, proj string) bool {
	if ctx == nil {
		return false
	}
	ok, _ := ctx.Stat(path.Join(proj, ".yarnrc.yml"))
	return ok
}

func init() {
	register(Node, rewrite.ImageFamily{Repo: "node", Describe: describeNode})
}

// describeNode is what the official node images hold: node, npm and npx
// on PATH, a Debian or alpine base, and the package managers of their
// Node. Corepack came with Node until 24 (Node 25 stopped distributing
// it, nodejs/node#57825); the images installed Yarn 1 until 25 (the
// Node 26 ones ship npm alone, nodejs/docker-node#2264). latest, lts,
// current and an untagged node are 26 or later.
func describeNode(img *rewrite.Image) {
	img.Env["NODE_VERSION"] = rewrite.LanguageImageNamed(img, nodeVersionWords, func(v string) string { return nodeReleases(v)[0] })
	img.Programs = img.Programs.With("node npm npx")
	if major, ok := nodeMajor(img.Env["NODE_VERSION"]); ok && major <= 25 {
		img.Programs = img.Programs.With("yarn")
		if major <= 24 {
			img.Programs = img.Programs.With("corepack")
		}
	}
	switch {
	case img.Libc != rewrite.Glibc:
	case strings.Contains(img.Tag, "slim"):
		// The slim images install ca-certificates to fetch Node, then
		// purge it (nodejs/docker-node#1182): Node has its own CA store,
		// but git, curl and OpenSSL find none.
		img.CACerts = false
	default:
		img.Programs = img.Programs.With(rewrite.BuildpackDepsFull)
	}
}

// nodeVersionWords name Node versions in node tags besides numbers: the
// LTS code names (nodejs/Release's schedule), and lts and current, which
// move with each release.
var nodeVersionWords = rewrite.WordSet("argon boron carbon dubnium erbium fermium gallium hydrogen iron jod krypton lts current")

// nodeMajor is the major version a node tag's version names; false for
// lts, current and none.
func nodeMajor(version string) (int, bool) {
	// The code names in the order of their majors, 4 to 24.
	if i := slices.Index(strings.Fields(string(nodeVersionWords)), version); i >= 0 && i < 11 {
		return 4 + 2*i, true
	}
	major, _, _ := strings.Cut(version, ".")
	n, err := strconv.Atoi(major)
	return n, err == nil
}

// nodeReleases are the Debian releases a node tag that names none may
// stand for, the one it stands for now (or last did) first.
// nodejs/docker-node puts a new major on the default release of its day
// and seldom moved one after (docker-node#1785: in October 2022 node:14
// and node:16 were still buster, node:18 bullseye); the default became
// bookworm in June 2023, and trixie only in July 2026 (docker-node#2365:
// node:25.5 was bookworm in January 2026; #2558). A major that lived
// across a move lists every release it may stand for: a build may pull
// either, or find either in its cache.
func nodeReleases(version string) []string {
	major, ok := nodeMajor(version)
	switch {
	case !ok:
		return []string{"trixie", "bookworm"} // latest, lts, current
	case major < 8:
		return []string{"jessie"}
	case major > 26:
		return []string{"trixie"}
	}
	return strings.Fields(nodeMajorReleases[major-8])
}

// nodeMajorReleases are nodeReleases' table, for the majors 8 to 26.
var nodeMajorReleases = [...]string{
	"stretch jessie", "stretch jessie", "buster stretch", "stretch", // 8 to 11
	"buster stretch bullseye", "buster", "buster bullseye", "buster", // 12 to 15
	"bookworm buster bullseye", "bullseye", "bookworm bullseye", "bullseye", // 16 to 19
	"bookworm bullseye", "bookworm", "trixie bookworm", "bookworm", // 20 to 23
	"trixie bookworm", "bookworm", "trixie bookworm", // 24 to 26
}

// distroNode tells whether the stage builds with the Node of its image's
// distribution: the official debian or ubuntu image, with nodejs
// installed from the distribution's packages (a nodejs from another
// package source, NodeSource's, is refused where the runtime installs
// it again).
func distroNode(st *rewrite.Stage) bool {
	if !st.BaseKnown || !distroImage(st.BaseImage) {
		return false
	}
	return slices.ContainsFunc(st.Installs(), func(inst rewrite.Install) bool { return slices.Contains(inst.Packages, "nodejs") })
}

// npmPrune is the prune that drops the development dependencies with
// the npm of an image: npm 6 (Node 14 and older) knows --production and
// takes --omit=dev for a setting of its own, which prunes nothing.
func npmPrune(img rewrite.Image) string {
	if major, ok := nodeMajor(img.Env["NODE_VERSION"]); ok && major <= 14 {
		return "npm prune --production"
	}
	return "npm prune --omit=dev"
}
