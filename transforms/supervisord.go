package transforms

import (
	"path"
	"regexp"
	"slices"
	"strings"

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
var supervisorSections = regexp.MustCompile(`^\[(program|fcgi-program|eventlistener):([^\]]+)\]$`)

// supervisorPrograms reads the programs of a supervisord configuration:
// each command, and the folder it starts in (directory=, else dir, the
// folder supervisord itself runs in). Continuation lines (indented) join
// their key's value; ; and # start comments.
func supervisorPrograms(conf, dir string) []supervisorProgram {
	var out []supervisorProgram
	var cur *supervisorProgram
	key := ""
	for _, line := range strings.Split(strings.ReplaceAll(conf, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || trimmed[0] == ';' || trimmed[0] == '#':
			continue
		case strings.HasPrefix(trimmed, "["):
			cur, key = nil, ""
			if m := supervisorSections.FindStringSubmatch(trimmed); m != nil {
				out = append(out, supervisorProgram{name: m[2], dir: dir})
				cur = &out[len(out)-1]
			}
			continue
		case cur == nil:
			continue
		case line[0] == ' ' || line[0] == '\t':
			if key == "command" {
				cur.command += " " + trimmed
			}
			continue
		}
		k, v, ok := strings.Cut(trimmed, "=")
		if !ok {
			continue
		}
		key = strings.TrimSpace(k)
		if i := strings.Index(v, " ;"); i >= 0 {
			v = v[:i] // an inline comment
		}
		switch v = strings.TrimSpace(v); key {
		case "command":
			cur.command = v
		case "directory":
			cur.dir = shell.Resolve(dir, v)
		}
	}
	return out
}

// supervisorExpansion is supervisord's %(name)s: the program's name, the
// configuration's folder, an environment variable (ENV_X).
var supervisorExpansion = regexp.MustCompile(`%\(([A-Za-z0-9_]+)\)[sd]`)

// supervisorWords are the words of a program's command, as supervisord
// splits it (as a POSIX shell would, without running one): "" for a word
// with an expansion msrewrite cannot evaluate. ok is false for a command
// that cannot be split.
func supervisorWords(p supervisorProgram, confDir string) (words []string, ok bool) {
	unknown := false
	cmd := supervisorExpansion.ReplaceAllStringFunc(p.command, func(m string) string {
		switch supervisorExpansion.FindStringSubmatch(m)[1] {
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

// supervisorIncludes is the folder whose *.conf files Debian's
// supervisor package includes from its own /etc/supervisor/supervisord.conf.
const supervisorIncludes = "/etc/supervisor/conf.d"

// supervisorCalls are the calls a supervisord command line's
// configuration starts, read from the build context: the file -c names,
// or the first supervisord searches for that the context brought, or
// the files Debian's package includes from /etc/supervisor/conf.d. ok is
// false when the words are not supervisord's, or no configuration of
// the context is found.
func supervisorCalls(st *rewrite.Stage, ctx *buildctx.Context, words []string, cwd string) (calls []containerCall, conf string, ok bool) {
	if len(words) == 0 || path.Base(words[0]) != "supervisord" || ctx == nil {
		return nil, "", false
	}
	var confs []string // image paths, with their context sources
	var srcs []string
	if conf = supervisorConf(words, cwd); conf != "" {
		src, ok := contextPathAt(st, ctx, len(st.Body), conf)
		if !ok {
			return nil, conf, false
		}
		confs, srcs = []string{conf}, []string{src}
	} else if slices.ContainsFunc(words[1:], func(w string) bool { return w == "-c" || strings.HasPrefix(w, "--configuration") }) {
		return nil, "", false // a -c whose file cannot be known
	} else {
		for _, p := range supervisorSearch {
			if !path.IsAbs(p) && cwd == "" {
				continue
			}
			p = shell.Resolve(cwd, p)
			if src, ok := contextPathAt(st, ctx, len(st.Body), p); ok {
				confs, srcs = []string{p}, []string{src}
				break
			}
		}
		if len(confs) == 0 {
			confs, srcs = contextFilesIn(st, ctx, supervisorIncludes, ".conf")
		}
		if len(confs) == 0 {
			return nil, "", false
		}
		conf = confs[0]
		if len(confs) > 1 || path.Dir(conf) == supervisorIncludes {
			conf = supervisorIncludes + "/*.conf"
		}
	}
	for i, c := range confs {
		data, err := readScript(ctx, srcs[i])
		if err != nil {
			return nil, conf, false
		}
		for _, p := range supervisorPrograms(data, cwd) {
			w, ok := supervisorWords(p, path.Dir(c))
			if !ok || len(w) == 0 {
				w = []string{""}
			}
			calls = append(calls, containerCall{words: w, dir: p.dir, inScript: true})
		}
	}
	return calls, conf, true
}

// contextFilesIn are the files of the build context that COPYs put in
// an image folder, named with the suffix ext, and their context paths.
func contextFilesIn(st *rewrite.Stage, ctx *buildctx.Context, dir, ext string) (images, srcs []string) {
	copies, err := st.ContextCopies(ctx)
	if err != nil {
		return nil, nil
	}
	for _, cp := range copies {
		for _, l := range cp.Landings {
			switch {
			case !l.Dir && path.Dir(l.Dest) == dir && strings.HasSuffix(l.Dest, ext):
				images, srcs = append(images, l.Dest), append(srcs, l.Src)
			case l.Dir && l.Dest == dir:
				entries, err := ctx.ReadDir(l.Src)
				if err != nil {
					continue
				}
				for _, e := range entries {
					if !e.IsDir() && strings.HasSuffix(e.Name(), ext) {
						images, srcs = append(images, path.Join(dir, e.Name())), append(srcs, path.Join(l.Src, e.Name()))
					}
				}
			}
		}
	}
	return images, srcs
}
