package transforms

import (
	"path"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// crontab is a crontab the container's cron reads, from the build
// context: system is true for /etc/cron.d's format, whose lines name the
// user a job runs as.
type crontab struct {
	image, src string
	system     bool
}

// crontabs are the crontabs the build puts where cron reads them: a COPY
// into /etc/cron.d (Debian's cron), /etc/crontabs (busybox's crond) or
// the spool, or a file of the build context installed by `crontab FILE`.
func crontabs(st *rewrite.Stage, ctx *buildctx.Context) []crontab {
	if ctx == nil {
		return nil
	}
	var out []crontab
	for _, dir := range []string{"/etc/cron.d", "/etc/crontabs", "/var/spool/cron/crontabs"} {
		images, srcs := contextFilesIn(st, ctx, dir, "*")
		for i := range images {
			out = append(out, crontab{image: images[i], src: srcs[i], system: dir == "/etc/cron.d"})
		}
	}
	tabs, err := st.CallsOf("crontab")
	if err != nil {
		return out
	}
	for _, tc := range tabs {
		args := callWords(tc.Call)[1:]
		if len(args) != 1 || args[0] == "" || strings.HasPrefix(args[0], "-") || tc.Call.Dir == "" && !path.IsAbs(args[0]) {
			continue // crontab -l, -e, -u USER FILE: not read
		}
		p := path.Join(tc.Call.Dir, args[0])
		if path.IsAbs(args[0]) {
			p = path.Clean(args[0])
		}
		if src, ok := contextPathAt(st, ctx, tc.Index, p); ok {
			out = append(out, crontab{image: p, src: src})
		}
	}
	return out
}

// cronJob is one job of a crontab: the user it runs as ("" for the
// crontab's owner) and its shell command.
type cronJob struct{ user, command string }

// cronJobs are a crontab's jobs: each line's command after its schedule
// (five fields, or one @word) and, in a system crontab, its user; up to
// an unescaped %, which starts the job's standard input. Variable
// settings (PATH=...) and comments are no jobs.
func cronJobs(text string, system bool) []cronJob {
	var out []cronJob
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Fields(line)
		if eq := strings.IndexByte(fields[0], '='); eq > 0 {
			continue // NAME=value
		}
		skip := 5
		if strings.HasPrefix(fields[0], "@") {
			skip = 1
		}
		job := cronJob{}
		if system {
			if len(fields) > skip {
				job.user = fields[skip]
			}
			skip++
		}
		if len(fields) <= skip {
			continue
		}
		rest := line
		for range skip {
			rest = strings.TrimLeft(rest, " \t")
			rest = rest[strings.IndexAny(rest, " \t"):]
		}
		cmd := strings.TrimSpace(rest)
		for i := 0; i < len(cmd); i++ {
			if cmd[i] == '\\' {
				i++
				continue
			}
			if cmd[i] == '%' {
				cmd = cmd[:i]
				break
			}
		}
		job.command = strings.TrimSpace(strings.ReplaceAll(cmd, `\%`, "%"))
		out = append(out, job)
	}
	return out
}

// cronCalls are the calls of the jobs of the crontabs the build puts in
// place, each from the folder cron starts it in (root's home; another
// user's cannot be told here).
func cronCalls(st *rewrite.Stage, ctx *buildctx.Context, depth int, subst bool) []containerCall {
	var out []containerCall
	for _, tab := range crontabs(st, ctx) {
		data, err := readScript(ctx, tab.src)
		if err != nil {
			return []containerCall{unknownCall}
		}
		for _, job := range cronJobs(data, tab.system) {
			out = append(out, shellCalls(st, ctx, job.command, "", cronHome(job), depth+1, nil, subst)...)
		}
	}
	return out
}

// cronHome is the folder cron starts a job in: its user's home, known
// for root only ("" otherwise).
func cronHome(job cronJob) string {
	if job.user == "" || job.user == "root" {
		return "/root"
	}
	return ""
}

// isCron tells whether a program is cron: Debian's cron or busybox's
// crond.
func isCron(name string) bool {
	base := path.Base(name)
	return base == "cron" || base == "crond"
}
