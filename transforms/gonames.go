package transforms

import (
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// What a Go package's code may put in the name it gives a runner
// (goexec.go): the literals its constants, variables, flags, struct
// fields and functions hold. Each literal a name may hold may run:
// the rule is subtractive, a program too many costs a package.

// goNames are what the files of a package name with string literals,
// where a program's name may come from.
type goNames struct {
	consts  map[string]string   // constants given one literal each
	vars    map[string][]string // package variables given literals
	returns map[string][]string // functions that return literals, by name
	fields  map[string][]string // struct fields given literals, by name
	// wrappers are the package's functions and methods that hand a
	// parameter on to a runner, by name.
	wrappers map[string]goWrapper
	scopes   map[*ast.FuncDecl]map[string][]string // eachCall's, by function
}

// newGoNames reads the names of a package's parsed files.
func newGoNames(sources []goSource) *goNames {
	g := &goNames{consts: map[string]string{}, vars: map[string][]string{}, returns: map[string][]string{}, wrappers: map[string]goWrapper{}}
	for _, s := range sources {
		for k, v := range stringConsts(s.f) {
			g.consts[k] = v
		}
	}
	// Package variables: the literals their declarations and every
	// function of the package give them (var gitPath string, then
	// gitPath = "git" in init).
	var funcs []*ast.FuncDecl
	for _, s := range sources {
		for _, decl := range s.f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				if decl.Tok != token.VAR {
					continue
				}
				for _, spec := range decl.Specs {
					for _, id := range spec.(*ast.ValueSpec).Names {
						if _, ok := g.vars[id.Name]; !ok {
							g.vars[id.Name] = nil
						}
					}
				}
				for name, values := range assignedLiterals(decl, g.consts) {
					g.vars[name] = append(g.vars[name], values...)
				}
			case *ast.FuncDecl:
				if decl.Body == nil {
					continue
				}
				funcs = append(funcs, decl)
				if decl.Recv == nil {
					if values := g.returned(decl.Body); len(values) > 0 {
						g.returns[decl.Name.Name] = values
					}
				}
			}
		}
	}
	var files []*ast.File
	for _, s := range sources {
		files = append(files, s.f)
	}
	g.fields = fieldLiterals(files, g.consts)
	for _, fd := range funcs {
		for name, values := range assignedLiterals(fd.Body, g.consts) {
			known, ok := g.vars[name]
			if !ok {
				continue
			}
			for _, v := range values {
				if !slices.Contains(known, v) {
					known = append(known, v)
				}
			}
			g.vars[name] = known
		}
	}
	return g
}

// returned are the literals (or constants) a function's own return
// statements return alone.
func (g *goNames) returned(body *ast.BlockStmt) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			if len(n.Results) == 1 {
				if v, ok := stringValue(n.Results[0], g.consts); ok {
					out = append(out, v)
				}
			}
		}
		return true
	})
	return out
}

// programNames are the names a program's argument may hold: literals,
// given the names of the enclosing function (scope) and the package's.
// A Windows name (git.exe, given for runtime.GOOS == "windows") is never
// run in a Linux container.
func (g *goNames) programNames(e ast.Expr, scope map[string][]string) []string {
	return withoutWindows(g.literalNames(e, scope))
}

// withoutWindows are names without the Windows ones.
func withoutWindows(names []string) []string {
	return slices.DeleteFunc(slices.Clone(names), windowsName)
}

// windowsName tells whether a program's name is a Windows one (git.exe,
// ffmpeg.EXE), which a Linux container never runs.
func windowsName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".exe")
}

// lookup is what a name may hold: what the enclosing function (scope)
// gives it, else what the package's code does.
func (g *goNames) lookup(scope map[string][]string) func(string) []string {
	return func(name string) []string {
		if values, ok := scope[name]; ok {
			return values
		}
		return g.vars[name]
	}
}

// firstNames are the names the first element of a command line given
// as a slice may hold (argv in exec.Command(argv[0], argv[1:]...)).
func (g *goNames) firstNames(e ast.Expr, scope map[string][]string) []string {
	return firstElements(e, g.consts, g.lookup(scope))
}

// literalNames are programNames before the Windows names are left out.
func (g *goNames) literalNames(e ast.Expr, scope map[string][]string) []string {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return g.literalNames(e.X, scope)
	case *ast.StarExpr:
		return g.literalNames(e.X, scope) // *ffmpeg, a flag
	case *ast.SelectorExpr:
		return g.fields[e.Sel.Name] // cfg.FFmpeg
	case *ast.Ident:
		if values := g.lookup(scope)(e.Name); values != nil {
			return values
		}
	case *ast.IndexExpr:
		if isZero(e.Index) {
			return g.firstNames(e.X, scope) // argv[0]
		}
	case *ast.CallExpr:
		if v, ok := defaultValue(e, g.consts); ok {
			return []string{v} // exec.Command(getEnv("SSH_BIN", "ssh")), cmp.Or(...)
		}
		if id, ok := e.Fun.(*ast.Ident); ok {
			return g.returns[id.Name]
		}
	}
	if v, ok := stringValue(e, g.consts); ok {
		return []string{v}
	}
	return nil
}

// firstElements are the values the first element of the slice e may
// hold: the first of a literal ([]string{"git", "pull"}), of append's
// first argument (append([]string{"env"}, argv...)), the first word
// strings.Fields or strings.Split give of a literal, and, for a name,
// what lookup gives name[0] (assignedLiterals).
func firstElements(e ast.Expr, consts map[string]string, lookup func(string) []string) []string {
	if first := firstElement(e); first != nil {
		if v, ok := stringValue(first, consts); ok {
			return []string{v}
		}
		if id, ok := first.(*ast.Ident); ok {
			return lookup(id.Name) // []string{git, "pull"}
		}
		return nil
	}
	switch e := e.(type) {
	case *ast.Ident:
		return lookup(e.Name + "[0]")
	case *ast.CallExpr:
		// strings.Fields("git pull"), strings.Split("git pull", " ")
		fun, ok := e.Fun.(*ast.SelectorExpr)
		if !ok || len(e.Args) == 0 || !(fun.Sel.Name == "Fields" || fun.Sel.Name == "Split") {
			break
		}
		if x, ok := fun.X.(*ast.Ident); ok && x.Name == "strings" {
			if v, ok := stringValue(e.Args[0], consts); ok {
				if words := strings.Fields(v); len(words) > 0 {
					return words[:1]
				}
			}
		}
	}
	return nil
}

// firstElement is the expression of a slice's first element where the
// code writes it: in a literal, maybe the first argument of append.
func firstElement(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return firstElement(e.X)
	case *ast.CompositeLit:
		if len(e.Elts) > 0 {
			return e.Elts[0]
		}
	case *ast.CallExpr:
		if fun, ok := e.Fun.(*ast.Ident); ok && fun.Name == "append" && len(e.Args) > 0 {
			return firstElement(e.Args[0])
		}
	}
	return nil
}

// stringValue is the value of a string literal, or of a constant given
// one.
func stringValue(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			v, err := strconv.Unquote(e.Value)
			return v, err == nil
		}
	case *ast.Ident:
		v, ok := consts[e.Name]
		return v, ok
	}
	return "", false
}

// assignedLiterals are the string literals (or constants) each name is
// given below n, by = or := or var, in the order given: a name given two
// (git, then git.exe on Windows) may hold either. A flag's default
// counts (ffmpeg := flag.String("ffmpeg", "ffmpeg", ...),
// flag.StringVar(&git, "git", "git", ...)), and so does the default of
// a lookup of the environment (getenv("GIT", "git")). A command line
// given as a slice (argv := []string{"git", "pull"}) gives its first
// element to name[0]; a loop's variable takes each element of a literal
// it ranges over, or of a name given one (steps := [][]string{{"git",
// "init"}, ...}; for _, step := range steps), which keeps them as
// name[*].
func assignedLiterals(n ast.Node, consts map[string]string) map[string][]string {
	out := map[string][]string{}
	addValue := func(name, v string) {
		if !slices.Contains(out[name], v) {
			out[name] = append(out[name], v)
		}
	}
	known := func(name string) []string { return out[name] }
	add := func(name string, value ast.Expr) {
		if v, ok := defaultValue(value, consts); ok {
			addValue(name, v)
		}
		for _, v := range firstElements(value, consts, known) {
			addValue(name+"[0]", v)
		}
		if lit, ok := value.(*ast.CompositeLit); ok {
			for _, elt := range lit.Elts {
				if v, ok := stringValue(elt, consts); ok {
					addValue(name+"[*]", v)
				}
				for _, v := range firstElements(elt, consts, known) {
					addValue(name+"[*][0]", v)
				}
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			// for _, tool := range []string{"git", "curl"}
			id, ok := n.Value.(*ast.Ident)
			if !ok {
				break
			}
			switch x := n.X.(type) {
			case *ast.CompositeLit:
				for _, elt := range x.Elts {
					add(id.Name, elt)
				}
			case *ast.Ident:
				for _, v := range out[x.Name+"[*]"] {
					addValue(id.Name, v)
				}
				for _, v := range out[x.Name+"[*][0]"] {
					addValue(id.Name+"[0]", v)
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok {
						add(id.Name, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					add(id.Name, n.Values[i])
				}
			}
		case *ast.CallExpr:
			if target, value := flagVar(n); target != nil {
				if id, ok := target.(*ast.Ident); ok {
					add(id.Name, value)
				}
			}
		}
		return true
	})
	return out
}

// defaultValue is the string a name given e may hold: a literal (or a
// constant), a string flag's default (flag, pflag, kingpin), or the
// default of a lookup of the environment (a helper's, cmp.Or's).
func defaultValue(e ast.Expr, consts map[string]string) (string, bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return stringValue(e, consts)
	}
	var name string
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		name = fun.Name
	case *ast.SelectorExpr:
		name = fun.Sel.Name
	}
	switch lower := strings.ToLower(name); {
	case name == "String" && len(call.Args) == 3: // flag.String(name, value, usage)
		return stringValue(call.Args[1], consts)
	case name == "String" && len(call.Args) == 0:
		// kingpin's Flag("git", usage).Default("git").String()
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if inner, ok := sel.X.(*ast.CallExpr); ok {
				if d, ok := inner.Fun.(*ast.SelectorExpr); ok && d.Sel.Name == "Default" && len(inner.Args) == 1 {
					return stringValue(inner.Args[0], consts)
				}
			}
		}
	case name == "StringP" && len(call.Args) == 4: // pflag's, with a shorthand
		return stringValue(call.Args[2], consts)
	case name == "Or" && len(call.Args) >= 2: // cmp.Or(os.Getenv("GIT"), "git")
		return stringValue(call.Args[len(call.Args)-1], consts)
	case len(call.Args) >= 2 && (strings.Contains(lower, "env") || strings.Contains(lower, "default") || strings.Contains(lower, "fallback")):
		// getenv("GIT", "git"), envOr("GIT", "git"), GetEnvDefault(...)
		return stringValue(call.Args[len(call.Args)-1], consts)
	}
	return "", false
}

// flagVar is the variable (or field) a string flag is bound to and its
// default: flag.StringVar(&git, "git", "git", usage), pflag's
// StringVarP(&cfg.Git, "git", "g", "git", usage).
func flagVar(call *ast.CallExpr) (target, value ast.Expr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return nil, nil
	}
	at := -1
	switch {
	case sel.Sel.Name == "StringVar" && len(call.Args) == 4:
		at = 2
	case sel.Sel.Name == "StringVarP" && len(call.Args) == 5:
		at = 3
	}
	ref, ok := call.Args[0].(*ast.UnaryExpr)
	if at < 0 || !ok || ref.Op != token.AND {
		return nil, nil
	}
	return ref.X, call.Args[at]
}

// fieldLiterals are the literals a package's code gives struct fields,
// by field name: in composite literals (Config{FFmpeg: "ffmpeg"}),
// assignments (cfg.FFmpeg = "ffmpeg"), flags bound to them, and the
// defaults of struct tags (`env:"FFMPEG" envDefault:"ffmpeg"`, `default:"ffmpeg"`).
func fieldLiterals(files []*ast.File, consts map[string]string) map[string][]string {
	out := map[string][]string{}
	add := func(field string, v string) {
		if !slices.Contains(out[field], v) {
			out[field] = append(out[field], v)
		}
	}
	addExpr := func(field string, e ast.Expr) {
		if v, ok := defaultValue(e, consts); ok {
			add(field, v)
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok {
					addExpr(k.Name, n.Value)
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, lhs := range n.Lhs {
						if sel, ok := lhs.(*ast.SelectorExpr); ok {
							addExpr(sel.Sel.Name, n.Rhs[i])
						}
					}
				}
			case *ast.CallExpr:
				if target, value := flagVar(n); target != nil {
					if sel, ok := target.(*ast.SelectorExpr); ok {
						addExpr(sel.Sel.Name, value)
					}
				}
			case *ast.Field:
				if n.Tag == nil {
					break
				}
				tag, err := strconv.Unquote(n.Tag.Value)
				if err != nil {
					break
				}
				for _, key := range []string{"default", "envDefault"} {
					if v, ok := reflect.StructTag(tag).Lookup(key); ok && v != "" {
						for _, name := range n.Names {
							add(name.Name, v)
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// stringConsts are a file's top-level constants given by one string
// literal each (const gitBin = "git"), by name.
func stringConsts(f *ast.File) map[string]string {
	var out map[string]string
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != len(vs.Values) {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				if v, err := strconv.Unquote(lit.Value); err == nil {
					if out == nil {
						out = map[string]string{}
					}
					out[name.Name] = v
				}
			}
		}
	}
	return out
}
