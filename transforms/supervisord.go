package transforms

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// supervisorConf is the configuration file a supervisord command line
// names (-c FILE, --configuration FILE), resolved in the folder cwd; ""
// when it names none, or one whose name cannot be known (supervisorCalls
// searches as supervisord does without -c).
func supervisorConf(words []string, cwd string) string {
	if len(words) == 0 || path.Base(words[0]) != "supervisord" {
		return ""
	}
	for i := 1; i < len(words); i++ {
		w := words[i]
		conf := ""
		switch {
		case (w == "-c" || w == "--configuration") && i+1 < len(words):
			conf = words[i+1]
		case strings.HasPrefix(w, "--configuration="):
			conf = strings.TrimPrefix(w, "--configuration=")
		case strings.HasPrefix(w, "-c") && len(w) > 2:
			conf = w[2:]
		default:
			continue
		}
		if conf == "" || cwd == "" && !path.IsAbs(conf) {
			return ""
		}
		return shell.Resolve(cwd, conf)
	}
	return ""
}

// supervisorProgram is one program a supervisord configuration starts.
type supervisorProgram struct {
	name, command, dir string
}

// supervisorSections are the sections whose command supervisord starts.
var supervisorSections = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\[(program|fcgi-program|eventlistener):([^\]]+)\]$`)
})

// supervisorPrograms reads the programs of a supervisord configuration:
// each command, and the folder it starts in (directory=, else dir, the
// folder supervisord itself runs in); and the files= words of its
// [include] section. Continuation lines (indented) join their key's
// value; ; and # start comments.
func supervisorPrograms(conf, dir string) (programs []supervisorProgram, includes []string) {
	var cur *supervisorProgram
	section, key := "", ""
	for _, line := range strings.Split(strings.ReplaceAll(conf, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || trimmed[0] == ';' || trimmed[0] == '#':
			continue
		case strings.HasPrefix(trimmed, "["):
			cur, section, key = nil, trimmed, ""
			if m := supervisorSections().FindStringSubmatch(trimmed); m != nil {
				programs = append(programs, supervisorProgram{name: m[2], dir: dir})
				cur = &programs[len(programs)-1]
			}
			continue
		case line[0] == ' ' || line[0] == '\t':
			trimmed = uncomment(trimmed)
			switch {
			case cur != nil && key == "command":
				cur.command += " " + trimmed
			case section == "[include]" && key == "files":
				includes = append(includes, strings.Fields(trimmed)...)
			}
			continue
		}
		k, v, ok := strings.Cut(trimmed, "=")
		if !ok {
			continue
		}
		key = strings.TrimSpace(k)
		switch v = uncomment(v); {
		case section == "[include]" && key == "files":
			includes = append(includes, strings.Fields(v)...)
		case cur == nil:
		case key == "command":
			cur.command = v
		case key == "directory":
			cur.dir = shell.Resolve(dir, v)
		}
	}
	return programs, includes
}

// uncomment is a value without its inline comment (" ;" on), trimmed.
func uncomment(v string) string {
	if i := strings.Index(v, " ;"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// supervisorExpansion is supervisord's %(name)s: the program's name, the
// configuration's folder, an environment variable (ENV_X).
var supervisorExpansion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`%\(([A-Za-z0-9_]+)\)[sd]`) })

// supervisorWords are the words of a program's command, as supervisord
// splits it (as a POSIX shell would, without running one): "" for a word
// with an expansion msrewrite cannot evaluate. ok is false for a command
// that cannot be split.
func supervisorWords(p supervisorProgram, confDir string) (words []string, ok bool) {
	unknown := false
	cmd := supervisorExpansion().ReplaceAllStringFunc(p.command, func(m string) string {
		switch supervisorExpansion().FindStringSubmatch(m)[1] {
		case "program_name":
			return p.name
		case "here":
			return confDir
		}
		unknown = true
		return "${SUPERVISOR_UNKNOWN}"
	})
	// The first call is the command's own (a bash -c script's calls
	// follow it).
	calls, err := shell.Calls(cmd, shell.State{Dir: "/", Env: func(string) (string, bool, bool) { return "", false, false }})
	if err != nil || len(calls) == 0 {
		return nil, false
	}
	args := callWords(calls[0])
	for i := range args {
		if unknown && strings.Contains(args[i], "SUPERVISOR_UNKNOWN") {
			args[i] = ""
		}
	}
	return args, true
}

// supervisorSearch are the files supervisord reads without -c, first
// found first (after two beside its program, ../etc/supervisord.conf and
// ../supervisord.conf, here for the /usr and /usr/local it is installed
// in): its working folder's, then /etc's.
var supervisorSearch = []string{"/usr/local/etc/supervisord.conf", "/usr/local/supervisord.conf", "/usr/etc/supervisord.conf",
	"supervisord.conf", "etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf"}

// supervisorDefaults are the files the distributions' supervisor
// packages include from their own configuration, by that configuration:
// Debian's and Alpine's.
var supervisorDefaults = map[string]string{
	"/etc/supervisor/supervisord.conf": "/etc/supervisor/conf.d/*.conf",
	"/etc/supervisord.conf":            "/etc/supervisor.d/*.ini",
}

// supervision is what a supervisord command line starts.
type supervision struct {
	calls []containerCall
	// conf names the configuration, for messages.
	conf string
	// unknown says why the programs cannot all be known; "" when they are.
	unknown string
}

// supervisorCalls are the calls a supervisord command line's
// configuration starts, read from the build context: the file -c names,
// or the first supervisord searches for that the context brought, or
// the files the packages include by default; then the files its
// [include] section names. ok is false when the words are not
// supervisord's.
func supervisorCalls(st *rewrite.Stage, ctx *buildctx.Context, words []string, cwd string) (sv supervision, ok bool) {
	if len(words) == 0 || path.Base(words[0]) != "supervisord" || ctx == nil {
		return sv, false
	}
	var confs []string // image paths, with their context sources
	var srcs []string
	packageConf := "" // -c of the package's own configuration
	if sv.conf = supervisorConf(words, cwd); sv.conf != "" {
		src, ok := contextPathAt(st, ctx, len(st.Body), sv.conf)
		switch {
		case ok:
			confs, srcs = []string{sv.conf}, []string{src}
		case supervisorDefaults[sv.conf] != "":
			packageConf, sv.conf = sv.conf, ""
		default:
			sv.unknown = sv.conf + " is not a file of the build context"
			return sv, true
		}
	} else if slices.ContainsFunc(words[1:], func(w string) bool { return w == "-c" || strings.HasPrefix(w, "--configuration") }) {
		sv.unknown = "the configuration's name cannot be known"
		return sv, true
	} else {
		for _, p := range supervisorSearch {
			if !path.IsAbs(p) && cwd == "" {
				continue
			}
			p = shell.Resolve(cwd, p)
			if src, ok := contextPathAt(st, ctx, len(st.Body), p); ok {
				confs, srcs, sv.conf = []string{p}, []string{src}, p
				break
			}
		}
	}
	if len(confs) == 0 {
		// The package's own configuration, which includes its folder.
		for _, own := range []string{"/etc/supervisor/supervisord.conf", "/etc/supervisord.conf"} {
			if packageConf != "" && own != packageConf {
				continue
			}
			glob := supervisorDefaults[own]
			images, from := contextFilesIn(st, ctx, path.Dir(glob), path.Base(glob))
			confs, srcs = append(confs, images...), append(srcs, from...)
			if len(images) > 0 && sv.conf == "" {
				sv.conf = glob
			}
		}
		if len(confs) == 0 {
			sv.unknown = "no configuration of it is a file of the build context (a RUN may write one)"
			return sv, true
		}
	}
	for i := 0; i < len(confs); i++ {
		data, err := readScript(ctx, srcs[i])
		if err != nil {
			sv.unknown = "the build context's " + srcs[i] + " cannot be read"
			return sv, true
		}
		programs, includes := supervisorPrograms(data, cwd)
		for _, p := range programs {
			w, ok := supervisorWords(p, path.Dir(confs[i]))
			if !ok || len(w) == 0 {
				w = []string{""}
			}
			sv.calls = append(sv.calls, containerCall{words: w, dir: p.dir, inScript: true})
		}
		if i > 0 {
			continue // supervisord reads the main file's [include] only
		}
		for _, glob := range includes {
			glob = strings.ReplaceAll(glob, "%(here)s", path.Dir(confs[i]))
			glob = shell.Resolve(path.Dir(confs[i]), glob)
			dir := path.Dir(glob)
			if strings.ContainsAny(glob, "%$") || strings.ContainsAny(dir, "*?[") {
				sv.unknown = sv.conf + " includes " + glob + ", whose files cannot be known"
				return sv, true
			}
			images, from := contextFilesIn(st, ctx, dir, path.Base(glob))
			confs, srcs = append(confs, images...), append(srcs, from...)
		}
	}
	return sv, true
}

// contextFilesIn are the files of the build context that COPYs put in
// an image folder (a folder COPY's, or one inside it), whose names match
// the pattern (path.Match's), and their context paths.
func contextFilesIn(st *rewrite.Stage, ctx *buildctx.Context, dir, pattern string) (images, srcs []string) {
	copies, err := st.ContextCopies(ctx)
	if err != nil {
		return nil, nil
	}
	for _, cp := range copies {
		for _, l := range cp.Landings {
			rel, inside := strings.CutPrefix(dir, strings.TrimSuffix(l.Dest, "/")+"/")
			if !inside {
				rel = ""
			}
			switch {
			case !l.Dir && path.Dir(l.Dest) == dir && nameMatches(pattern, path.Base(l.Dest)):
				images, srcs = append(images, l.Dest), append(srcs, l.Src)
			case l.Dir && (l.Dest == dir || inside):
				// The folder itself, or one a folder COPY brings inside.
				from := path.Join(l.Src, rel)
				entries, err := ctx.ReadDir(from)
				if err != nil {
					continue
				}
				for _, e := range entries {
					if !e.IsDir() && nameMatches(pattern, e.Name()) {
						images, srcs = append(images, path.Join(dir, e.Name())), append(srcs, path.Join(from, e.Name()))
					}
				}
			}
		}
	}
	return images, srcs
}

// nameMatches is path.Match's answer, false for a malformed pattern.
func nameMatches(pattern, name string) bool {
	ok, err := path.Match(pattern, name)
	return ok && err == nil
}
