package transforms

import (
	"bytes"
	"go/build"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
	"golang.org/x/mod/modfile"
)

// The Go packages a build compiles, read from the build context with the
// standard library's go/build (build constraints for linux, the target
// GOARCH and cgo as the build sets them), following the imports that stay
// inside the module (or the GOPATH project): what their //go:embed
// patterns name is compiled in.

// goPackages reads the packages of a Go build.
type goPackages struct {
	ctx    *buildctx.Context
	copies []rewrite.CopyIn
	bctx   build.Context
	// prefix is the import path the context's root stands for (the
	// module path, or the GOPATH project's), rootCtx where that root is
	// in the context; "" when unknown.
	prefix, rootCtx string
	// replaced maps the modules go.mod replaces with a folder of the
	// context to that folder.
	replaced map[string]string
	// modules maps the modules whose roots are folders of the context to
	// those folders: go.work's, and the nearest go.mod above each package
	// read (a module below the context's root: COPY . ., then go build in
	// services/api).
	modules map[string]string
	// moduleOf memoizes the nearest module root above a folder ("" for
	// none), by folder.
	moduleOf map[string]string
	// vendors are the vendor folders (with a modules.txt) of the modules
	// read, where the go command finds the packages of other modules.
	vendors []string
	seen    map[string]bool
	// unread names the first package of a go command line that could not
	// be read from the build context ("" when all were).
	unread string
	// embedded are the context files compiled in, with why.
	embedded map[string]string
	// sources are the Go files of the packages read (tests left out).
	sources []string
	// programs are what the packages run (goexec.go).
	programs []rewrite.Exec
	// exported are the wrappers of each package folder read that its
	// importers may call (goRuns.exported).
	exported map[string]map[string]goWrapper
	// zones says why the packages load time zones by name ("" when
	// nothing says so), and tzdata that one compiles the database in.
	zones  string
	tzdata bool
	// needsCgo says why a package built needs cgo ("" for none): a file
	// that imports "C" with no build constraint offering a cgo-free
	// build, or an import of a module that needs cgo.
	needsCgo string
	// requiresCgo says why a module read without a vendor folder may
	// need cgo ("" for none): its go.mod requires a module of cgoModules,
	// which the packages built may import through a module whose files
	// are not in view (gorm's or dbmate's SQLite driver, beep's speaker).
	requiresCgo string
	// loadsByName says which source opens a shared library by its
	// unversioned name ("" for none): purego.Dlopen("libsodium.so"), or
	// dlopen in a cgo preamble.
	loadsByName string
	// mimeTypes says why the packages may read /etc/mime.types ("" when
	// every package they import is read, or is a standard package that
	// does not reach the mime package).
	mimeTypes string
}

func newGoPackages(ctx *buildctx.Context, copies []rewrite.CopyIn, mod goModule) *goPackages {
	g := &goPackages{ctx: ctx, copies: copies, seen: map[string]bool{}, embedded: map[string]string{}, exported: map[string]map[string]goWrapper{}}
	g.bctx = build.Default
	g.bctx.GOOS, g.bctx.GOARCH, g.bctx.GOROOT, g.bctx.GOPATH = "linux", "amd64", "", ""
	g.bctx.CgoEnabled = true
	g.bctx.JoinPath = path.Join
	g.bctx.IsAbsPath = path.IsAbs
	g.bctx.SplitPathList = func(string) []string { return nil }
	g.bctx.HasSubdir = func(root, dir string) (string, bool) { return "", false }
	g.bctx.IsDir = func(p string) bool { ok, dir := ctx.Stat(p); return ok && dir }
	g.bctx.ReadDir = func(dir string) ([]fs.FileInfo, error) {
		entries, err := ctx.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		infos := make([]fs.FileInfo, len(entries))
		for i, e := range entries {
			infos[i] = entryInfo{e}
		}
		return infos, nil
	}
	g.bctx.OpenFile = func(p string) (io.ReadCloser, error) {
		data, err := ctx.ReadFile(p)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	if mod.module != "" {
		g.prefix, g.rootCtx = mod.module, "."
	}
	g.replaced = mod.replaced
	g.modules, g.moduleOf = map[string]string{}, map[string]string{}
	for module, dir := range workspaceModules(ctx) {
		g.modules[module] = dir
	}
	return g
}

// workspaceModules are the modules go.work at the context's root uses,
// by module path, with their folders: go build in the workspace imports
// them from there.
func workspaceModules(ctx *buildctx.Context) map[string]string {
	data, err := ctx.ReadFile("go.work")
	if err != nil {
		return nil
	}
	wf, err := modfile.ParseWork("go.work", data, nil)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for _, u := range wf.Use {
		dir := buildctx.Clean(u.Path)
		if gomod, err := ctx.ReadFile(path.Join(dir, "go.mod")); err == nil {
			if module := modfile.ModulePath(gomod); module != "" {
				out[module] = dir
			}
		}
	}
	return out
}

// nearestModule records the module whose go.mod is in ctxDir or the
// nearest folder above it in the context.
func (g *goPackages) nearestModule(ctxDir string) {
	for dir := ctxDir; ; dir = path.Dir(dir) {
		if module, seen := g.moduleOf[dir]; seen {
			if module != "" {
				return
			}
		} else if gomod, err := g.ctx.ReadFile(path.Join(dir, "go.mod")); err == nil {
			module := modfile.ModulePath(gomod)
			g.moduleOf[dir] = module
			if module != "" {
				if _, known := g.modules[module]; !known {
					g.modules[module] = dir
				}
				if bytes.Contains(gomod, []byte("replace")) {
					for old, target := range localReplaces(gomod, dir) {
						if _, known := g.modules[old]; !known {
							g.modules[old] = target
						}
					}
				}
				if vendor := path.Join(dir, "vendor"); !slices.Contains(g.vendors, vendor) {
					if ok, _ := g.ctx.Stat(path.Join(vendor, "modules.txt")); ok {
						g.vendors = append(g.vendors, vendor)
					} else if m := (goModule{gomod: gomod}).requiresCgo(); m != "" && g.requiresCgo == "" {
						// Vendored modules are read as sources; others
						// are known by go.mod's requirements alone.
						g.requiresCgo = path.Join(dir, "go.mod") + " requires " + m + "; the packages built may import it through another module"
					}
				}
				return
			}
		} else {
			g.moduleOf[dir] = ""
		}
		if dir == "." || dir == "/" {
			return
		}
	}
}

// entryInfo is what go/build reads of a folder's entry (name, folder or
// not, type) without the stat call DirEntry.Info makes for each: a context
// folder can hold thousands of files that are not Go.
type entryInfo struct{ fs.DirEntry }

func (e entryInfo) Size() int64        { return 0 }
func (e entryInfo) Mode() fs.FileMode  { return e.Type() }
func (e entryInfo) ModTime() time.Time { return time.Time{} }
func (e entryInfo) Sys() any           { return nil }

// contextDir is the context folder whose content a COPY put at an image
// folder; "" when no COPY says.
func (g *goPackages) contextDir(imageDir string) string {
	found := ""
	for _, cp := range g.copies {
		for _, l := range cp.Landings {
			switch {
			case l.Dir && under(imageDir, l.Dest):
				found = buildctx.Clean(path.Join(l.Src, strings.TrimPrefix(imageDir, l.Dest)))
			case !l.Dir && path.Dir(l.Dest) == imageDir:
				// Files copied one by one (`COPY go.mod main.go ./`):
				// their context folder stands for the package's.
				found = path.Dir(l.Src)
			}
		}
	}
	return found
}

// build reads the packages one go build or go install names, run in dir
// (an image folder): local paths and patterns with "...", and import
// paths under the module's.
func (g *goPackages) build(dir string, pkgs []string) {
	if g.prefix == "" {
		// No go.mod: a GOPATH layout names its import paths after the
		// folder below /go/src.
		if ctxDir := g.contextDir(dir); ctxDir != "" {
			if rel, ok := strings.CutPrefix(dir, "/go/src/"); ok {
				g.prefix, g.rootCtx = rel, ctxDir
			}
		}
	}
	for _, pkg := range pkgs {
		var ctxDir string
		switch {
		case strings.HasSuffix(pkg, ".go"):
			ctxDir = g.contextDir(path.Dir(shell.Resolve(dir, pkg)))
		case pkg == "." || pkg == ".." || strings.HasPrefix(pkg, "./") || strings.HasPrefix(pkg, "../") || path.IsAbs(pkg):
			ctxDir = g.contextDir(shell.Resolve(dir, strings.TrimSuffix(pkg, "/...")))
		default:
			ctxDir = g.importDir(strings.TrimSuffix(pkg, "/..."))
		}
		if ctxDir == "" {
			g.missing(pkg)
			continue
		}
		read := false
		if strings.HasSuffix(pkg, "/...") || pkg == "..." {
			g.ctx.Walk(ctxDir, func(p string, isDir bool) error {
				if isDir {
					switch base := path.Base(p); {
					case base == "testdata" || base == "vendor" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_"):
						return fs.SkipDir
					}
					read = g.read(p) || read
				}
				return nil
			})
		}
		if !g.read(ctxDir) && !read {
			g.missing(pkg)
		}
	}
}

// methodCalls adds the programs the packages read run through the
// exported method wrappers of any of them (goMethodCalls), once all are
// read: a package may call one through an interface without importing
// the package that defines it.
func (g *goPackages) methodCalls() {
	methods := map[string]goWrapper{}
	for _, dir := range slices.Sorted(maps.Keys(g.exported)) {
		for name, w := range g.exported[dir] {
			if strings.HasPrefix(name, ".") {
				methods[name] = w
			}
		}
	}
	if len(methods) == 0 {
		return
	}
	files := map[string][]string{}
	for _, f := range g.sources {
		files[path.Dir(f)] = append(files[path.Dir(f)], path.Base(f))
	}
	for _, dir := range slices.Sorted(maps.Keys(files)) {
		g.programs = append(g.programs, goMethodCalls(g.ctx, dir, files[dir], methods)...)
	}
}

// missing records a package of a go command line that the context does
// not hold: what it compiles, cgo included, cannot be known.
func (g *goPackages) missing(pkg string) {
	if g.unread == "" {
		g.unread = pkg
	}
}

// importDir is the context folder of an import path inside the module;
// "" for others.
func (g *goPackages) importDir(importPath string) string {
	for mod, dir := range g.replaced {
		if importPath == mod {
			return dir
		}
		if rel, ok := strings.CutPrefix(importPath, mod+"/"); ok {
			return path.Join(dir, rel)
		}
	}
	if g.prefix != "" {
		if importPath == g.prefix {
			return g.rootCtx
		}
		if rel, ok := strings.CutPrefix(importPath, g.prefix+"/"); ok {
			return path.Join(g.rootCtx, rel)
		}
	}
	found, dir := "", ""
	for module, d := range g.modules {
		if (importPath == module || strings.HasPrefix(importPath, module+"/")) && len(module) > len(found) {
			found, dir = module, d
		}
	}
	if found != "" {
		return path.Join(dir, strings.TrimPrefix(importPath, found))
	}
	if otherModule(importPath) {
		// Another module's package, from a vendor folder.
		for _, vendor := range g.vendors {
			if _, isDir := g.ctx.Stat(path.Join(vendor, importPath)); isDir {
				return path.Join(vendor, importPath)
			}
		}
	}
	return ""
}

// read reads one package folder of the context, its embedded files and
// the module's packages it imports.
func (g *goPackages) read(ctxDir string) bool {
	if done, ok := g.seen[ctxDir]; ok {
		return done
	}
	g.seen[ctxDir] = false
	// Read once per context: the Dockerfiles of a folder build the same packages.
	pkg, _ := g.ctx.Memo(goPackageKey{ctxDir}, func() any {
		pkg, err := g.bctx.ImportDir(ctxDir, 0)
		if err != nil {
			return nil
		}
		return pkg
	}).(*build.Package)
	if pkg == nil {
		return false // not a package, or not one go build would build here
	}
	g.seen[ctxDir] = true
	g.nearestModule(ctxDir)
	for _, f := range slices.Concat(pkg.GoFiles, pkg.CgoFiles) {
		g.sources = append(g.sources, path.Join(ctxDir, f))
	}
	for _, pattern := range pkg.EmbedPatterns {
		g.embed(ctxDir, pattern)
	}
	if len(pkg.CgoFiles) > 0 && g.needsCgo == "" && !g.cgoFallback(ctxDir, pkg) {
		g.needsCgo = path.Join(ctxDir, pkg.CgoFiles[0]) + ` imports "C"`
	}
	if goRunsPrograms(pkg.Imports) {
		// The module's packages it imports may give the fields it runs
		// (cfg := config.Load(); exec.Command(cfg.FFmpeg)); vendored
		// ones are other modules, whose files are not read for that.
		var imported []string
		for _, imp := range pkg.Imports {
			if d := g.importDir(imp); d != "" && !slices.ContainsFunc(g.vendors, func(v string) bool { return under(d, v) }) {
				imported = append(imported, d)
			}
		}
		runs := goExecs(g.ctx, ctxDir, slices.Concat(pkg.GoFiles, pkg.CgoFiles), imported)
		g.programs = append(g.programs, runs.execs...)
		g.exported[ctxDir] = runs.exported
	}
	if g.loadsByName == "" && (len(pkg.CgoFiles) > 0 || slices.Contains(pkg.Imports, "github.com/ebitengine/purego")) {
		for _, f := range slices.Concat(pkg.GoFiles, pkg.CgoFiles) {
			p := path.Join(ctxDir, f)
			if src, err := g.ctx.ReadFile(p); err == nil {
				if g.loadsByName = unversionedLoadIn(p, string(src)); g.loadsByName != "" {
					break
				}
			}
		}
	}
	g.tzdata = g.tzdata || slices.Contains(pkg.Imports, "time/tzdata")
	if g.zones == "" && slices.Contains(pkg.Imports, "time") {
		g.zones = g.loadsZones(ctxDir, slices.Concat(pkg.GoFiles, pkg.CgoFiles))
	}
	for _, imp := range pkg.Imports {
		// The tables first: a vendored go-sqlite3 has a !cgo twin, the
		// stub that fails on first use.
		if m := cgoModule(imp); m != "" && g.needsCgo == "" {
			g.needsCgo = packageWhere(ctxDir) + " imports " + imp + ", which needs cgo: " + m + " " + cgoModules[m]
		}
		if run, ok := moduleRuns[imp]; ok {
			g.programs = append(g.programs, rewrite.Exec{Name: run.program, Why: packageWhere(ctxDir) + " imports " + imp + ", which " + run.why})
		}
		d := g.importDir(imp)
		if g.mimeTypes == "" {
			g.mimeTypes = goMimeTypesWhy(ctxDir, imp, d)
		}
		if d != "" {
			if !g.read(d) && g.mimeTypes == "" {
				g.mimeTypes = packageWhere(ctxDir) + " imports " + imp + ", whose files are not read here"
			}
			if wrappers := g.exported[d]; len(wrappers) > 0 {
				// shell.Run("git", "pull"): a package of the module that
				// runs what it is given
				g.programs = append(g.programs, goImportedWrapperCalls(g.ctx, ctxDir, slices.Concat(pkg.GoFiles, pkg.CgoFiles), imp, wrappers)...)
			}
		}
	}
	return true
}

// loadsZones tells why files of a package load time zones by name:
// time.LoadLocation, or a cron spec's CRON_TZ= (robfig/cron and gocron
// load the zone it names); "" for none. The database is the system's
// (/usr/share/zoneinfo) or, failing that, Go's own in GOROOT.
func (g *goPackages) loadsZones(ctxDir string, files []string) string {
	for _, f := range files {
		p := path.Join(ctxDir, f)
		src, _ := g.ctx.ReadFile(p)
		switch {
		case bytes.Contains(src, []byte("LoadLocation(")):
			return p + " calls time.LoadLocation"
		case bytes.Contains(src, []byte("CRON_TZ=")):
			return p + " names a time zone with CRON_TZ="
		}
	}
	return ""
}

// cgoFallback tells whether a package whose files import "C" has files
// of its own for a build without cgo (a "//go:build !cgo" twin, as the
// standard library's net package has): go/build, asked again with cgo
// off, evaluates the build constraints as the go command would.
func (g *goPackages) cgoFallback(ctxDir string, withCgo *build.Package) bool {
	bctx := g.bctx
	bctx.CgoEnabled = false
	without, err := bctx.ImportDir(ctxDir, 0)
	if err != nil {
		return false
	}
	for _, f := range without.GoFiles {
		if !slices.Contains(withCgo.GoFiles, f) {
			return true
		}
	}
	return false
}

// goPackageKey memoizes a package folder's reading in its context.
type goPackageKey struct{ dir string }

// embed records the files a //go:embed pattern of a package names, as
// the go command reads it: a folder embeds its files, but those whose
// names start with '.' or '_' unless the pattern starts with "all:".
func (g *goPackages) embed(pkgDir, pattern string) {
	all := strings.HasPrefix(pattern, "all:")
	pattern = strings.TrimPrefix(pattern, "all:")
	matches, err := g.ctx.Glob(path.Join(pkgDir, pattern))
	if err != nil {
		return
	}
	why := "embedded by //go:embed " + pattern + " in " + pkgDir
	for _, m := range matches {
		if _, dir := g.ctx.Stat(m); !dir {
			g.embedded[m] = why
			continue
		}
		g.ctx.Walk(m, func(p string, isDir bool) error {
			if base := path.Base(p); !all && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
				if isDir {
					return fs.SkipDir
				}
				return nil
			}
			if !isDir {
				g.embedded[p] = why
			}
			return nil
		})
	}
}

// goMimeStd are the standard packages that reach mime.TypeByExtension, and
// so /etc/mime.types: mime itself, those that import it (mime/multipart,
// net/mail, net/http) and those that import net/http (its subpackages,
// net/rpc, expvar).
var goMimeStd = rewrite.WordSet(`mime mime/multipart net/mail net/http net/rpc net/rpc/jsonrpc expvar`)

// goMimeTypesWhy says why a package that imports imp (whose folder in the
// context is dir, "" for none) may read /etc/mime.types, "" when it does
// not: a standard package that reaches mime, or a package of another
// module, whose imports are not read.
func goMimeTypesWhy(ctxDir, imp, dir string) string {
	switch {
	case goMimeStd.Has(imp) || strings.HasPrefix(imp, "net/http/"):
		return packageWhere(ctxDir) + " imports " + imp
	case otherModule(imp) && dir == "":
		return packageWhere(ctxDir) + " imports " + imp + ", whose imports are not read"
	}
	return ""
}

// otherModule tells whether an import path is a module's, not the
// standard library's: its first element has a dot, as a domain does.
func otherModule(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return strings.Contains(first, ".")
}

// packageWhere names a package folder of the context in messages.
func packageWhere(ctxDir string) string {
	if ctxDir == "." {
		return "the package at the context's root"
	}
	return ctxDir
}

// moduleRuns are packages of other modules that run a program the
// golang image has and alpine lacks (and the toolchain itself), each
// with why: the program's own sources never name it.
var moduleRuns = map[string]struct{ program, why string }{
	"github.com/hashicorp/go-getter":            {"git", "runs git for git:: and github.com sources"},
	"github.com/hashicorp/go-getter/v2":         {"git", "runs git for git:: and github.com sources"},
	"github.com/Masterminds/vcs":                {"git", "runs git (or hg, svn, bzr) for each repository it handles"},
	"github.com/ldez/go-git-cmd-wrapper/v2/git": {"git", "wraps git's command line"},
	"github.com/gogs/git-module":                {"git", "wraps git's command line"},
	"golang.org/x/tools/go/packages":            {"go", "runs go list to load packages"},
	"golang.org/x/tools/go/vcs":                 {"git", "runs git (or hg, svn, bzr) to fetch a repository"},
}
