package dockerfile

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/tonistiigi/go-csvvalue"
)

// The typed form of each instruction, read from BuildKit's parser nodes.
//
// BuildKit's own instructions package does this too, but linking it costs
// every run of msrewrite about half a million instructions before main
// (its go-digest dependency compiles digest patterns at start-up): a
// quarter of a whole format-on-save run. These types carry what the
// rewrite reads, and Parse checks what BuildKit checks when it reads an
// instruction (argument counts, flags, names), with BuildKit's messages;
// a differential test and fuzz target hold the two to the same verdicts.

// KeyValue is one NAME=value of ENV or LABEL, the value as written.
type KeyValue struct {
	Key, Value string
	// NoDelim marks the legacy form `ENV NAME value`, without '='.
	NoDelim bool
}

// ArgDef is one name of an ARG, with its default when it has one.
type ArgDef struct {
	Key   string
	Value *string
}

// InlineFile is a heredoc body given to RUN, CMD or ENTRYPOINT.
type InlineFile struct {
	Name, Data string
	Chomp      bool
}

// CommandLine is what RUN, CMD and ENTRYPOINT run: the exec form's words,
// or the shell form's text as one word when PrependShell is set.
type CommandLine struct {
	CmdLine      []string
	Files        []InlineFile
	PrependShell bool
}

// Typed instructions. Every Instruction's Cmd holds one of these pointers.
type (
	// FromCommand is FROM.
	FromCommand struct{ BaseName, Name, Platform string }
	// ArgCommand is ARG.
	ArgCommand struct{ Args []ArgDef }
	// EnvCommand is ENV.
	EnvCommand struct{ Env []KeyValue }
	// LabelCommand is LABEL.
	LabelCommand struct{ Labels []KeyValue }
	// WorkdirCommand is WORKDIR.
	WorkdirCommand struct{ Path string }
	// UserCommand is USER.
	UserCommand struct{ User string }
	// ShellCommand is SHELL.
	ShellCommand struct{ Shell []string }
	// RunCommand is RUN; Flags are its options as written (--mount=...).
	RunCommand struct {
		CommandLine
		Flags []string
	}
	// CmdCommand is CMD.
	CmdCommand struct{ CommandLine }
	// EntrypointCommand is ENTRYPOINT.
	EntrypointCommand struct{ CommandLine }
	// HealthCheckCommand is HEALTHCHECK; Test is as in an image config:
	// ["NONE"], or "CMD" (exec form) or "CMD-SHELL" and the command.
	HealthCheckCommand struct{ Test []string }
	// ExposeCommand is EXPOSE.
	ExposeCommand struct{ Ports []string }
	// VolumeCommand is VOLUME.
	VolumeCommand struct{ Volumes []string }
	// StopSignalCommand is STOPSIGNAL.
	StopSignalCommand struct{ Signal string }
	// CopyCommand is COPY; SourcePaths leaves out heredoc sources.
	CopyCommand struct {
		SourcePaths []string
		DestPath    string
		From        string
	}
	// AddCommand is ADD.
	AddCommand struct {
		SourcePaths []string
		DestPath    string
	}
	// MaintainerCommand is MAINTAINER.
	MaintainerCommand struct{ Maintainer string }
	// OnbuildCommand is ONBUILD; Trigger is the instruction it defers.
	OnbuildCommand struct{ Trigger string }
)

// instructionNames are the instructions BuildKit knows, for suggestions.
var instructionNames = []string{"add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck",
	"label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir"}

// lowerName is an instruction's name in lower case, without allocating
// for the known ones.
func lowerName(v string) string {
	if slices.Contains(instructionNames, v) {
		return v // BuildKit's parser gives the name in lower case
	}
	for _, k := range instructionNames {
		if strings.EqualFold(v, k) {
			return k
		}
	}
	return strings.ToLower(v)
}

// nodeArgs lists a node's words; ONBUILD's deferred instruction is its
// name followed by its words.
func nodeArgs(n *parser.Node) []string {
	size := 0
	for a := n.Next; a != nil; a = a.Next {
		size++
	}
	out := make([]string, 0, size)
	for ; n.Next != nil; n = n.Next {
		a := n.Next
		switch len(a.Children) {
		case 0:
			out = append(out, a.Value)
		case 1:
			out = append(out, a.Children[0].Value)
			out = append(out, nodeArgs(a.Children[0])...)
		}
	}
	return out
}

// flagKind is how an instruction option takes its value.
type flagKind int

const (
	boolFlag    flagKind = iota // --link, --link=true|false
	stringFlag                  // --from=x, once
	stringsFlag                 // --mount=x, any number of times
)

// flagSpec lists the options an instruction accepts.
type flagSpec map[string]flagKind

// flagValues are the options given, by name: the last value of a string
// flag, "true"/"false" for a bool, every value of a repeatable one.
type flagValues map[string][]string

func (v flagValues) get(name, def string) string {
	if vs := v[name]; len(vs) > 0 {
		return vs[len(vs)-1]
	}
	return def
}

// parseFlags reads an instruction's options as BuildKit does: each starts
// with --, "--" ends them, names must be known, and only repeatable ones
// may repeat.
func parseFlags(args []string, spec flagSpec) (flagValues, error) {
	if len(args) == 0 {
		return nil, nil // most instructions: no map to make
	}
	vals := flagValues{}
	for _, a := range args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "--") {
			return nil, fmt.Errorf("arg should start with -- : %s", a)
		}
		name, value, hasValue := strings.Cut(a, "=")
		kind, ok := spec[name[2:]]
		if !ok {
			names := make([]string, 0, len(spec))
			for n := range spec {
				names = append(names, n)
			}
			return nil, suggest(fmt.Errorf("unknown flag: %s", name), name[2:], names, true)
		}
		if _, seen := vals[name[2:]]; seen && kind != stringsFlag {
			return nil, fmt.Errorf("duplicate flag specified: %s", name)
		}
		switch kind {
		case boolFlag:
			if hasValue && value == "" {
				return nil, fmt.Errorf("missing a value on flag: %s", name)
			}
			switch strings.ToLower(value) {
			case "true", "":
				value = "true"
			case "false":
				value = "false"
			default:
				return nil, fmt.Errorf("expecting boolean value for flag %s, not: %s", name, value)
			}
		default:
			if !hasValue {
				return nil, fmt.Errorf("missing a value on flag: %s", name)
			}
		}
		vals[name[2:]] = append(vals[name[2:]], value)
	}
	return vals, nil
}

var (
	fromFlags = flagSpec{"platform": stringFlag}
	runFlags  = flagSpec{"mount": stringsFlag, "network": stringFlag, "security": stringFlag, "device": stringsFlag}
	copyFlags = flagSpec{"chown": stringFlag, "from": stringFlag, "chmod": stringFlag, "link": boolFlag,
		"exclude": stringsFlag, "parents": boolFlag}
	addFlags = flagSpec{"chown": stringFlag, "chmod": stringFlag, "link": boolFlag, "keep-git-dir": boolFlag,
		"checksum": stringFlag, "unpack": boolFlag, "exclude": stringsFlag}
	healthFlags = flagSpec{"interval": stringFlag, "timeout": stringFlag, "start-period": stringFlag,
		"start-interval": stringFlag, "retries": stringFlag}
)

func errAtLeastOne(cmd string) error { return fmt.Errorf("%s requires at least one argument", cmd) }
func errExactlyOne(cmd string) error { return fmt.Errorf("%s requires exactly one argument", cmd) }
func errBlankNames(cmd string) error { return fmt.Errorf("%s names can not be blank", cmd) }

// readCommand gives a node its typed form, or the error BuildKit gives
// when it reads the instruction (checks that need the build, such as
// whether a COPY --from stage exists, are left to the build).
func readCommand(n *parser.Node, name string) (any, error) {
	args := nodeArgs(n)
	noFlags := func() error { _, err := parseFlags(n.Flags, nil); return err }
	switch name {
	case "from":
		return readFrom(n, args)
	case "arg":
		return readArg(args)
	case "env", "label":
		if err := noFlags(); err != nil {
			return nil, err
		}
		kvs, err := keyValues(args, name)
		if err != nil {
			return nil, err
		}
		if name == "env" {
			return &EnvCommand{Env: kvs}, nil
		}
		return &LabelCommand{Labels: kvs}, nil
	case "workdir", "user", "maintainer":
		if len(args) != 1 {
			return nil, errExactlyOne(strings.ToUpper(name))
		}
		if err := noFlags(); err != nil {
			return nil, err
		}
		switch name {
		case "workdir":
			return &WorkdirCommand{Path: args[0]}, nil
		case "user":
			return &UserCommand{User: args[0]}, nil
		}
		return &MaintainerCommand{Maintainer: args[0]}, nil
	case "stopsignal":
		if len(args) != 1 {
			return nil, errExactlyOne("STOPSIGNAL")
		}
		return &StopSignalCommand{Signal: args[0]}, nil // BuildKit reads no options here
	case "expose", "volume":
		if len(args) == 0 {
			return nil, errAtLeastOne(strings.ToUpper(name))
		}
		if err := noFlags(); err != nil {
			return nil, err
		}
		if name == "expose" {
			slices.Sort(args) // as BuildKit orders them
			return &ExposeCommand{Ports: args}, nil
		}
		v := &VolumeCommand{}
		for _, a := range args {
			if a = strings.TrimSpace(a); a == "" {
				return nil, errors.New("VOLUME specified can not be an empty string")
			}
			v.Volumes = append(v.Volumes, a)
		}
		return v, nil
	case "shell":
		if err := noFlags(); err != nil {
			return nil, err
		}
		switch {
		case len(args) == 0:
			return nil, errAtLeastOne("SHELL")
		case !n.Attributes["json"]:
			return nil, errors.New("SHELL requires the arguments to be in JSON form")
		}
		return &ShellCommand{Shell: args}, nil
	case "run":
		return readRun(n, args)
	case "cmd", "entrypoint":
		if err := noFlags(); err != nil {
			return nil, err
		}
		line := cmdLine(n, args)
		if name == "cmd" {
			return &CmdCommand{line}, nil
		}
		if len(line.CmdLine) == 0 {
			line.CmdLine = nil
		}
		return &EntrypointCommand{line}, nil
	case "healthcheck":
		return readHealthcheck(n, args)
	case "copy", "add":
		return readCopy(n, args, name)
	case "onbuild":
		if len(args) == 0 {
			return nil, errAtLeastOne("ONBUILD")
		}
		if err := noFlags(); err != nil {
			return nil, err
		}
		switch t := strings.ToUpper(strings.TrimSpace(args[0])); t {
		case "ONBUILD":
			//lint:ignore ST1005 BuildKit's message, word for word
			return nil, errors.New("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
		case "MAINTAINER", "FROM":
			return nil, fmt.Errorf("%s isn't allowed as an ONBUILD trigger", t)
		default:
			return &OnbuildCommand{Trigger: t}, nil
		}
	}
	return nil, suggest(fmt.Errorf("unknown instruction: %s", n.Value), n.Value, instructionNames, false)
}

func readFrom(n *parser.Node, args []string) (*FromCommand, error) {
	c := &FromCommand{}
	switch {
	case len(args) == 3 && strings.EqualFold(args[1], "as"):
		c.Name = strings.ToLower(args[2])
		if !ValidStageName(c.Name) {
			return nil, fmt.Errorf("invalid name for build stage: %q, name can't start with a number or contain symbols", args[2])
		}
	case len(args) != 1:
		return nil, errors.New("FROM requires either one or three arguments")
	}
	flags, err := parseFlags(n.Flags, fromFlags)
	if err != nil {
		return nil, err
	}
	c.BaseName, c.Platform = args[0], flags.get("platform", "")
	return c, nil
}

// ValidStageName is BuildKit's rule for stage names: ^[a-z][a-z0-9-_.]*$.
func ValidStageName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func readArg(args []string) (*ArgCommand, error) {
	if len(args) == 0 {
		return nil, errAtLeastOne("ARG")
	}
	c := &ArgCommand{Args: make([]ArgDef, len(args))}
	for i, a := range args {
		if k, v, ok := strings.Cut(a, "="); ok {
			if k == "" {
				return nil, errBlankNames("ARG")
			}
			c.Args[i] = ArgDef{Key: k, Value: &v}
		} else {
			c.Args[i] = ArgDef{Key: a}
		}
	}
	return c, nil
}

// keyValues reads the parser's (name, value, delimiter) triples of the
// instruction name (ENV, LABEL).
func keyValues(args []string, name string) ([]KeyValue, error) {
	cmd := strings.ToUpper(name) // for messages only
	switch {
	case len(args) == 0:
		return nil, errAtLeastOne(cmd)
	case len(args)%3 != 0:
		//lint:ignore ST1005 BuildKit's message, word for word
		return nil, fmt.Errorf("Bad input to %s, too many arguments", cmd)
	}
	kvs := make([]KeyValue, 0, len(args)/3)
	for i := 0; i < len(args); i += 3 {
		if args[i] == "" {
			return nil, errBlankNames(cmd)
		}
		kvs = append(kvs, KeyValue{Key: args[i], Value: args[i+1], NoDelim: args[i+2] == ""})
	}
	return kvs, nil
}

func cmdLine(n *parser.Node, args []string) CommandLine {
	line := CommandLine{PrependShell: !n.Attributes["json"]}
	for _, h := range n.Heredocs {
		line.Files = append(line.Files, InlineFile{Name: h.Name, Data: h.Content, Chomp: h.Chomp})
	}
	switch {
	case len(args) == 0:
		line.CmdLine = []string{}
	case line.PrependShell:
		line.CmdLine = []string{strings.Join(args, " ")}
	default:
		line.CmdLine = args
	}
	return line
}

func readRun(n *parser.Node, args []string) (*RunCommand, error) {
	flags, err := parseFlags(n.Flags, runFlags)
	if err != nil {
		return nil, err
	}
	// In BuildKit's order: devices, mounts, network, security. Mount
	// options are checked when the build expands them, not here.
	for _, d := range flags["device"] {
		if err := checkDevice(d); err != nil {
			return nil, err
		}
	}
	for _, m := range flags["mount"] {
		if err := checkMount(m); err != nil {
			return nil, err
		}
	}
	switch v := flags.get("network", "default"); v {
	case "default", "none", "host":
	default:
		return nil, fmt.Errorf("invalid network mode %q", v)
	}
	switch v := flags.get("security", "sandbox"); v {
	case "sandbox", "insecure":
	default:
		return nil, fmt.Errorf("security %q is not valid", v)
	}
	return &RunCommand{CommandLine: cmdLine(n, args), Flags: n.Flags}, nil
}

// checkMount reads --mount as BuildKit does before expansion: CSV fields,
// and no variable in from= (a stage must be named).
func checkMount(s string) error {
	fields, err := csvvalue.Fields(s, nil)
	if err != nil {
		return fmt.Errorf("failed to parse csv mounts: %w", err)
	}
	for _, f := range fields {
		key, value, ok := strings.Cut(f, "=")
		if ok && strings.ToLower(key) == "from" {
			if i := strings.IndexByte(value, '$'); i != -1 && i != len(value)-1 {
				return errors.New("'from' doesn't support variable expansion, define alias stage instead")
			}
		}
	}
	return nil
}

// checkDevice reads --device: a name, or name= and required= fields.
func checkDevice(s string) error {
	fields, err := csvvalue.Fields(s, nil)
	if err != nil {
		return fmt.Errorf("failed to parse csv devices: %w", err)
	}
	name := ""
	for _, f := range fields {
		key, value, ok := strings.Cut(f, "=")
		key = strings.ToLower(key)
		switch {
		case !ok && key == "required":
		case !ok && name == "":
			name = f
		case !ok:
			return fmt.Errorf("invalid field '%s' must be a key=value pair", f)
		case key == "name":
			if name != "" {
				return fmt.Errorf("device name already set to %s", name)
			}
			name = value
		case key == "required":
			if _, err := strconv.ParseBool(value); err != nil {
				return fmt.Errorf("invalid value for %s: %s", key, value)
			}
		case name == "":
			name = f
		default:
			return suggest(fmt.Errorf("unexpected key '%s' in '%s'", key, f), key, []string{"name", "required"}, true)
		}
	}
	return nil
}

func readHealthcheck(n *parser.Node, args []string) (*HealthCheckCommand, error) {
	if len(args) == 0 {
		return nil, errAtLeastOne("HEALTHCHECK")
	}
	typ := strings.ToUpper(args[0])
	if typ == "NONE" {
		if len(args) != 1 {
			return nil, errors.New("HEALTHCHECK NONE takes no arguments")
		}
		return &HealthCheckCommand{Test: []string{"NONE"}}, nil
	}
	flags, err := parseFlags(n.Flags, healthFlags)
	if err != nil {
		return nil, err
	}
	if typ != "CMD" {
		//lint:ignore ST1005 BuildKit's message, word for word
		return nil, fmt.Errorf("Unknown type %#v in HEALTHCHECK (try CMD)", typ)
	}
	line := cmdLine(n, args[1:])
	if len(line.CmdLine) == 0 {
		//lint:ignore ST1005 BuildKit's message, word for word
		return nil, errors.New("Missing command after HEALTHCHECK CMD")
	}
	if line.PrependShell {
		typ = "CMD-SHELL"
	}
	for _, name := range []string{"interval", "timeout", "start-period", "start-interval"} {
		if err := checkInterval(name, flags.get(name, "")); err != nil {
			return nil, err
		}
	}
	if r := flags.get("retries", ""); r != "" {
		n, err := strconv.ParseInt(r, 10, 32)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, fmt.Errorf("--retries cannot be negative (%d)", n)
		}
	}
	return &HealthCheckCommand{Test: append([]string{typ}, line.CmdLine...)}, nil
}

// checkInterval accepts an empty value, 0, or a duration of at least 1ms.
func checkInterval(name, s string) error {
	if s == "" {
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if d != 0 && d < time.Millisecond {
		//lint:ignore ST1005 BuildKit's message, word for word
		return fmt.Errorf("Interval %#v cannot be less than %s", name, time.Millisecond)
	}
	return nil
}

func readCopy(n *parser.Node, args []string, name string) (any, error) {
	if len(args) < 2 {
		return nil, fmt.Errorf("%s requires at least two arguments, but only one was provided. Destination could not be determined", strings.ToUpper(name))
	}
	spec := copyFlags
	if name == "add" {
		spec = addFlags
	}
	flags, err := parseFlags(n.Flags, spec)
	if err != nil {
		return nil, err
	}
	dest := args[len(args)-1]
	if isHeredoc(dest) {
		return nil, fmt.Errorf("%s cannot accept a heredoc as a destination", strings.ToUpper(name))
	}
	var srcs []string
	for _, s := range args[:len(args)-1] {
		if !isHeredoc(s) {
			srcs = append(srcs, s)
		}
	}
	if name == "add" {
		return &AddCommand{SourcePaths: srcs, DestPath: dest}, nil
	}
	return &CopyCommand{SourcePaths: srcs, DestPath: dest, From: flags.get("from", "")}, nil
}

// isHeredoc tells whether a COPY or ADD word is a heredoc (<<EOF). Only a
// word with "<<" can be, which spares BuildKit's regular expression for
// the others.
func isHeredoc(word string) bool {
	return strings.Contains(word, "<<") && parser.MustParseHeredoc(word) != nil
}

// suggest adds the closest known name (fewer than 3 edits away) to an
// error about an unknown one, as BuildKit does ("unknown flag: --frm (did
// you mean from?)"). Instruction names are matched without case, and the
// suggestion is written in the case of what was given.
func suggest(err error, got string, known []string, caseSensitive bool) error {
	val := got
	if !caseSensitive {
		val = strings.ToLower(got)
	}
	best, bestDist := "", 3
	for _, k := range known {
		if val == k {
			return err // the name is right: the problem is elsewhere
		}
		if d := distance(val, k); d < bestDist || d == bestDist && best != "" && k < best {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return err
	}
	if !caseSensitive && got == strings.ToUpper(got) {
		best = strings.ToUpper(best)
	}
	return fmt.Errorf("%w (did you mean %s?)", err, best)
}

// distance is the Levenshtein distance between two names.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
