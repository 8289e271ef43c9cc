package transforms

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// NonRoot makes the runtime stage run as an unprivileged user: the
// image's own (node, .NET's app) or the numeric 65532 distroless uses,
// owning the WORKDIR so the program can write where it starts.
var NonRoot = rewrite.Transform{
	Name:     "nonroot",
	Optional: true,
	Doc:      "the runtime stage runs as an unprivileged user (node, .NET's app, or 65532) owning its WORKDIR, where the file sets no USER, listens on no port below 1024 and its commands write nowhere else",
	Run:      runNonRoot,
}

// nonrootUID is the unprivileged user of distroless' nonroot images, and
// nonrootHome its home there.
const (
	nonrootUID  = "65532"
	nonrootHome = "/home/nonroot"
)

func runNonRoot(p *rewrite.Pass) error {
	doc := p.Doc
	stages := doc.Stages()
	if len(stages) < 2 {
		return rewrite.Skipf(1, "nonroot sets the user of a runtime stage: the file is not split (multistage)")
	}
	last := stages[len(stages)-1]
	body := doc.Instructions[last.Index+1:]
	from := last.Cmd.(*instructions.Stage)
	img := rewrite.LookupImage(from.BaseName)
	workdir := img.Workdir
	var first *dockerfile.Instruction // the first instruction that only describes the image
	for _, in := range body {
		switch c := in.Cmd.(type) {
		case *instructions.UserCommand:
			return rewrite.Skipf(in.Line(), "nonroot: the runtime stage sets USER already")
		case *instructions.ExposeCommand:
			for _, port := range c.Ports {
				num, _, _ := strings.Cut(port, "/")
				n, err := strconv.Atoi(num)
				if err != nil {
					return rewrite.Skipf(in.Line(), "nonroot: EXPOSE %s: a port that cannot be read may be below 1024, which only root may bind", port)
				}
				if n < 1024 {
					return rewrite.Skipf(in.Line(), "nonroot: EXPOSE %d: only root may bind a port below 1024", n)
				}
			}
		case *instructions.WorkdirCommand:
			workdir = c.Path
		case *instructions.CopyCommand:
			if c.From != "" && !earlierStage(stages, last, c.From) {
				return rewrite.Skipf(in.Line(), "nonroot: COPY --from=%s copies from an image, not from a stage of the file", c.From)
			}
		case *instructions.VolumeCommand:
			return rewrite.Skipf(in.Line(), "nonroot: a VOLUME is mounted owned by root, so the program may not write there")
		}
		if first == nil && runtimeOnly[in.Name()] {
			first = in
		}
	}
	// The whole file read as one stage: its last is the runtime's (its
	// states, its command), and the builder's COPYs say where a script
	// came from.
	st := rewrite.NewStage(doc)
	// Where the user may write besides what it is given. 65532 gets a
	// passwd entry and a home, as distroless' nonroot has: without one,
	// HOME is /, which is root's, and a program that keeps its caches or
	// settings under HOME (~/.cache) could not start.
	user, writable := nonrootUID+":"+nonrootUID, []string{"/tmp", "/var/tmp", "/dev", "/proc"}
	home, makesHome := "", false // the user's home, and whether nonroot makes it
	switch {
	case img.Family == "node":
		user, home = "node", "/home/node" // the node images' own, uid 1000
	case strings.HasPrefix(img.Repo, "mcr.microsoft.com/dotnet/") && dotnetMajor(img.Tag) >= 8:
		// The .NET images' own user since .NET 8, app (APP_UID 1654, the
		// number Kubernetes' runAsNonRoot can check), whose home is
		// /home/app: ASP.NET Core keeps its data protection keys there.
		user, home = "1654:1654", "/home/app"
	default:
		home, makesHome = nonrootHome, true
	}
	writable = append(writable, home)
	// The container's commands, as the shell splits them: its command
	// line's, and those of the build context's scripts it runs, as the
	// user runs them, whose HOME is its own.
	prog := st.Program()
	var calls []containerCall
	if prog != nil {
		asUser := *st
		asUser.Final.Home = home
		calls = allCommandCalls(&asUser, prog, p.Options.Context)
	}
	if line, why := privilegedPort(body, img, prog, calls); why != "" {
		return rewrite.Skipf(line, "nonroot: %s: only root may bind a port below 1024", why)
	}
	if what := rootOnly(calls); what != "" {
		return rewrite.Skipf(prog.In.Line(), "nonroot: %s runs %s, which needs root", who(prog.In), what)
	}
	if in, what := ownerOnly(st, last.Index); in != nil {
		return rewrite.Skipf(in.Line(), "nonroot: this RUN runs %s, which leaves files that only their owner (root) may read, as COPY --from keeps them: an unprivileged user could not", what)
	}
	switch {
	case !img.Known || !img.Shell || img.Family == "scratch":
		return rewrite.Skipf(last.Line(), "nonroot: %s has no shell to give the user its folder", from.BaseName)
	case !strings.HasPrefix(workdir, "/") || workdir == "/" || strings.Contains(workdir, "$"):
		return rewrite.Skipf(last.Line(), "nonroot: the runtime stage works in %q, which an unprivileged user should not own", workdir)
	}
	// What the runtime stage copies into its WORKDIR becomes the user's
	// too, as all of it was root's, who could write anywhere: the program
	// may write in a folder it brings (./data, ./uploads). A chown -R
	// would copy all of it into a layer again. So do the folders and
	// files a RUN of the builder made (mkdir /var/lib/notes, touch
	// /var/log/app.log), wherever they are: they were made for the
	// program to write in.
	made := madeEmpty(st, last.Index)
	var given []string
	var chowned []*dockerfile.Instruction
	for k, in := range st.Body {
		c, ok := in.Cmd.(*instructions.CopyCommand)
		if !ok || in.Index <= last.Index {
			continue
		}
		dest := shell.Resolve(st.Before[k].Workdir, c.DestPath)
		// Root's home is root's alone (mode 700 in the base images), and
		// the user's HOME is elsewhere: what the builder left there (pip
		// --user's packages, NLTK's data, the models a library caches in
		// ~/.cache) is found through HOME, so the program would find it
		// neither way.
		if under(dest, "/root") && !under(dest, workdir) {
			return rewrite.Skipf(in.Line(), "nonroot: this COPY puts files in %s, root's home, which only root may read and which is not an unprivileged user's HOME", dest)
		}
		if c.Chown != "" {
			continue
		}
		if !under(dest, workdir) {
			src := holdsAny(c, made)
			if src == "" {
				continue
			}
			given = append(given, src)
		}
		chowned = append(chowned, in)
	}
	// The container's commands may write only where the user may, and so
	// may a Go, Python or JavaScript program by the paths its sources write.
	mayWrite := append(append(writable, workdir), given...)
	if what := rootWrite(calls, mayWrite); what != "" {
		return rewrite.Skipf(prog.In.Line(), "nonroot: %s %s", who(prog.In), what)
	}
	var writes []sourceWrite
	switch builder := rewrite.LookupImage(stages[0].Cmd.(*instructions.Stage).BaseName); builder.Family {
	case "golang":
		writes = goWrites(p.Options.Context)
	case "python", "node":
		writes = scriptWrites(p.Options.Context, builder.Family)
	}
	for _, w := range writes {
		if !slices.ContainsFunc(mayWrite, func(dir string) bool { return under(w.path, dir) }) {
			return rewrite.Skipf(last.Line(), "nonroot: %s: %s writes %s, where only root may", w.where, w.call, w.path)
		}
	}
	for _, in := range chowned {
		off, ok := afterKeyword(doc, in)
		if !ok {
			return rewrite.Skipf(in.Line(), "nonroot: cannot find where this COPY's flags go")
		}
		// After --from= when it is on the keyword's line, where the
		// flags are usually written.
		rest := doc.Lines[in.Start][off-doc.Offset(in.Start):]
		if i := strings.Index(rest, "--from="); i >= 0 {
			if end := strings.IndexAny(rest[i:], " \t"); end > 0 {
				off += i + end
			}
		}
		p.Edits = append(p.Edits, dockerfile.Insert(off, " --chown="+user))
	}
	run := "chown " + user + " " + workdir
	if makesHome {
		run = "echo 'nonroot:x:" + nonrootUID + ":" + nonrootUID + ":nonroot:" + home + ":/sbin/nologin' >> /etc/passwd" +
			" && echo 'nonroot:x:" + nonrootUID + ":' >> /etc/group && mkdir -p " + home + " && " + run + " " + home
	}
	text := doc.Keyword("RUN") + " " + run + doc.Newline + doc.Keyword("USER") + " " + user + doc.Newline
	off := len(doc.Src)
	if first != nil {
		off = doc.Offset(first.CommentStart)
	} else if !strings.HasSuffix(string(doc.Src), "\n") {
		text = doc.Newline + text
	}
	p.Edits = append(p.Edits, dockerfile.Insert(off, text))
	owns := workdir + " and what is copied into it"
	if makesHome {
		owns = workdir + " and what is copied into it, and its home " + home + " (a passwd entry gives it HOME)"
	}
	if len(given) > 0 {
		owns += ", and " + strings.Join(given, ", ") + ", which a RUN of the build made (mkdir, touch)"
	}
	p.Notef(last.Line(), "nonroot: the runtime stage runs as %s, who owns %s; what the program writes elsewhere needs root", user, owns)
	return nil
}

// madeEmpty lists the folders and files the builder's RUNs (those before
// the instruction at index stop) make empty: mkdir's and install -d's
// folders, and the files touch makes.
func madeEmpty(st *rewrite.Stage, stop int) []string {
	var made []string
	for i, in := range st.Body {
		if in.Index >= stop {
			break
		}
		if in.Name() != "run" || !st.Mentions(i, "mkdir", "install", "touch") {
			continue
		}
		calls, _, _ := st.Calls(i)
		for _, c := range calls {
			switch path.Base(c.Name()) {
			case "mkdir":
				dirs, _ := rewrite.MadeDirs(c)
				made = append(made, dirs...)
			case "install":
				if slices.Contains(c.Args[1:], "-d") || slices.Contains(c.Args[1:], "--directory") {
					dirs, _, _ := copyPaths(c) // -o NAME, -m MODE: values, not folders
					made = append(made, dirs...)
				}
			case "touch":
				for j, a := range c.Args[1:] {
					if c.Known[j+1] && !strings.HasPrefix(a, "-") {
						made = append(made, shell.Resolve(c.Dir, a))
					}
				}
			}
		}
	}
	return made
}

// holdsAny returns the source of a COPY --from that holds one of paths
// (or is one), "" for none.
func holdsAny(c *instructions.CopyCommand, paths []string) string {
	if c.From == "" {
		return ""
	}
	for _, src := range c.SourcePaths {
		dir := strings.TrimSuffix(src, "/")
		if dir == "" {
			dir = "/"
		}
		for _, m := range paths {
			if under(m, dir) {
				return dir
			}
		}
	}
	return ""
}

// earlierStage tells whether a COPY --from names a stage before the last.
func earlierStage(stages []*dockerfile.Instruction, last *dockerfile.Instruction, from string) bool {
	for i, st := range stages {
		if st == last {
			break
		}
		if strings.EqualFold(st.Cmd.(*instructions.Stage).Name, from) || from == strconv.Itoa(i) {
			return true
		}
	}
	return false
}

// ownerOnly finds a RUN of the builder that takes read permission from
// other users: chmod, or install or mkdir -m, with such a mode (600, 750,
// go-rwx, o=), or umask 077. The first RUN before the instruction at
// index stop (the runtime stage's FROM), and the command; nil when none
// does. A RUN that cannot be read counts (nonroot then declines).
func ownerOnly(st *rewrite.Stage, stop int) (*dockerfile.Instruction, string) {
	for i, in := range st.Body {
		if in.Index >= stop {
			break
		}
		if in.Name() != "run" {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			return in, "a script that cannot be read"
		}
		for _, c := range calls {
			if len(c.Args) == 0 {
				continue
			}
			mode := ""
			switch name := path.Base(c.Name()); name {
			case "chmod":
				for _, a := range c.Args[1:] {
					if !strings.HasPrefix(a, "-") || strings.HasPrefix(a, "-r") || strings.HasPrefix(a, "-w") || strings.HasPrefix(a, "-x") {
						mode = a // the first word that is not an option (-r is a mode)
						break
					}
				}
			case "install", "mkdir":
				_, mode = rewrite.MadeDirs(c) // -m MODE, --mode=MODE, -mMODE
			case "umask":
				if len(c.Args) > 1 && len(c.Args[1]) > 0 && (c.Args[1][len(c.Args[1])-1]-'0')&4 != 0 {
					return in, strings.Join(c.Args, " ")
				}
			}
			if mode != "" && !othersRead(mode) {
				return in, strings.Join(c.Args, " ")
			}
		}
	}
	return nil, ""
}

// othersRead tells whether a chmod mode leaves other users their read
// permission: an octal mode with it (644, 0755), or a symbolic one that
// does not take it away (+x, u+w, a-w). A mode that cannot be read does
// not.
func othersRead(mode string) bool {
	if mode != "" && strings.Trim(mode, "01234567") == "" {
		return (mode[len(mode)-1]-'0')&4 != 0
	}
	for _, clause := range strings.Split(mode, ",") {
		i := strings.IndexAny(clause, "+-=")
		if i < 0 {
			return false
		}
		who, op, perms := clause[:i], clause[i], clause[i+1:]
		if strings.Trim(who, "ugoa") != "" {
			return false
		}
		others := who == "" || strings.ContainsAny(who, "oa")
		switch {
		case !others:
		case op == '-' && strings.Contains(perms, "r"):
			return false
		case op == '=' && !strings.Contains(perms, "r") && !strings.ContainsAny(perms, "ugo"):
			return false
		}
	}
	return true
}

// privilegedPort finds a port below 1024 the program is told to listen on
// besides EXPOSE: an ENV of the runtime stage (PORT=80,
// ASPNETCORE_URLS=http://+:80), an option of the container's commands
// (calls: -b 0.0.0.0:80, --port 80, in its command line or a script),
// or the ASP.NET Core images before .NET 8, whose ASPNETCORE_URLS is
// http://+:80 unless the file says otherwise. The line (0 for the image)
// and why; "" when none is found.
func privilegedPort(body []*dockerfile.Instruction, img rewrite.Image, prog *rewrite.Program, calls []containerCall) (int, string) {
	urlsSet := false
	for _, in := range body {
		switch c := in.Cmd.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				key := strings.ToUpper(kv.Key)
				if key == "ASPNETCORE_URLS" || key == "URLS" || strings.HasSuffix(key, "HTTP_PORTS") || strings.HasSuffix(key, "HTTPS_PORTS") {
					urlsSet = true
				}
				// Only the names a server listens by: DB_PORT or
				// SMTP_PORT=25 name where it connects to.
				listens := strings.Contains(key, "LISTEN") || strings.Contains(key, "BIND") || key == "ASPNETCORE_URLS" || key == "URLS"
				bare := listenPorts.Has(key)
				if n, ok := lowPort(kv.Value, bare); ok && (listens || bare) {
					return in.Line(), fmt.Sprintf("%s=%s asks for port %d", kv.Key, kv.Value, n)
				}
			}
		}
	}
	for _, c := range calls {
		for i, w := range c.words {
			value, bare := w, false
			switch {
			case portFlags.Has(w) && i+1 < len(c.words):
				value, bare = c.words[i+1], true
				w += " " + value
			case strings.HasPrefix(w, "--") && strings.Contains(w, "="):
				flag, v, _ := strings.Cut(w, "=")
				value, bare = v, portFlags.Has(flag)
			}
			if n, ok := lowPort(value, bare); ok {
				return prog.In.Line(), fmt.Sprintf("%s %s listens on port %d", who(prog.In), w, n)
			}
		}
	}
	if !urlsSet && (img.Family == "aspnet" || strings.Contains(img.Tag, "aspnetcore-runtime")) {
		if v := dotnetMajor(img.Tag); v > 0 && v < 8 {
			return 0, img.Ref + " sets ASPNETCORE_URLS=http://+:80 (the images of .NET 8 and later listen on 8080)"
		}
	}
	return 0, ""
}

// listenPorts are the variables that give a server its port.
var listenPorts = rewrite.WordSet(`PORT HTTP_PORT HTTPS_PORT SERVER_PORT APP_PORT WEB_PORT LISTEN_PORT
	ASPNETCORE_HTTP_PORTS ASPNETCORE_HTTPS_PORTS HTTP_PORTS HTTPS_PORTS`)

// portFlags are the options that give a server its port or address
// (gunicorn's -b, uvicorn's --port, flask run's -p, many a Go program's
// -addr and -listen).
var portFlags = rewrite.WordSet(`-b --bind -p --port -P --http-port --listen -listen -addr --addr -port --address -address --http-addr`)

// lowPort reads a port below 1024 from a value: the port of an address
// or URL (:80, 0.0.0.0:443, http://+:80; several separated by ; or ,), or
// the value itself when bare says it is a port.
func lowPort(value string, bare bool) (int, bool) {
	for _, part := range strings.FieldsFunc(value, func(r rune) bool { return r == ';' || r == ',' || r == ' ' }) {
		p := part
		if i := strings.LastIndex(part, ":"); i >= 0 {
			p = strings.TrimSuffix(part[i+1:], "/")
		} else if !bare {
			continue
		}
		if n, err := strconv.Atoi(p); err == nil && n > 0 && n < 1024 {
			return n, true
		}
	}
	return 0, false
}

// rootOnly finds, among the container's calls (its command line's, and
// those of the build context's scripts it runs), a program that needs
// root: one that changes user (gosu, su-exec, su, runuser: an entrypoint
// that drops root's rights itself), or a daemon that writes its pid file
// and logs in root's folders or binds its port as root (cron, sshd,
// nginx, apache, supervisord, syslog). Its name; "" when none does.
func rootOnly(calls []containerCall) string {
	for _, c := range calls {
		if len(c.words) == 0 {
			continue
		}
		// By name, or by the system's folders: ./service is the build's own.
		w := c.words[0]
		if name := path.Base(w); needsRoot.Has(name) && (!strings.Contains(w, "/") || systemBin.Has(path.Dir(w))) {
			return name
		}
	}
	return ""
}

// dotnetMajor is the .NET version a .NET image's tag names (8 for
// 8.0-alpine), 0 when it names none.
func dotnetMajor(tag string) int {
	major, _, _ := strings.Cut(tag, ".")
	n, _ := strconv.Atoi(major)
	return n
}

// rootWrite finds a command of the container that needs root to write
// where it writes: chown and chgrp, which only root may run on another's
// files; mkdir, touch, cp, mv, ln, install, tee, rm, chmod and sed -i on
// paths outside the folders writable (and below them), and output
// redirections there. A path that cannot be known counts. What it does,
// said after the command line's name; "" for none.
func rootWrite(calls []containerCall, writable []string) string {
	ok := func(p string) bool {
		return p != "" && slices.ContainsFunc(writable, func(dir string) bool { return under(p, dir) })
	}
	for _, c := range calls {
		for _, w := range c.writes {
			if !w.Known {
				return "writes a command's output to a file that cannot be known, where only root may write"
			}
			if !ok(w.Path) {
				return "writes a command's output to " + w.Path + ", where only root may write"
			}
		}
		if len(c.words) == 0 {
			continue
		}
		name := path.Base(c.words[0])
		var operands []string
		for _, w := range c.words[1:] {
			if w == "" || !strings.HasPrefix(w, "-") {
				operands = append(operands, w)
			}
		}
		var targets []string
		switch name {
		case "chown", "chgrp":
			return "runs " + shownWords(c.words) + ", which only root may"
		case "mkdir", "touch", "tee", "rm":
			targets = operands
		case "chmod":
			if len(operands) > 1 {
				targets = operands[1:]
			}
		case "cp", "mv", "ln", "install":
			// As the build's RUNs are read: -t DIR, and install's option
			// values, which are no paths.
			_, raw, dir := copyPaths(shell.NewCall(c.words, c.dir, nil))
			switch {
			case dir != "":
				targets = []string{dir}
			case slices.Contains(c.words[1:], "-d") || slices.Contains(c.words[1:], "--directory"):
				targets = raw // install -d makes each
			case len(raw) > 0:
				targets = raw[len(raw)-1:]
			}
		case "sed":
			if slices.ContainsFunc(c.words[1:], func(w string) bool { return strings.HasPrefix(w, "-i") || w == "--in-place" }) && len(operands) > 1 {
				targets = operands[1:]
			}
		}
		for _, t := range targets {
			if t == "" || !ok(shell.Resolve(c.dir, t)) {
				return "runs " + shownWords(c.words) + ", which writes where only root may"
			}
		}
	}
	return ""
}

// shownWords is a command line as a message says it, a word that cannot
// be known shown as such.
func shownWords(words []string) string {
	shown := make([]string, len(words))
	for i, w := range words {
		shown[i] = cmp.Or(w, "<unknown>")
	}
	return strings.Join(shown, " ")
}

// systemBin are the folders the distribution's programs are in.
var systemBin = rewrite.WordSet(`/bin /sbin /usr/bin /usr/sbin`)

// needsRoot are the programs that do not run as another user than root.
var needsRoot = rewrite.WordSet(`gosu su-exec su sudo runuser setpriv chroot setuidgid s6-setuidgid chpst
	cron crond anacron sshd nginx apache2 apache2ctl httpd rsyslogd syslogd syslog-ng supervisord service`)
