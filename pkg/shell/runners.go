package shell

import (
	"path"
	"slices"
	"strings"
)

// runners run the command their arguments end with (timeout 10
// git fetch, gosu app curl ...): after their options, operands words
// (a duration, a user, a lock file); valued are the options that take
// the next word as their value.
var runners = map[string]struct {
	operands int
	valued   string
}{
	"nohup":        {0, ""},
	"setsid":       {0, ""},
	"nice":         {0, "-n --adjustment"},
	"ionice":       {0, "-c -n -p -P -u --class --classdata --pid --pgid --uid"},
	"stdbuf":       {0, "-i -o -e --input --output --error"},
	"timeout":      {1, "-s -k --signal --kill-after"},
	"xargs":        {0, "-n -I -i -P -d -s -L -l -a -E -e --max-args --replace --max-procs --delimiter --max-chars --max-lines --arg-file --eof"},
	"flock":        {1, "-w -E --timeout --conflict-exit-code"},
	"sudo":         {0, "-u -g -C -D -h -p -r -t -U --user --group"},
	"gosu":         {1, ""},
	"su-exec":      {1, ""},
	"s6-setuidgid": {1, ""},
	"chpst":        {0, "-u -U -b -e -/ -n -l -L -m -d -o -p -f -c -r -t"},
	"tini":         {0, "-p -e"},
	"tini-static":  {0, "-p -e"},
	"dumb-init":    {0, "-r --rewrite"},
	"catatonit":    {0, ""},
	"command":      {0, ""},
	"builtin":      {0, ""},
	"env":          {0, "-u -C --unset --chdir"},                                           // and NAME=VALUE words
	"runuser":      {0, "-u --user -g --group -G --supp-group -w --whitelist-environment"}, // with -u; -c is userScript's
	"setpriv":      {0, "--reuid --regid --ruid --rgid --euid --egid --groups --inh-caps --ambient-caps --bounding-set --securebits --pdeathsig --selinux-label --apparmor-profile"},
}

// IsRunner tells whether a program is a command runner: timeout, nice,
// gosu, tini, env and others that run the command their words end with.
func IsRunner(program string) bool {
	_, ok := runners[path.Base(program)]
	return ok
}

// Inner is the command a command runner's words run (git fetch of
// timeout 10 git fetch), nil for none: words are not a runner's, or run
// a shell's script (flock -c, sudo -s), or only look a program up
// (command -v git), or end before a command.
func Inner(words []string) []string {
	base := path.Base(words[0])
	r, ok := runners[base]
	if !ok {
		return nil
	}
	valued := strings.Fields(r.valued)
	i := 1
	for i < len(words) {
		w := words[i]
		if w == "--" {
			i++
			break
		}
		if w == "" || w == "-" || !strings.HasPrefix(w, "-") {
			break
		}
		name, _, attached := strings.Cut(w, "=")
		switch name {
		case "-c", "--command", "-s", "--shell", "-i", "--login", "-v", "-V":
			if base == "flock" || base == "sudo" || base == "command" {
				return nil
			}
		case "-S", "--split-string":
			if base == "env" {
				return nil // env -S "git pull": one word split by env
			}
		}
		i++
		if !attached && slices.Contains(valued, name) {
			i++
		}
	}
	for base == "env" && i < len(words) && strings.Contains(words[i], "=") && !strings.HasPrefix(words[i], "=") {
		i++ // env GIT_SSH_COMMAND=... git pull
	}
	i += r.operands
	if i >= len(words) || strings.HasPrefix(words[i], "-") {
		return nil // (flock FILE -c SCRIPT: a shell's)
	}
	if base == "runuser" && !slices.ContainsFunc(words[1:i], func(w string) bool {
		return w == "-u" || strings.HasPrefix(w, "--user")
	}) {
		return nil // runuser USER -c SCRIPT, su's way: userScript's
	}
	return words[i:]
}

// IsShell tells whether a program is a POSIX shell or bash, whose
// scripts the reader reads.
func IsShell(prog string) bool {
	switch path.Base(prog) {
	case "sh", "bash", "ash", "dash":
		return true
	}
	return false
}

// ShellShebang tells whether a #! line names a POSIX shell or bash,
// directly or through env.
func ShellShebang(line string) bool {
	fields := strings.Fields(strings.TrimPrefix(line, "#!"))
	if len(fields) == 0 {
		return false
	}
	if path.Base(fields[0]) == "env" && len(fields) > 1 {
		return IsShell(fields[1])
	}
	return IsShell(fields[0])
}
