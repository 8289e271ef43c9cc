package transforms

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// What a CMake project installs. `cmake .. && make && make install` (or
// `cmake --install build`) puts the files the project's install() rules
// name under the install prefix: the executables, the shared libraries
// they load, and the data and configuration beside them. The rules are
// read from the CMakeLists.txt files the COPYs brought, in the plain
// forms most projects write; a rule msrewrite cannot read (a condition
// around it, a generator expression, CODE or SCRIPT, a library named in
// a way it does not read) leaves the file alone, for the program would
// miss what it installs.

// cmakeConfig is a build folder a cmake call configured.
type cmakeConfig struct {
	src, prefix string // image paths
	// defs are the cache variables -D sets (but the prefix), which the
	// project's scripts see: BUILD_SHARED_LIBS, GNUInstallDirs' folders.
	defs map[string]string
	// unread says what of the configuration msrewrite does not read (an
	// initial cache or a preset may set the prefix and the folders).
	unread string
}

// cmakeInstall is a make install, cmake --install or cmake --build
// --target install of a configured build folder.
type cmakeInstall struct {
	dir, prefix string // prefix is --prefix's, "" for the configured one
	line        int
	index       int // the RUN's place in Body
	what        string
	// component says --component picks one part of the install.
	component bool
}

// cmakeConfigure reads a cmake call that configures a project (not
// --build, --install, -E or -P): the build folder, the source folder and
// CMAKE_INSTALL_PREFIX, as image paths.
func cmakeConfigure(c shell.Call) (build string, cfg cmakeConfig, ok bool) {
	if path.Base(c.Name()) != "cmake" || c.Dir == "" {
		return "", cmakeConfig{}, false
	}
	build, cfg.prefix = c.Dir, "/usr/local"
	positional := ""
	for i := 1; i < len(c.Args); i++ {
		a := c.Args[i]
		value := func(flag string) (string, bool) {
			if a == flag && i+1 < len(c.Args) {
				i++
				if !c.Known[i] {
					cfg.unread = "cmake " + flag + " names a folder that cannot be evaluated"
				}
				return c.Args[i], true
			}
			if v, ok := strings.CutPrefix(a, flag); ok && v != "" && len(flag) == 2 {
				return v, true
			}
			return "", false
		}
		// -DNAME=VALUE, or -D NAME=VALUE; a value that cannot be known
		// leaves its name known (-DCMAKE_BUILD_TYPE=$TYPE), a name not.
		word, k := a, i
		if a == "-D" && i+1 < len(c.Args) {
			word, k = "-D"+c.Args[i+1], i+1
		}
		if !c.Known[k] {
			word = c.Prefixes[k]
			if k == i+1 {
				word = "-D" + word
			}
			if _, _, named := strings.Cut(word, "="); !strings.HasPrefix(word, "-D") || !named {
				// $CMAKE_ARGS may hold any definition or folder.
				cfg.unread = "cmake has a word that cannot be evaluated (" + cmp.Or(word, "a variable") + "...)"
			}
		}
		def, known := strings.TrimPrefix(word, "-D"), c.Known[k]
		if name, v, ok := strings.Cut(def, "="); strings.HasPrefix(word, "-D") && ok {
			if name, _, _ = strings.Cut(name, ":"); name != "CMAKE_INSTALL_PREFIX" {
				if !known {
					v = unknownCmake
				}
				if cfg.defs == nil {
					cfg.defs = map[string]string{}
				}
				cfg.defs[name] = v
			}
		}
		switch {
		case a == "--build" || a == "--install" || a == "-E" || a == "-P" || a == "--help" || a == "--version" || a == "--open":
			return "", cmakeConfig{}, false
		case a == "-D" && i+1 < len(c.Args) && installPrefixDef(c.Args[i+1]) != "":
			i++
			cfg.prefix = shell.Resolve(c.Dir, installPrefixDef(c.Args[i]))
		case installPrefixDef(strings.TrimPrefix(a, "-D")) != "" && strings.HasPrefix(a, "-D"):
			cfg.prefix = shell.Resolve(c.Dir, installPrefixDef(a[2:]))
		case a == "--install-prefix" && i+1 < len(c.Args):
			i++
			cfg.prefix = shell.Resolve(c.Dir, c.Args[i])
		case strings.HasPrefix(a, "--install-prefix="):
			cfg.prefix = shell.Resolve(c.Dir, a[len("--install-prefix="):])
		default:
			if v, ok := value("-S"); ok {
				cfg.src = shell.Resolve(c.Dir, v)
			} else if v, ok := value("-H"); ok {
				cfg.src = shell.Resolve(c.Dir, v)
			} else if v, ok := value("-B"); ok {
				build = shell.Resolve(c.Dir, v)
			} else if a == "-C" || strings.HasPrefix(a, "--preset") {
				cfg.unread = "cmake " + a + " configures from a file msrewrite does not read"
				if a == "-C" || a == "--preset" {
					i++
				}
			} else if (a == "-G" || a == "-T" || a == "-A" || a == "-D" || a == "-U") && i+1 < len(c.Args) {
				i++ // an option's value, not the source folder
			} else if !strings.HasPrefix(a, "-") {
				positional = shell.Resolve(c.Dir, a)
			}
		}
	}
	if cfg.src == "" {
		// `cmake ..` in the build folder; `cmake -B build` alone reads
		// the working folder.
		cfg.src = c.Dir
		if positional != "" {
			cfg.src = positional
		}
	}
	return build, cfg, true
}

// installPrefixDef is the value a -D definition gives
// CMAKE_INSTALL_PREFIX (CMAKE_INSTALL_PREFIX=/opt/app, or with a type,
// CMAKE_INSTALL_PREFIX:PATH=/opt/app); "" for another definition.
func installPrefixDef(def string) string {
	name, v, ok := strings.Cut(def, "=")
	name, _, _ = strings.Cut(name, ":")
	if !ok || name != "CMAKE_INSTALL_PREFIX" {
		return ""
	}
	return v
}

// cmakeCall is one command of a CMake script, with its arguments as CMake
// splits them (quotes taken off).
type cmakeCall struct {
	name string // lowercase, as CMake matches command names
	args []string
	line int
	// nested says the command is inside if(), a loop, a function or a
	// macro: whether, and how often, it runs cannot be told.
	nested bool
}

// cmakeCalls splits a CMake script into its commands.
func cmakeCalls(text string) []cmakeCall {
	var out []cmakeCall
	depth, line := 0, 1
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == '#':
			if end, ok := bracketEnd(text, i+1); ok {
				line += strings.Count(text[i:end], "\n")
				i = end
				continue
			}
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '_' || 'a' <= c|0x20 && c|0x20 <= 'z':
			start := i
			for i < len(text) && (text[i] == '_' || 'a' <= text[i]|0x20 && text[i]|0x20 <= 'z' || '0' <= text[i] && text[i] <= '9') {
				i++
			}
			name := strings.ToLower(text[start:i])
			for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
				i++
			}
			if i == len(text) || text[i] != '(' {
				continue
			}
			call := cmakeCall{name: name, line: line}
			var end int
			call.args, end = cmakeArgs(text, i+1)
			line += strings.Count(text[i:end], "\n")
			i = end
			switch name {
			case "if", "foreach", "while", "function", "macro", "block":
				call.nested = depth > 0
				depth++
			case "endif", "endforeach", "endwhile", "endfunction", "endmacro", "endblock":
				depth = max(depth-1, 0)
				call.nested = depth > 0
			default:
				call.nested = depth > 0
			}
			out = append(out, call)
		default:
			i++
		}
	}
	return out
}

// bracketEnd is where a bracket argument or comment starting at text[i]
// ([[...]], [=[...]=]) ends; ok is false when none starts there.
func bracketEnd(text string, i int) (int, bool) {
	if i >= len(text) || text[i] != '[' {
		return 0, false
	}
	j := i + 1
	for j < len(text) && text[j] == '=' {
		j++
	}
	if j >= len(text) || text[j] != '[' {
		return 0, false
	}
	closing := "]" + strings.Repeat("=", j-i-1) + "]"
	k := strings.Index(text[j+1:], closing)
	if k < 0 {
		return len(text), true
	}
	return j + 1 + k + len(closing), true
}

// cmakeArgs reads a command's arguments from just after its parenthesis
// to the one that closes it, and where that ends.
func cmakeArgs(text string, i int) ([]string, int) {
	var args []string
	depth := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#':
			if end, ok := bracketEnd(text, i+1); ok {
				i = end
				continue
			}
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '(':
			depth++
			i++
		case c == ')':
			i++
			if depth == 0 {
				return args, i
			}
			depth--
		case c == '"':
			var b strings.Builder
			i++
			for i < len(text) && text[i] != '"' {
				if text[i] == '\\' && i+1 < len(text) {
					i++
					if text[i] == '\n' {
						i++
						continue
					}
				}
				b.WriteByte(text[i])
				i++
			}
			args = append(args, b.String())
			i = min(i+1, len(text)) // the closing quote, if any
		case c == '[':
			if end, ok := bracketEnd(text, i); ok {
				eq := strings.IndexByte(text[i+1:], '[') // the ='s between the brackets
				body := ""
				if from, to := i+eq+2, end-eq-2; from <= to {
					body = text[from:to] // unclosed: nothing
				}
				args = append(args, strings.TrimPrefix(body, "\n"))
				i = end
				continue
			}
			fallthrough
		default:
			start := i
			for i < len(text) && !strings.ContainsRune(" \t\r\n()\"#", rune(text[i])) {
				i++
			}
			args = append(args, text[start:i])
		}
	}
	return args, i
}

// cmakeProject is what msrewrite reads of a CMake project for its
// install: the targets its scripts define and the install() rules.
type cmakeProject struct {
	ctx   *buildctx.Context
	st    *rewrite.Stage
	index int // the installing RUN's place in Body: the COPYs before it
	src   string
	build string
	name  string
	// execs and libs are the targets, libs by kind (SHARED, STATIC,
	// MODULE, INTERFACE, OBJECT, "" for BUILD_SHARED_LIBS's choice).
	execs      map[string]bool
	libs       map[string]string
	outputName map[string]string
	// versions are the VERSION and SOVERSION properties of the targets
	// that set them, which name a shared library's files.
	versions map[string][2]string
	shared   bool
	gnuDirs  bool
	// prefix is CMAKE_INSTALL_PREFIX as the project is configured (the
	// words of its scripts see it), installPrefix cmake --install
	// --prefix's, which only relative destinations follow.
	prefix, installPrefix string
	rules                 []cmakeRule
	// installErr is the first thing the scripts say about their install
	// that msrewrite cannot read.
	installErr error
	// runtimeOut is where the project's executables are built
	// (CMAKE_RUNTIME_OUTPUT_DIRECTORY, EXECUTABLE_OUTPUT_PATH), "" for
	// the build folder of their CMakeLists.txt; runtimeOutErr says why it
	// cannot be told.
	runtimeOut, runtimeOutVar string
	runtimeOutErr             error
}

// cmakeRule is one install() call, its words evaluated; err says why
// msrewrite cannot read it.
type cmakeRule struct {
	args  []string
	where string // file:line, for messages
	dir   string // the image folder of the CMakeLists.txt (relative sources)
	err   error
}

// readCmakeProject reads the project a build folder was configured for,
// with the COPYs before Body[index].
func readCmakeProject(st *rewrite.Stage, ctx *buildctx.Context, index int, build string, cfg cmakeConfig) (*cmakeProject, error) {
	pr := &cmakeProject{ctx: ctx, st: st, index: index, src: cfg.src, build: build, prefix: cfg.prefix,
		execs: map[string]bool{}, libs: map[string]string{}, outputName: map[string]string{}, versions: map[string][2]string{},
		shared: cmakeTrue(cfg.defs["BUILD_SHARED_LIBS"])}
	vars := maps.Clone(cfg.defs)
	if vars == nil {
		vars = map[string]string{}
	}
	return pr, pr.read(cfg.src, build, vars, 0)
}

// readCmakeInstall reads the project configured with cfg and what its
// install puts under the prefix.
func readCmakeInstall(st *rewrite.Stage, ctx *buildctx.Context, build string, cfg cmakeConfig, inst cmakeInstall) ([]rewrite.Artifact, error) {
	if cfg.unread != "" {
		return nil, rewrite.Skipf(inst.line, "%s: %s, which may move what it installs", inst.what, cfg.unread)
	}
	pr, err := readCmakeProject(st, ctx, inst.index, build, cfg)
	if err == nil {
		err = pr.installErr
	}
	if err != nil {
		return nil, rewrite.Skipf(inst.line, "%s: %v", inst.what, err)
	}
	pr.installPrefix = inst.prefix
	var arts []rewrite.Artifact
	for _, r := range pr.rules {
		err := r.err
		var a []rewrite.Artifact
		if err == nil {
			a, err = pr.installed(r)
		}
		if err != nil {
			return nil, rewrite.Skipf(inst.line, "%s: %s: %v", inst.what, r.where, err)
		}
		for i := range a {
			a[i].Line = inst.line
		}
		arts = append(arts, a...)
	}
	if len(arts) == 0 {
		return nil, rewrite.Skipf(inst.line, "%s: the project's CMakeLists.txt files install nothing msrewrite can read", inst.what)
	}
	return arts, nil
}

// read reads the CMakeLists.txt of an image folder, and those of the
// folders it adds.
func (pr *cmakeProject) read(dir, bin string, parent map[string]string, depth int) error {
	if depth > 16 {
		return fmt.Errorf("add_subdirectory nests deeper than msrewrite follows")
	}
	vars := map[string]string{}
	for k, v := range parent {
		vars[k] = v
	}
	vars["CMAKE_CURRENT_SOURCE_DIR"], vars["CMAKE_CURRENT_BINARY_DIR"] = dir, bin
	if depth == 0 {
		vars["CMAKE_SOURCE_DIR"], vars["PROJECT_SOURCE_DIR"] = dir, dir
		vars["CMAKE_BINARY_DIR"], vars["PROJECT_BINARY_DIR"] = pr.build, pr.build
	}
	return pr.readFile(path.Join(dir, "CMakeLists.txt"), dir, bin, vars, depth, 0)
}

// readFile reads one CMake script of the folder dir's scope: its
// CMakeLists.txt, or a file it includes (includes counts how deep).
func (pr *cmakeProject) readFile(file, dir, bin string, vars map[string]string, depth, includes int) error {
	ctxPath, ok := contextPathAt(pr.st, pr.ctx, pr.index, file)
	if !ok {
		return fmt.Errorf("no COPY of the build context puts %s there", file)
	}
	data, err := pr.ctx.ReadFile(ctxPath)
	if err != nil {
		return err
	}
	listDir := vars["CMAKE_CURRENT_LIST_DIR"]
	vars["CMAKE_CURRENT_LIST_DIR"] = path.Dir(file)
	defer func() { vars["CMAKE_CURRENT_LIST_DIR"] = listDir }()
	for _, c := range cmakeCalls(string(data)) {
		where := fmt.Sprintf("%s:%d", ctxPath, c.line)
		words := func() ([]string, error) { return pr.eval(c.args, vars) }
		switch c.name {
		case "project":
			if len(c.args) > 0 && pr.name == "" {
				pr.name = c.args[0]
				vars["PROJECT_NAME"], vars["CMAKE_PROJECT_NAME"] = pr.name, pr.name
				if i := slices.Index(c.args, "VERSION"); i > 0 && i+1 < len(c.args) {
					// project(x VERSION 1.2.3): the version and its parts,
					// which set_target_properties VERSION often takes.
					v := c.args[i+1]
					parts := strings.SplitN(v, ".", 4)
					if strings.Contains(v, "${") {
						v, parts = unknownCmake, []string{unknownCmake, unknownCmake, unknownCmake, unknownCmake}
					}
					for _, prefix := range []string{"PROJECT_", "CMAKE_PROJECT_", pr.name + "_"} {
						vars[prefix+"VERSION"] = v
						for k, part := range []string{"MAJOR", "MINOR", "PATCH", "TWEAK"} {
							if k < len(parts) {
								vars[prefix+"VERSION_"+part] = parts[k]
							}
						}
					}
				}
			}
		case "include":
			if len(c.args) == 0 {
				continue
			}
			if err := pr.include(c, where, dir, bin, vars, depth, includes); err != nil {
				return err
			}
		case "set":
			if len(c.args) == 0 {
				continue
			}
			name := c.args[0]
			outDir := name == "CMAKE_RUNTIME_OUTPUT_DIRECTORY" || name == "EXECUTABLE_OUTPUT_PATH"
			if c.nested || len(c.args) != 2 {
				if name == "CMAKE_INSTALL_PREFIX" && !slices.Contains(c.args, "CACHE") {
					pr.failInstall(fmt.Errorf("%s: CMAKE_INSTALL_PREFIX is set in a way msrewrite does not evaluate", where))
				}
				if outDir {
					pr.failRuntimeOut(fmt.Errorf("%s: %s is set in a way msrewrite does not evaluate", where, name))
				}
				vars[name] = unknownCmake
				continue
			}
			v, err := pr.eval(c.args[1:], vars)
			if err != nil {
				if outDir {
					pr.failRuntimeOut(fmt.Errorf("%s: %v", where, err))
				}
				vars[name] = unknownCmake
				continue
			}
			vars[name] = v[0]
			if outDir {
				// Targets defined before it, or in a folder with its
				// own, are built elsewhere: only one, at the top,
				// before any target, is followed.
				if depth > 0 || len(pr.execs) > 0 || pr.runtimeOut != "" {
					pr.failRuntimeOut(fmt.Errorf("%s: sets %s where not every executable follows it", where, name))
				}
				if !path.IsAbs(v[0]) {
					pr.failRuntimeOut(fmt.Errorf("%s: sets %s to a relative folder", where, name))
				}
				pr.runtimeOut, pr.runtimeOutVar = path.Clean(v[0]), name
			}
			if name == "CMAKE_INSTALL_PREFIX" {
				pr.prefix = shell.Resolve(dir, v[0])
			}
			if name == "BUILD_SHARED_LIBS" && cmakeTrue(v[0]) {
				pr.shared = true
			}
		case "add_executable", "add_library":
			if len(c.args) < 1 {
				continue
			}
			if slices.Contains(c.args, "IMPORTED") || slices.Contains(c.args, "ALIAS") {
				continue
			}
			if c.name == "add_executable" {
				pr.execs[c.args[0]] = true
				continue
			}
			kind := ""
			if len(c.args) > 1 && strings.Contains(" STATIC SHARED MODULE INTERFACE OBJECT ", " "+c.args[1]+" ") {
				kind = c.args[1]
			}
			pr.libs[c.args[0]] = kind
		case "set_target_properties":
			w, err := words()
			if err != nil {
				pr.failInstall(fmt.Errorf("%s: %v", where, err))
				pr.failRuntimeOut(fmt.Errorf("%s: %v", where, err))
				continue
			}
			at := slices.Index(w, "PROPERTIES")
			for i := at + 1; at > 0 && i+1 < len(w); i += 2 {
				switch w[i] {
				case "OUTPUT_NAME", "RUNTIME_OUTPUT_NAME":
					for _, t := range w[:at] {
						pr.outputName[t] = w[i+1]
					}
				case "RUNTIME_OUTPUT_DIRECTORY":
					pr.failRuntimeOut(fmt.Errorf("%s: sets where some targets are built (RUNTIME_OUTPUT_DIRECTORY), which msrewrite does not follow per target", where))
				case "VERSION", "SOVERSION":
					k := 0 // versions[t] is {VERSION, SOVERSION}
					if w[i] == "SOVERSION" {
						k = 1
					}
					for _, t := range w[:at] {
						v := pr.versions[t]
						v[k] = w[i+1]
						pr.versions[t] = v
					}
				case "PREFIX", "SUFFIX", "LIBRARY_OUTPUT_NAME", "NO_SONAME":
					pr.failInstall(fmt.Errorf("%s: sets %s, which names a library's file in a way msrewrite does not read", where, w[i]))
				}
			}
		case "set_property":
			if slices.ContainsFunc(c.args, func(a string) bool { return libraryNameProperties.Has(a) }) {
				pr.failInstall(fmt.Errorf("%s: set_property names a target's output, which msrewrite does not read", where))
			}
			if slices.Contains(c.args, "RUNTIME_OUTPUT_DIRECTORY") {
				pr.failRuntimeOut(fmt.Errorf("%s: set_property sets where a target is built, which msrewrite does not read", where))
			}
		case "add_subdirectory":
			if len(c.args) == 0 {
				continue
			}
			if c.nested {
				return fmt.Errorf("%s: add_subdirectory runs under a condition", where)
			}
			w, err := words()
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			sub := shell.Resolve(dir, w[0])
			subBin := path.Join(bin, w[0])
			if len(w) > 1 && w[1] != "EXCLUDE_FROM_ALL" && w[1] != "SYSTEM" {
				subBin = shell.Resolve(bin, w[1])
			}
			if !strings.HasPrefix(sub, pr.src+"/") {
				return fmt.Errorf("%s: add_subdirectory adds %s, outside the project", where, sub)
			}
			if err := pr.read(sub, subBin, vars, depth+1); err != nil {
				return err
			}
		case "install":
			r := cmakeRule{where: where, dir: dir}
			if c.nested {
				r.err = fmt.Errorf("install() runs under a condition or in a loop, a function or a macro")
			} else {
				r.args, r.err = words()
			}
			pr.rules = append(pr.rules, r)
		}
	}
	return nil
}

// cmakeModules are CMake's own modules a project includes by name that
// add no install() rule on Linux (InstallRequiredSystemLibraries installs
// Windows' run-time libraries only).
var cmakeModules = rewrite.WordSet(`GNUInstallDirs CTest CPack FetchContent ExternalProject CMakePackageConfigHelpers
	CMakeDependentOption CMakeParseArguments FeatureSummary InstallRequiredSystemLibraries GenerateExportHeader
	CheckCCompilerFlag CheckCXXCompilerFlag CheckCSourceCompiles CheckCXXSourceCompiles CheckIncludeFile
	CheckIncludeFileCXX CheckIncludeFiles CheckFunctionExists CheckSymbolExists CheckCXXSymbolExists
	CheckLibraryExists CheckTypeSize CheckStructHasMember CheckIPOSupported CheckLanguage TestBigEndian
	ProcessorCount GoogleTest FindPkgConfig CMakePrintHelpers WriteCompilerDetectionHeader`)

// include reads what an include() brings into the current scope: a file
// of the project is read as part of it; one of CMake's modules adds no
// install; any other module (the project's, by CMAKE_MODULE_PATH) may,
// so the install cannot be told.
func (pr *cmakeProject) include(c cmakeCall, where, dir, bin string, vars map[string]string, depth, includes int) error {
	name := c.args[0]
	if name == "GNUInstallDirs" {
		pr.gnuDirs = true
	}
	if cmakeModules.Has(name) {
		return nil
	}
	w, err := pr.eval(c.args[:1], vars)
	if err != nil || !strings.HasSuffix(w[0], ".cmake") && !strings.Contains(w[0], "/") {
		pr.failInstall(fmt.Errorf("%s: include(%s) reads a module msrewrite does not, which may add install() rules", where, name))
		return nil
	}
	file := shell.Resolve(dir, w[0])
	switch _, found := contextPathAt(pr.st, pr.ctx, pr.index, file); {
	case c.nested:
		pr.failInstall(fmt.Errorf("%s: include(%s) runs under a condition", where, name))
		return nil
	case !found && slices.Contains(c.args, "OPTIONAL"):
		return nil
	case includes >= 16:
		return fmt.Errorf("%s: include() nests deeper than msrewrite follows", where)
	}
	return pr.readFile(file, dir, bin, vars, depth, includes+1)
}

// failInstall and failRuntimeOut keep the first reason the install, or
// where the executables are built, cannot be told.
func (pr *cmakeProject) failInstall(err error) {
	if pr.installErr == nil {
		pr.installErr = err
	}
}

func (pr *cmakeProject) failRuntimeOut(err error) {
	if pr.runtimeOutErr == nil {
		pr.runtimeOutErr = err
	}
}

// unknownCmake stands for a variable's value msrewrite cannot tell.
const unknownCmake = "\x00unknown\x00"

// eval evaluates ${VAR} references in a command's words: the project's
// set() values, the folders, and GNUInstallDirs' relative folders.
func (pr *cmakeProject) eval(args []string, vars map[string]string) ([]string, error) {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.Contains(a, "$<") || strings.Contains(a, "$ENV{") || strings.Contains(a, "$CACHE{") {
			return nil, fmt.Errorf("%q is evaluated when the project builds (a generator expression or the environment)", a)
		}
		var err error
		out[i] = a
		for strings.Contains(out[i], "${") {
			start := strings.LastIndex(out[i], "${")
			end := strings.IndexByte(out[i][start:], '}')
			if end < 0 {
				return nil, fmt.Errorf("%q is not a complete variable reference", a)
			}
			name := out[i][start+2 : start+end]
			v, ok := pr.variable(name, vars)
			if !ok {
				err = fmt.Errorf("%q uses ${%s}, whose value msrewrite cannot tell", a, name)
				return nil, err
			}
			out[i] = out[i][:start] + v + out[i][start+end+1:]
		}
	}
	return out, nil
}

// variable is a CMake variable's value where an install() rule reads it.
func (pr *cmakeProject) variable(name string, vars map[string]string) (string, bool) {
	if v, ok := vars[name]; ok {
		return v, v != unknownCmake
	}
	if name == "CMAKE_INSTALL_PREFIX" {
		return pr.prefix, true
	}
	if pr.name != "" && (name == pr.name+"_SOURCE_DIR") {
		return pr.src, true
	}
	if pr.name != "" && (name == pr.name+"_BINARY_DIR") {
		return pr.build, true
	}
	if !pr.gnuDirs {
		return "", false
	}
	// GNUInstallDirs' relative folders, for a prefix other than /usr
	// (where LIBDIR takes the multiarch folder on Debian).
	dirs := map[string]string{"BINDIR": "bin", "SBINDIR": "sbin", "LIBEXECDIR": "libexec", "SYSCONFDIR": "etc",
		"LOCALSTATEDIR": "var", "RUNSTATEDIR": "var/run", "INCLUDEDIR": "include", "DATAROOTDIR": "share",
		"DATADIR": "share", "LOCALEDIR": "share/locale", "MANDIR": "share/man", "INFODIR": "share/info",
		"DOCDIR": "share/doc/" + pr.name, "SHAREDSTATEDIR": "com"}
	if pr.prefix != "/usr" && pr.prefix != "/" {
		dirs["LIBDIR"] = "lib"
	}
	d, ok := strings.CutPrefix(name, "CMAKE_INSTALL_")
	if full, isFull := strings.CutPrefix(d, "FULL_"); isFull {
		if rel, ok := dirs[full]; ok && pr.prefix != "/usr" && pr.prefix != "/" {
			return path.Join(pr.prefix, rel), true
		}
		return "", false
	}
	rel, known := dirs[d]
	return rel, ok && known
}

// installKeywords end the list of targets, files or folders of an
// install() rule.
var installKeywords = rewrite.WordSet(`DESTINATION TYPE PERMISSIONS FILE_PERMISSIONS DIRECTORY_PERMISSIONS
	USE_SOURCE_PERMISSIONS CONFIGURATIONS COMPONENT RENAME OPTIONAL EXCLUDE_FROM_ALL MESSAGE_NEVER
	FILES_MATCHING PATTERN REGEX EXCLUDE ARCHIVE LIBRARY RUNTIME OBJECTS FRAMEWORK BUNDLE PUBLIC_HEADER
	PRIVATE_HEADER RESOURCE FILE_SET CXX_MODULES_BMI INCLUDES EXPORT NAMELINK_COMPONENT NAMELINK_ONLY
	NAMELINK_SKIP RUNTIME_DEPENDENCIES RUNTIME_DEPENDENCY_SET`)

// installTypes are install(FILES ... TYPE t)'s folders under the prefix;
// INCLUDE is build input, LIB not read.
var installTypes = map[string]string{"BIN": "bin", "SBIN": "sbin", "SYSCONF": "etc", "DATA": "share",
	"DOC": "share/doc", "MAN": "share/man", "INFO": "share/info", "LOCALE": "share/locale", "LOCALSTATE": "var"}

// libraryNameProperties are the target properties that name a
// library's or a program's file.
var libraryNameProperties = rewrite.WordSet(`OUTPUT_NAME RUNTIME_OUTPUT_NAME LIBRARY_OUTPUT_NAME VERSION SOVERSION PREFIX SUFFIX NO_SONAME`)

// sharedLibraryFiles are what CMake installs of a shared library in dir:
// the file lib<name>.so.<VERSION>, the soname lib<name>.so.<SOVERSION>
// (SOVERSION defaults to VERSION) that the program's loader asks for,
// linked to it, and the development name lib<name>.so linked to the
// soname (unless NAMELINK_SKIP); without either version, and for a
// module (add_library MODULE), lib<name>.so alone. The links are made
// again as CMake makes them, relative.
func sharedLibraryFiles(dir, name string, module bool, versions [2]string, namelink bool, how string) []rewrite.Artifact {
	base := "lib" + name + ".so"
	version, soversion := cmp.Or(versions[0], versions[1]), cmp.Or(versions[1], versions[0])
	if module || version == "" {
		return []rewrite.Artifact{{Path: path.Join(dir, base), How: how + " (" + base + ", the name the program loads it by)"}}
	}
	file, soname := base+"."+version, base+"."+soversion
	out := []rewrite.Artifact{{Path: path.Join(dir, file), How: how + " (" + file + ")"}}
	if soname != file {
		out = append(out, rewrite.Artifact{Path: path.Join(dir, soname), Link: file, How: how + " (" + soname + ", its soname, which the program loads it by)"})
	}
	if namelink {
		out = append(out, rewrite.Artifact{Path: path.Join(dir, base), Link: soname, How: how + " (" + base + ", the name a build links it by)"})
	}
	return out
}

// installed is what one install() rule puts into the image.
func (pr *cmakeProject) installed(r cmakeRule) ([]rewrite.Artifact, error) {
	if len(r.args) == 0 {
		return nil, nil
	}
	kind, rest := r.args[0], r.args[1:]
	var items []string
	for len(rest) > 0 && !installKeywords.Has(rest[0]) {
		items, rest = append(items, rest[0]), rest[1:]
	}
	opts := map[string]string{}
	group := ""
	dests := map[string]string{}
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch a {
		case "ARCHIVE", "LIBRARY", "RUNTIME", "OBJECTS", "FRAMEWORK", "BUNDLE", "PUBLIC_HEADER", "PRIVATE_HEADER", "RESOURCE", "INCLUDES", "CXX_MODULES_BMI":
			group = a
		case "FILE_SET":
			group = a
			i++
		case "DESTINATION":
			if i+1 < len(rest) {
				i++
				dests[group] = rest[i]
			}
		case "TYPE", "RENAME", "COMPONENT", "NAMELINK_COMPONENT", "EXPORT":
			if i+1 < len(rest) {
				i++
				opts[a] = rest[i]
			}
		case "PERMISSIONS", "FILE_PERMISSIONS", "DIRECTORY_PERMISSIONS", "CONFIGURATIONS":
			opts[a] = "1"
			for i+1 < len(rest) && !installKeywords.Has(rest[i+1]) {
				i++
			}
		case "PATTERN", "REGEX":
			opts["filtered"] = "1"
			if i+1 < len(rest) {
				i++
			}
		default:
			opts[a] = "1"
		}
	}
	switch {
	case opts["EXCLUDE_FROM_ALL"] != "":
		return nil, nil // installed only when its component is asked for
	case opts["CONFIGURATIONS"] != "":
		return nil, fmt.Errorf("install() for some build configurations only")
	case opts["RUNTIME_DEPENDENCIES"] != "" || opts["RUNTIME_DEPENDENCY_SET"] != "":
		return nil, fmt.Errorf("install() copies the libraries a target loads, which msrewrite does not resolve")
	}
	how := fmt.Sprintf("install(%s) in %s", kind, r.where)
	under := func(dest string) string { return shell.Resolve(cmp.Or(pr.installPrefix, pr.prefix), dest) }
	var out []rewrite.Artifact
	switch kind {
	case "TARGETS":
		for _, t := range items {
			name := t
			if n, ok := pr.outputName[t]; ok {
				name = n
			}
			if pr.execs[t] {
				dest := cmp.Or(dests["RUNTIME"], dests[""], "bin")
				out = append(out, rewrite.Artifact{Path: path.Join(under(dest), name), How: how + " installs the executable " + t})
				continue
			}
			libKind, isLib := pr.libs[t]
			switch {
			case !isLib:
				return nil, fmt.Errorf("install(TARGETS) names %s, which no add_executable or add_library of the project read defines", t)
			case libKind == "SHARED" || libKind == "MODULE" || libKind == "" && pr.shared:
				// The file the program loads: the library's soname.
				dest := cmp.Or(dests["LIBRARY"], dests[""], "lib")
				if d := under(dest); d == "/usr/lib" || d == "/lib" || strings.HasPrefix(d, "/usr/lib/") {
					return nil, fmt.Errorf("install(TARGETS) installs the shared library %s into %s, where GNUInstallDirs and the loader's multiarch folders may put it elsewhere", t, d)
				}
				if opts["NAMELINK_ONLY"] != "" {
					continue // the development link alone
				}
				out = append(out, sharedLibraryFiles(under(dest), name, libKind == "MODULE", pr.versions[t], opts["NAMELINK_SKIP"] == "", how+" installs the shared library "+t)...)
				continue
			}
			// A static library, its headers and an interface library are
			// build inputs of other projects: nothing the program runs.
		}
	case "FILES", "PROGRAMS":
		dest, ok := dests[""]
		if !ok {
			t := opts["TYPE"]
			if t == "INCLUDE" {
				return nil, nil
			}
			if dest, ok = installTypes[t]; !ok {
				return nil, fmt.Errorf("install(%s) without a DESTINATION msrewrite reads", kind)
			}
		}
		if headerDest(dest) {
			return nil, nil
		}
		if opts["RENAME"] != "" && len(items) == 1 {
			return []rewrite.Artifact{{Path: path.Join(under(dest), opts["RENAME"]), How: how}}, nil
		}
		for _, f := range items {
			out = append(out, rewrite.Artifact{Path: path.Join(under(dest), path.Base(f)), How: how})
		}
	case "DIRECTORY":
		dest, ok := dests[""]
		if !ok {
			if dest, ok = installTypes[opts["TYPE"]]; !ok {
				return nil, fmt.Errorf("install(DIRECTORY) without a DESTINATION msrewrite reads")
			}
		}
		if headerDest(dest) {
			return nil, nil
		}
		for _, d := range items {
			if !strings.HasSuffix(d, "/") {
				out = append(out, rewrite.Artifact{Path: path.Join(under(dest), path.Base(d)), Dir: true, How: how})
				continue
			}
			// dir/: its content lands in DESTINATION, beside what else
			// is there: each entry the context holds, unless a pattern
			// picks among them.
			if opts["filtered"] != "" {
				return nil, fmt.Errorf("install(DIRECTORY %s) picks files by pattern into %s, whose other files msrewrite cannot tell apart", d, dest)
			}
			src := shell.Resolve(r.dir, d)
			ctxDir, ok := contextPathAt(pr.st, pr.ctx, pr.index, src)
			if !ok {
				return nil, fmt.Errorf("install(DIRECTORY %s): no COPY of the build context puts %s there", d, src)
			}
			entries, err := pr.ctx.ReadDir(ctxDir)
			if err != nil {
				return nil, err
			}
			for _, e := range entries {
				out = append(out, rewrite.Artifact{Path: path.Join(under(dest), e.Name()), Dir: e.IsDir(), How: how})
			}
		}
	case "EXPORT":
		// CMake's package files for other projects' find_package.
	default:
		return nil, fmt.Errorf("install(%s) runs what the project says at install time, which msrewrite does not read", kind)
	}
	return out, nil
}

// headerDest tells whether an install destination is the include folder,
// where headers go for other projects to build against.
func headerDest(dest string) bool {
	return dest == "include" || strings.HasPrefix(dest, "include/") || strings.HasSuffix(dest, "/include") || strings.Contains(dest, "/include/")
}

// cmakeInstallCall reads a cmake call that installs a build folder:
// `cmake --install build [--prefix P]`, `cmake --build build --target
// install`.
func cmakeInstallCall(c shell.Call) (cmakeInstall, bool) {
	inst := cmakeInstall{}
	target := false
	for i := 1; i < len(c.Args); i++ {
		a := c.Args[i]
		next := ""
		if i+1 < len(c.Args) {
			next = c.Args[i+1]
		}
		switch {
		case (a == "--install" || a == "--build") && next != "":
			inst.dir = shell.Resolve(c.Dir, next)
			target = target || a == "--install"
			i++
		case a == "--prefix" && next != "":
			inst.prefix = shell.Resolve(c.Dir, next)
			i++
		case (a == "--target" || a == "-t") && next == "install":
			target = true
			i++
		case a == "--target=install":
			target = true
		case a == "--component" || strings.HasPrefix(a, "--component="):
			inst.component = true
		}
	}
	inst.what = "cmake " + strings.Join(c.Args[1:], " ")
	return inst, target && inst.dir != ""
}

// cmakeBuilt points what make or cmake --build builds in a folder cmake
// configured at the folder the project builds its executables in, when
// it names one (set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${CMAKE_SOURCE_DIR}/bin)):
// the program CMD runs is looked for there. A project msrewrite cannot
// read keeps the build folder.
func cmakeBuilt(st *rewrite.Stage, p *rewrite.Pass, b *rewrite.Build, cb *cBuild) {
	for i, o := range b.Unresolved {
		cfg, ok := cb.cmakeDirs[o.Dir]
		if !ok || cfg.unread != "" || p.Options.Context == nil || o.What != "make" && o.What != "ninja" && !strings.HasPrefix(o.What, "cmake --build") {
			continue
		}
		pr, err := readCmakeProject(st, p.Options.Context, len(st.Body), o.Dir, cfg)
		if err != nil || pr.runtimeOutErr != nil || pr.runtimeOut == "" {
			continue
		}
		b.BuildDirs = append(b.BuildDirs, o)
		b.BuildOutputs = append(b.BuildOutputs, o.Dir)
		b.Unresolved[i].Dir, b.Unresolved[i].Under = pr.runtimeOut, false
		b.Unresolved[i].What = o.What + " (the project's " + pr.runtimeOutVar + ")"
	}
}

// cmakeInstalled gives the artifacts of the build's CMake installs: what
// the install() rules of the configured project put under its prefix.
// What make or cmake --build wrote into the installed build folder is
// then not the program.
func cmakeInstalled(st *rewrite.Stage, p *rewrite.Pass, b *rewrite.Build, cb *cBuild) error {
	for _, inst := range cb.cmakeInstalls {
		cfg, ok := cb.cmakeDirs[inst.dir]
		switch {
		case !ok:
			return rewrite.Skipf(inst.line, "%s: no cmake call of the file configures %s, so the project whose install() rules run cannot be told", inst.what, inst.dir)
		case inst.component:
			return rewrite.Skipf(inst.line, "%s: installs one component, which msrewrite does not tell apart", inst.what)
		case p.Options.Context == nil:
			return rewrite.Skipf(inst.line, "%s: the project's install() rules say what it puts where, and the build context that holds them cannot be seen", inst.what)
		}
		arts, err := readCmakeInstall(st, p.Options.Context, inst.dir, cfg, inst)
		if err != nil {
			return err
		}
		b.Artifacts = append(b.Artifacts, arts...)
		b.BuildDirs = append(b.BuildDirs, rewrite.Output{Dir: inst.dir, Line: inst.line, What: inst.what})
		b.BuildOutputs = append(b.BuildOutputs, inst.dir)
		b.Unresolved = slices.DeleteFunc(b.Unresolved, func(o rewrite.Output) bool {
			return o.Dir == inst.dir || strings.HasPrefix(o.Dir, inst.dir+"/")
		})
	}
	return nil
}
