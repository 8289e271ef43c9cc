package transforms

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// A reader of the Makefiles projects put beside their code, enough to
// tell what `make build` or `make install` runs: variables (=, :=, ::=,
// ?=, +=, export, the command line's and the environment's), conditionals
// evaluated as make reads them, includes, explicit and pattern rules,
// their prerequisites and recipes, the automatic variables and a few text
// functions. What it does not read (define, override, double-colon rules,
// target-specific variables, a conditional on a value that cannot be
// known) makes it refuse the file with the construct named: guessing at a
// Makefile would guess at what the image holds. GNU make itself checks it
// (TestMakefileAgainstGNUMake).

// makefile is a Makefile as read, variables expanded as GNU make expands
// them when it reads: targets and prerequisites at once, recipes when run.
type makefile struct {
	name  string
	rules map[string]*makeRule
	// first is the default goal: the first target that is not special.
	first string
	vars  map[string]*makeVar
	// exportAll is a bare `export`: every variable reaches the recipes.
	exportAll bool
	exported  map[string]bool
	unexport  map[string]bool
	// patterns are the pattern rules (%.o: %.c), in order; one without a
	// recipe is read but never applied.
	patterns []*makeRule
	// lookups counts the references expanded: a Makefile whose variables
	// expand each other into an exponential text stops being read.
	lookups int
}

// maxMakeLookups bounds the references one Makefile's reading expands.
const maxMakeLookups = 100000

type makeRule struct {
	target  string
	prereqs []string // expanded; unknown words left out
	recipe  []string // as written, without the leading tab
	line    int
}

type makeVar struct {
	value  string
	simple bool // := and ::= expanded when set; = when used
	origin string
}

// makeError is a construct the reader does not follow, at a line.
type makeError struct {
	line int
	msg  string
}

func (e *makeError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// makeDefaults are the variables GNU make defines that Go Makefiles use.
var makeDefaults = map[string]string{"MAKE": "make", "CC": "cc", "CXX": "g++", "RM": "rm -f", "SHELL": "/bin/sh"}

// parseMakefile reads a Makefile that make runs in the folder dir; env
// looks a variable up in the environment make starts with (set false
// when absent, known false when its value cannot be known); include reads
// a file an include directive names (a path as written, relative to dir),
// ok false when it is not there (nil: includes are refused).
func parseMakefile(name, dir string, data []byte, env func(string) (string, bool, bool), include func(string) ([]byte, bool)) (*makefile, error) {
	mf := &makefile{name: name, rules: map[string]*makeRule{}, exported: map[string]bool{}, unexport: map[string]bool{},
		vars: map[string]*makeVar{"CURDIR": {value: dir, simple: true, origin: "default"}}}
	var current []*makeRule // the rules the recipe lines below belong to
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	included := 0
	var conds []*makeCond // the conditionals the line is inside, outermost first
	active := func() bool { return len(conds) == 0 || conds[len(conds)-1].taking }
	for n := 0; n < len(lines); n++ {
		lineNo := n + 1
		text := lines[n]
		if strings.HasPrefix(text, "\t") && current != nil {
			recipe := text[1:]
			for strings.HasSuffix(recipe, "\\") && n+1 < len(lines) {
				// The shell reads the continuation; make drops one tab.
				n++
				recipe += "\n" + strings.TrimPrefix(lines[n], "\t")
			}
			if active() {
				for _, r := range current {
					r.recipe = append(r.recipe, recipe)
				}
			}
			continue
		}
		for strings.HasSuffix(text, "\\") && n+1 < len(lines) {
			n++
			text = strings.TrimSuffix(text, "\\") + " " + strings.TrimLeft(lines[n], " \t")
		}
		// A rule's recipe after ';' goes to the shell as it is, '#' and all.
		inlineRecipe, hasInline := "", false
		if semi := strings.IndexByte(text, ';'); semi >= 0 {
			if head := stripMakeComment(text[:semi]); strings.Contains(head, ":") && len(head) == semi {
				if op, _ := assignmentOp(head); op == "" {
					text, inlineRecipe, hasInline = head, strings.TrimSpace(text[semi+1:]), true
				}
			}
		}
		text = strings.ReplaceAll(stripMakeComment(text), `\#`, "#")
		trimmed := strings.TrimSpace(text)
		if trimmed == "" {
			continue
		}
		word, rest, _ := strings.Cut(trimmed, " ")
		switch word {
		case "ifeq", "ifneq", "ifdef", "ifndef":
			c := &makeCond{parent: active()}
			if c.parent {
				holds, err := mf.condition(word, rest, env)
				if err != nil {
					return nil, &makeError{lineNo, err.Error()}
				}
				c.taking, c.taken = holds, holds
			}
			conds = append(conds, c)
			continue
		case "else":
			if len(conds) == 0 {
				return nil, &makeError{lineNo, "an else outside a conditional"}
			}
			c := conds[len(conds)-1]
			holds := true
			if rest = strings.TrimSpace(rest); rest != "" && c.parent && !c.taken {
				kind, args, _ := strings.Cut(rest, " ")
				if kind != "ifeq" && kind != "ifneq" && kind != "ifdef" && kind != "ifndef" {
					return nil, &makeError{lineNo, "an else with more than a conditional after it"}
				}
				var err error
				if holds, err = mf.condition(kind, args, env); err != nil {
					return nil, &makeError{lineNo, err.Error()}
				}
			}
			c.taking = c.parent && !c.taken && holds
			c.taken = c.taken || c.taking
			continue
		case "endif":
			if len(conds) == 0 {
				return nil, &makeError{lineNo, "an endif outside a conditional"}
			}
			conds = conds[:len(conds)-1]
			continue
		}
		if !active() {
			continue // a branch make does not take
		}
		if strings.HasPrefix(text, "\t") {
			return nil, &makeError{lineNo, "a recipe line before any rule"}
		}
		current = nil
		switch word {
		case "include", "-include", "sinclude":
			files, known := mf.expand(rest, nil, env)
			if include == nil || !known || strings.ContainsAny(files, "*?[") {
				return nil, &makeError{lineNo, "an include of another makefile that msrewrite cannot read"}
			}
			var spliced []string
			for _, f := range strings.Fields(files) {
				data, ok := include(f)
				if !ok && word == "include" {
					return nil, &makeError{lineNo, "an include of " + f + ", which the build context does not hold"}
				}
				if included++; included > 16 {
					return nil, &makeError{lineNo, "more than 16 includes"}
				}
				spliced = append(spliced, strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")...)
			}
			// The included text is read in the place of the directive
			// (its own errors carry this line's number and after).
			lines = slices.Concat(lines[:n+1], spliced, lines[n+1:])
			continue
		case "define", "endef":
			return nil, &makeError{lineNo, "a multi-line variable (define)"}
		case "vpath":
			continue
		case "unexport":
			for _, v := range strings.Fields(rest) {
				mf.unexport[v] = true
			}
			continue
		case "override":
			return nil, &makeError{lineNo, "an override directive"}
		case "export":
			rest = strings.TrimSpace(rest)
			if rest == "" {
				mf.exportAll = true
				continue
			}
			if !strings.Contains(rest, "=") {
				for _, v := range strings.Fields(rest) {
					mf.exported[v] = true
				}
				continue
			}
			trimmed = rest
		}
		if op, at := assignmentOp(trimmed); op != "" {
			name := strings.TrimSpace(trimmed[:at])
			// make keeps the spaces that end a value, before a comment too.
			_, value, _ := strings.Cut(text, op)
			value = strings.TrimLeft(value, " \t")
			if strings.ContainsAny(name, " $") {
				return nil, &makeError{lineNo, "a variable whose name is computed or a target-specific variable"}
			}
			if word == "export" {
				mf.exported[name] = true
			}
			if err := mf.assign(name, op, value, env, lineNo); err != nil {
				return nil, err
			}
			continue
		}
		colon := strings.IndexByte(trimmed, ':')
		if colon < 0 {
			return nil, &makeError{lineNo, "a line that is neither a rule nor a variable"}
		}
		targetText, rest := trimmed[:colon], trimmed[colon+1:]
		if strings.HasPrefix(rest, ":") {
			return nil, &makeError{lineNo, "a double-colon rule"}
		}
		prereqText := rest
		if op, _ := assignmentOp(prereqText); op != "" {
			return nil, &makeError{lineNo, "a target-specific variable"}
		}
		targets, known := mf.expand(targetText, nil, env)
		if !known {
			return nil, &makeError{lineNo, "a target whose name cannot be known"}
		}
		prereqs, _ := mf.expand(prereqText, nil, env)
		for _, t := range strings.Fields(targets) {
			if strings.Contains(t, "%") {
				pr := &makeRule{target: t, line: lineNo, prereqs: strings.Fields(prereqs)}
				mf.patterns = append(mf.patterns, pr)
				current = append(current, pr)
				continue
			}
			r := mf.rules[t]
			if r == nil {
				r = &makeRule{target: t, line: lineNo}
				mf.rules[t] = r
				if mf.first == "" && !strings.HasPrefix(t, ".") {
					mf.first = t
				}
			} else if len(r.recipe) > 0 {
				// A second recipe for a target: make warns and takes the
				// last, a shape no Makefile means to have.
				return nil, &makeError{lineNo, "a second recipe for " + t}
			}
			for _, p := range strings.Fields(prereqs) {
				if !strings.Contains(p, unknownMake) {
					r.prereqs = append(r.prereqs, p)
				}
			}
			current = append(current, r)
		}
		if hasInline {
			for _, r := range current {
				r.recipe = append(r.recipe, inlineRecipe)
			}
		}
	}
	if len(conds) > 0 {
		return nil, &makeError{len(lines), "a conditional without its endif"}
	}
	return mf, nil
}

// makeCond is a conditional (ifeq ... else ... endif) being read.
type makeCond struct {
	parent bool // the lines around it are read
	taking bool // the branch being read is taken
	taken  bool // a branch so far was
}

// condition evaluates ifeq, ifneq, ifdef or ifndef with its arguments as
// make does when it reads the line; an error when a value cannot be known.
func (mf *makefile) condition(kind, args string, env func(string) (string, bool, bool)) (bool, error) {
	args = strings.TrimSpace(args)
	switch kind {
	case "ifdef", "ifndef":
		name, known := mf.expand(args, nil, env)
		if !known || strings.ContainsAny(name, " \t") {
			return false, fmt.Errorf("%s %s: a name that cannot be known", kind, args)
		}
		// make asks whether the variable has a value, unexpanded.
		value, defined := "", false
		if v, ok := mf.vars[name]; ok {
			value, defined = v.value, true
		} else if v, set, ok := env(name); set {
			if !ok {
				return false, fmt.Errorf("%s %s: a value from the environment that cannot be known", kind, name)
			}
			value, defined = v, true
		}
		holds := defined && value != ""
		return holds == (kind == "ifdef"), nil
	}
	var a, b string
	switch {
	case strings.HasPrefix(args, "(") && strings.HasSuffix(args, ")"):
		inner := args[1 : len(args)-1]
		comma := topLevelComma(inner)
		if comma < 0 {
			return false, fmt.Errorf("%s %s: arguments msrewrite cannot read", kind, args)
		}
		a, b = strings.TrimRight(inner[:comma], " \t"), strings.TrimLeft(inner[comma+1:], " \t")
	default:
		words := strings.Fields(args)
		if len(words) != 2 || !quoted(words[0]) || !quoted(words[1]) {
			return false, fmt.Errorf("%s %s: arguments msrewrite cannot read", kind, args)
		}
		a, b = words[0][1:len(words[0])-1], words[1][1:len(words[1])-1]
	}
	ea, knownA := mf.expand(a, nil, env)
	eb, knownB := mf.expand(b, nil, env)
	if !knownA || !knownB {
		return false, fmt.Errorf("%s %s: a value that cannot be known", kind, args)
	}
	return (ea == eb) == (kind == "ifeq"), nil
}

// topLevelComma is the index of the first comma of s outside a
// reference, -1 if none.
func topLevelComma(s string) int {
	for i := 0; i < len(s); i++ {
		if i = refEnd(s, i); s[i] == ',' {
			return i
		}
	}
	return -1
}

// refEnd is where a reference that starts at s[i] ($( or ${) ends; i when
// none starts there. A reference may hold ':', '=' and ','.
func refEnd(s string, i int) int {
	if s[i] == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{') {
		if end := matchingParen(s, i+1); end > 0 {
			return end
		}
	}
	return i
}

func quoted(w string) bool {
	return len(w) >= 2 && (w[0] == '"' || w[0] == '\'') && w[len(w)-1] == w[0]
}

// stripMakeComment cuts a comment off a line that is not a recipe.
func stripMakeComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] != '\\') {
			return s[:i]
		}
	}
	return s
}

// assignmentOp finds a variable assignment's operator: the first '=' that
// comes before any ':' that is not part of ":=" or "::=".
func assignmentOp(s string) (op string, at int) {
	for i := 0; i < len(s); i++ {
		i = refEnd(s, i) // $(VAR:.go=.o) is no assignment
		switch s[i] {
		case ':':
			switch {
			case strings.HasPrefix(s[i:], "::="):
				return "::=", i
			case strings.HasPrefix(s[i:], ":="):
				return ":=", i
			}
			return "", -1
		case '=':
			if i > 0 && strings.ContainsRune("?+!", rune(s[i-1])) {
				return s[i-1 : i+1], i - 1
			}
			return "=", i
		}
	}
	return "", -1
}

// matchingParen is the index of the bracket closing the one at open; -1
// if none.
func matchingParen(s string, open int) int {
	closer := byte(')')
	if s[open] == '{' {
		closer = '}'
	}
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case s[open]:
			depth++
		case closer:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (mf *makefile) assign(name, op, value string, env func(string) (string, bool, bool), line int) error {
	v := mf.vars[name]
	switch op {
	case "!=":
		return &makeError{line, "a variable set from a shell command (!=)"}
	case "?=":
		if v != nil {
			return nil
		}
		if _, set, _ := env(name); set {
			return nil
		}
		mf.vars[name] = &makeVar{value: value, origin: "file"}
	case ":=", "::=":
		expanded, _ := mf.expand(value, nil, env)
		mf.vars[name] = &makeVar{value: expanded, simple: true, origin: "file"}
	case "+=":
		if v == nil {
			if envValue, set, known := env(name); set {
				if !known {
					envValue = unknownMake
				}
				v = &makeVar{value: envValue, simple: true, origin: "file"}
			} else {
				v = &makeVar{origin: "file"}
			}
		}
		if v.simple {
			value, _ = mf.expand(value, nil, env)
		}
		nv := *v
		nv.value = strings.TrimSpace(v.value + " " + value)
		mf.vars[name] = &nv
	default:
		mf.vars[name] = &makeVar{value: value, origin: "file"}
	}
	return nil
}

// unknownMake stands, in expanded text, for what make's expansion gives
// that msrewrite cannot know: a shell variable no environment sets, so
// the shell reader takes the word as unknown.
const unknownMake = "${__msrewrite_make_unknown}"

// expand expands variable references as make does; auto holds the
// automatic variables ($@, $<, $^) of a recipe. known is false when a
// part could not be expanded (it reads unknownMake).
func (mf *makefile) expand(s string, auto map[string]string, env func(string) (string, bool, bool)) (string, bool) {
	return mf.expandDepth(s, auto, env, 0)
}

func (mf *makefile) expandDepth(s string, auto map[string]string, env func(string) (string, bool, bool), depth int) (string, bool) {
	if depth > 20 || !strings.Contains(s, "$") {
		return s, depth <= 20
	}
	var out strings.Builder
	known := true
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			out.WriteByte(s[i])
			continue
		}
		i++
		var ref string
		switch s[i] {
		case '$':
			out.WriteByte('$')
			continue
		case '(', '{':
			end := matchingParen(s, i)
			if end < 0 {
				out.WriteString(unknownMake)
				known = false
				i = len(s)
				continue
			}
			ref = s[i+1 : end]
			i = end
		default:
			ref = s[i : i+1]
		}
		v, ok := mf.lookup(ref, auto, env, depth)
		if !ok {
			out.WriteString(unknownMake)
			known = false
			continue
		}
		out.WriteString(v)
	}
	return out.String(), known
}

// lookup expands one reference (the text inside $(...)); ok is false
// for functions and what cannot be known.
func (mf *makefile) lookup(ref string, auto map[string]string, env func(string) (string, bool, bool), depth int) (string, bool) {
	if mf.lookups++; mf.lookups > maxMakeLookups {
		return "", false
	}
	if v, ok := auto[ref]; ok {
		return v, true
	}
	if len(ref) == 2 && (ref[1] == 'D' || ref[1] == 'F') {
		if v, ok := auto[ref[:1]]; ok {
			if ref[1] == 'D' {
				return path.Dir(v), true
			}
			return path.Base(v), true
		}
	}
	if fn, args, ok := strings.Cut(ref, " "); ok && makeFunctions[fn] != nil {
		expanded, known := mf.expandDepth(args, auto, env, depth+1)
		if !known {
			return "", false
		}
		return makeFunctions[fn](expanded)
	}
	if strings.ContainsAny(ref, " \t,$:") {
		return "", false // another function, a substitution reference or a computed name
	}
	if v, ok := mf.vars[ref]; ok {
		if v.simple {
			return v.value, !strings.Contains(v.value, unknownMake)
		}
		return mf.expandDepth(v.value, auto, env, depth+1)
	}
	if v, set, known := env(ref); set {
		return v, known
	}
	if v, ok := makeDefaults[ref]; ok {
		return v, true
	}
	return "", true // an undefined variable is empty
}

// makeFunctions are the text functions of GNU make that Go Makefiles use
// on paths, applied to their arguments once expanded (a comma inside an
// argument's own reference is not told apart: such a call is unknown).
var makeFunctions = map[string]func(args string) (string, bool){
	"dir": func(a string) (string, bool) {
		return mapWords(a, func(w string) string {
			if i := strings.LastIndexByte(w, '/'); i >= 0 {
				return w[:i+1]
			}
			return "./"
		}), true
	},
	"notdir": func(a string) (string, bool) {
		return mapWords(a, func(w string) string { return w[strings.LastIndexByte(w, '/')+1:] }), true
	},
	"strip": func(a string) (string, bool) { return strings.Join(strings.Fields(a), " "), true },
	"firstword": func(a string) (string, bool) {
		f := strings.Fields(a)
		if len(f) == 0 {
			return "", true
		}
		return f[0], true
	},
	"lastword": func(a string) (string, bool) {
		f := strings.Fields(a)
		if len(f) == 0 {
			return "", true
		}
		return f[len(f)-1], true
	},
	"subst": func(a string) (string, bool) {
		parts := strings.Split(a, ",")
		if len(parts) != 3 {
			return "", false
		}
		return strings.ReplaceAll(parts[2], parts[0], parts[1]), true
	},
}

func mapWords(s string, f func(string) string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = f(w)
	}
	return strings.Join(words, " ")
}

// setCommandLine sets the variables given on make's command line: they
// win over the Makefile's and reach the recipes.
func (mf *makefile) setCommandLine(vars map[string]string) {
	for name, value := range vars {
		mf.vars[name] = &makeVar{value: value, simple: true, origin: "command line"}
	}
}

// recipeEnv is the environment a recipe's shell starts with: make's own
// environment, with the variables make exports (those from the
// environment or the command line, and those exported) at their make
// values.
func (mf *makefile) recipeEnv(env func(string) (string, bool, bool)) func(string) (string, bool, bool) {
	return func(name string) (string, bool, bool) {
		if name == strings.Trim(unknownMake, "${}") {
			return "", true, false
		}
		_, inEnv, _ := env(name)
		v, defined := mf.vars[name]
		exported := !mf.unexport[name] && (mf.exportAll || mf.exported[name] || inEnv || defined && v.origin == "command line")
		if !defined {
			if inEnv && !mf.unexport[name] {
				return env(name)
			}
			return "", false, true
		}
		if !exported {
			return "", false, true
		}
		value, known := mf.lookup(name, nil, env, 0)
		return value, true, known
	}
}

// recipes lists, in the order make runs them, the recipe lines of the
// goals and of the rules they depend on, expanded; each rule once.
// exists tells whether a file is there, in make's folder (for the
// pattern rules, which apply when their prerequisites exist).
func (mf *makefile) recipes(goals []string, env func(string) (string, bool, bool), exists func(string) bool) ([]string, error) {
	if v, ok := mf.vars[".DEFAULT_GOAL"]; ok && len(goals) == 0 {
		goal, known := mf.lookup(".DEFAULT_GOAL", nil, env, 0)
		if !known || len(strings.Fields(goal)) != 1 {
			return nil, fmt.Errorf("%s sets .DEFAULT_GOAL to %q, which msrewrite cannot follow", mf.name, v.value)
		}
		goals = strings.Fields(goal)
	}
	if len(goals) == 0 {
		if mf.first == "" {
			return nil, fmt.Errorf("%s has no rule to make", mf.name)
		}
		goals = []string{mf.first}
	}
	var out []string
	done := map[string]bool{}
	var visit func(target string, depth int) error
	visit = func(target string, depth int) error {
		if done[target] {
			return nil
		}
		done[target] = true
		r := mf.rules[target]
		if depth > 50 {
			return fmt.Errorf("%s: the prerequisites of %s go too deep", mf.name, target)
		}
		var prereqs, recipe []string
		stem := ""
		if r != nil {
			prereqs, recipe = r.prereqs, r.recipe
		}
		if phony := mf.rules[".PHONY"]; len(recipe) == 0 && (phony == nil || !slices.Contains(phony.prereqs, target)) {
			// A pattern rule whose prerequisites are there or are targets
			// makes it, the first that fits (make's own built-in rules,
			// which compile to .o files, are not followed).
			for _, pr := range mf.patterns {
				s, implicit, ok := matchPattern(pr, target)
				if !ok || len(pr.recipe) == 0 {
					continue
				}
				if slices.ContainsFunc(implicit, func(p string) bool { return mf.rules[p] == nil && (exists == nil || !exists(p)) }) {
					continue // a prerequisite is neither there nor a target
				}
				stem, recipe, prereqs = s, pr.recipe, append(slices.Clone(implicit), prereqs...)
				break
			}
		}
		if r == nil && recipe == nil {
			return nil // a file the context holds, or make fails
		}
		for _, p := range prereqs {
			if err := visit(p, depth+1); err != nil {
				return err
			}
		}
		auto := map[string]string{"@": target, "<": "", "*": stem, "^": strings.Join(unique(prereqs, func(s string) string { return s }), " "), "+": strings.Join(prereqs, " ")}
		if len(prereqs) > 0 {
			auto["<"] = prereqs[0]
		}
		var script []string
		for _, line := range recipe {
			line = strings.TrimLeft(line, " \t")
			for line != "" && strings.ContainsRune("@-+", rune(line[0])) {
				line = strings.TrimLeft(line[1:], " \t")
			}
			expanded, _ := mf.expand(line, auto, env)
			script = append(script, expanded)
		}
		if _, one := mf.rules[".ONESHELL"]; one && len(script) > 0 {
			// One shell for the whole recipe: a cd holds for the lines
			// after it.
			script = []string{strings.Join(script, "\n")}
		}
		out = append(out, script...)
		return nil
	}
	for _, g := range goals {
		if err := visit(g, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// matchPattern matches a target against a pattern rule: the stem '%'
// stands for, and the rule's prerequisites with it. A pattern without a
// slash matches the file's name, and the file's folder goes in front of
// the prerequisites, as make does.
func matchPattern(pr *makeRule, target string) (stem string, prereqs []string, ok bool) {
	pattern, name, dir := pr.target, target, ""
	if !strings.Contains(pattern, "/") {
		if i := strings.LastIndexByte(target, '/'); i >= 0 {
			dir, name = target[:i+1], target[i+1:]
		}
	}
	prefix, suffix, _ := strings.Cut(pattern, "%")
	if len(name) < len(prefix)+len(suffix) || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
		return "", nil, false
	}
	stem = name[len(prefix) : len(name)-len(suffix)]
	for _, p := range pr.prereqs {
		p = strings.Replace(p, "%", stem, 1)
		if dir != "" && !strings.Contains(p, "/") {
			p = dir + p
		}
		prereqs = append(prereqs, p)
	}
	return dir + stem, prereqs, true
}
