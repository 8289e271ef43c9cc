package transforms

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// What well-known programs write when a RUN runs them, read from their
// command lines and, for Django, the project's settings: callWrites asks
// these where a program's effects can be known without running it (users
// and their homes, downloads, model data, Django's static files and
// database).

// makesHome tells whether a useradd or adduser makes the user's home
// folder: useradd only when asked (-m), BusyBox's adduser (alpine) unless
// asked not to (-H), Debian's unless asked not to (--no-create-home) or,
// from bookworm's adduser on, for a system user without --home, whose
// home is /nonexistent (adduser(8)).
func makesHome(c shell.Call, builder rewrite.Image) bool {
	args := c.Args[1:]
	switch path.Base(c.Name()) {
	case "useradd":
		return slices.Contains(args, "-m") || slices.Contains(args, "--create-home")
	case "adduser":
		if slices.Contains(args, "--system") && adduserNonexistentHome(builder) &&
			!slices.ContainsFunc(args, func(a string) bool { return a == "--home" || strings.HasPrefix(a, "--home=") }) {
			return false
		}
		return !slices.Contains(args, "-H") && !slices.Contains(args, "--no-create-home")
	}
	return false
}

// userValueOptions are the options of useradd, Debian's adduser and
// BusyBox's adduser that take a value (the next word unless written
// --name=value).
var userValueOptions = rewrite.WordSet(`-b -c -d -e -f -g -G -k -K -p -s -u -h -R -P -Z --base-dir --comment
	--home-dir --expiredate --inactive --gid --groups --skel --key --password --shell --uid --root --prefix
	--selinux-user --home --gecos --ingroup --firstuid --lastuid --firstgid --lastgid --conf`)

// homeOf is the home folder a useradd or adduser that makes one gives
// its user: the one named (-d, --home-dir, --home, BusyBox's -h), or
// the base folder (-b) or /home, then the user's name; "" when it cannot
// be told (another root, a second name: adduser USER GROUP adds a user
// to a group).
func homeOf(c shell.Call) string {
	var names []string
	home, base := "", "/home"
	args := c.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		opt, value, inline := strings.Cut(a, "=")
		if !strings.HasPrefix(a, "-") {
			names = append(names, a)
			continue
		}
		if !strings.HasPrefix(a, "--") || !userValueOptions.Has(opt) {
			inline = false
			value = ""
			if !userValueOptions.Has(a) {
				continue // a flag
			}
			opt = a
		}
		if !inline {
			if i+1 == len(args) {
				return ""
			}
			i++
			value = args[i]
		}
		switch opt {
		case "-R", "-P", "--root", "--prefix":
			return ""
		case "-d", "--home-dir", "--home":
			home = value
		case "-h":
			if path.Base(c.Name()) == "adduser" {
				home = value // BusyBox
			}
		case "-b", "--base-dir":
			base = value
		}
	}
	if len(names) != 1 {
		return ""
	}
	if home == "" {
		home = path.Join(base, names[0])
	}
	if !path.IsAbs(home) {
		return ""
	}
	return path.Clean(home)
}

// manageWrites reads the Django commands whose writes the project's
// settings tell: `python manage.py collectstatic` copies the static files
// into STATIC_ROOT (a folder); `python manage.py migrate` creates or
// updates the SQLite database the settings name (a file), as loaddata,
// createsuperuser and createcachetable write into it. It returns that
// write; an empty one when the call is something else. The settings are
// read from the build context: a literal path (relative to the call's
// folder) or one below BASE_DIR (the folder of manage.py, as Django's
// project template sets it); a value computed otherwise (from the
// environment) leaves the file alone, as does a database that is not a
// file. compilemessages and makemigrations write below folders instead
// (compileMessages, makeMigrations).
func (pl *plan) manageWrites(c shell.Call, line int, this string) (runWrite, error) {
	if len(c.Args) < 3 || path.Base(c.Args[1]) != "manage.py" {
		return runWrite{}, nil
	}
	var command string
	for _, a := range c.Args[2:] {
		if !strings.HasPrefix(a, "-") {
			command = a
			break
		}
	}
	var setting, named string // the key read, and how reasons name it
	switch command {
	case "collectstatic":
		setting, named = "STATIC_ROOT", "STATIC_ROOT"
	case "migrate", "loaddata", "createsuperuser", "createcachetable":
		// Each writes the database alone: the schema, fixtures, a user,
		// the cache table.
		setting, named = "NAME", "the DATABASES NAME"
	case "compilemessages":
		return pl.compileMessages(c, line, this)
	case "makemigrations":
		return makeMigrations(c, line, this)
	default:
		return runWrite{}, nil
	}
	ctx := pl.pass.Options.Context
	if ctx == nil {
		return runWrite{}, rewrite.Skipf(line, "%s runs manage.py %s, which writes where the project's settings say, and the build context is not seen (give --context)", this, command)
	}
	baseDir := path.Dir(shell.Resolve(c.Dir, c.Args[1]))
	found, where := "", ""
	isPython := func(base string) bool { return strings.HasSuffix(base, ".py") }
	err := walkFiles(ctx, pythonSkipDirs, isPython, func(p string) error {
		src, _ := ctx.ReadFile(p)
		if setting == "NAME" {
			if !bytes.Contains(src, []byte("DATABASES")) {
				return nil
			}
			if !bytes.Contains(src, []byte("django.db.backends.sqlite3")) {
				return rewrite.Skipf(line, "%s runs manage.py %s, and the DATABASES of %s is not an SQLite file: the build would need its database server", this, command, p)
			}
		} else if !bytes.Contains(src, []byte(setting)) {
			return nil
		}
		lines := strings.Split(string(src), "\n")
		if setting == "NAME" {
			lines = databasesBlock(lines)
		}
		for _, l := range lines {
			value, ok := settingValue(strings.TrimSpace(l), setting)
			if !ok {
				continue
			}
			dir, known := staticRoot(value, c.Dir, baseDir)
			switch {
			case !known:
				return rewrite.Skipf(line, "%s runs manage.py %s, and %s in %s is %s: where it writes cannot be known", this, command, named, p, value)
			case found != "" && dir != found:
				return rewrite.Skipf(line, "%s runs manage.py %s, and the settings give %s two values (%s, %s): which one the build used cannot be known", this, command, named, where, p)
			}
			found, where = dir, p
		}
		return nil
	})
	if err != nil {
		return runWrite{}, err
	}
	if found == "" {
		return runWrite{}, rewrite.Skipf(line, "%s runs manage.py %s, and no settings file in the build context sets %s", this, command, named)
	}
	return runWrite{path: found, line: line, by: this + " (manage.py " + command + ")", file: setting == "NAME"}, nil
}

// compileMessages reads `python manage.py compilemessages`: it writes
// each .mo file beside its .po, in the locale folders below its working
// folder and in the LOCALE_PATHS of the settings. The working folder is
// the write (carried whole, or with the artifact it is in); a locale
// path outside it, or one whose value cannot be read, is refused.
func (pl *plan) compileMessages(c shell.Call, line int, this string) (runWrite, error) {
	ctx := pl.pass.Options.Context
	switch {
	case c.Dir == "":
		return runWrite{}, rewrite.Skipf(line, "%s runs manage.py compilemessages from a folder that cannot be known", this)
	case ctx == nil:
		return runWrite{}, rewrite.Skipf(line, "%s runs manage.py compilemessages, which writes where the project's settings say, and the build context is not seen (give --context)", this)
	}
	baseDir := path.Dir(shell.Resolve(c.Dir, c.Args[1]))
	isPython := func(base string) bool { return strings.HasSuffix(base, ".py") }
	err := walkFiles(ctx, pythonSkipDirs, isPython, func(p string) error {
		src, _ := ctx.ReadFile(p)
		if !bytes.Contains(src, []byte("LOCALE_PATHS")) {
			return nil
		}
		value, ok := listSetting(string(src), "LOCALE_PATHS")
		if !ok {
			return rewrite.Skipf(line, "%s runs manage.py compilemessages, and the LOCALE_PATHS of %s cannot be read", this, p)
		}
		for _, item := range value {
			dir, known := staticRoot(item, c.Dir, baseDir)
			switch {
			case !known:
				return rewrite.Skipf(line, "%s runs manage.py compilemessages, and LOCALE_PATHS in %s holds %s: where it writes cannot be known", this, p, item)
			case !under(dir, c.Dir):
				return rewrite.Skipf(line, "%s runs manage.py compilemessages, and LOCALE_PATHS in %s names %s, outside the folder it runs in: not handled", this, p, dir)
			}
		}
		return nil
	})
	if err != nil {
		return runWrite{}, err
	}
	return runWrite{path: c.Dir, line: line, tree: true, by: this + " (manage.py compilemessages)"}, nil
}

// makeMigrations reads `python manage.py makemigrations`: it writes a new
// migration into the migrations package of each installed app whose
// models changed, wherever the app is imported from. Python finds the
// apps on sys.path: the folder of manage.py (the write, carried whole or
// with the artifact it is in), PYTHONPATH (each entry must be below that
// folder) and the installed packages, which every Python rewrite carries
// whole. A manage.py whose folder cannot be known is refused.
func makeMigrations(c shell.Call, line int, this string) (runWrite, error) {
	manage := shell.Resolve(c.Dir, c.Args[1])
	if !path.IsAbs(manage) {
		return runWrite{}, rewrite.Skipf(line, "%s runs manage.py makemigrations from a folder that cannot be known", this)
	}
	baseDir := path.Dir(manage)
	pythonPath, _, known := c.Getenv("PYTHONPATH")
	if !known {
		return runWrite{}, rewrite.Skipf(line, "%s runs manage.py makemigrations with a PYTHONPATH that cannot be evaluated: the apps it writes migrations for may be anywhere", this)
	}
	for _, dir := range strings.Split(pythonPath, ":") {
		if dir != "" && !under(shell.Resolve(c.Dir, dir), baseDir) {
			return runWrite{}, rewrite.Skipf(line, "%s runs manage.py makemigrations with %s on PYTHONPATH, outside %s: the migrations it writes for apps there are not handled", this, dir, baseDir)
		}
	}
	return runWrite{path: baseDir, line: line, tree: true, by: this + " (manage.py makemigrations)"}, nil
}

// listSetting reads a Python setting that is a list or tuple, on one
// line or several (NAME = [ ... ]), as its items' source text; ok is
// false for a value that is not one (a name, a call, a comprehension).
func listSetting(src, name string) (items []string, ok bool) {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		value, found := settingValue(strings.TrimSpace(l), name)
		if !found {
			continue
		}
		text := value
		for j := i + 1; depth(text) > 0 && j < len(lines); j++ {
			text += " " + strings.TrimSpace(strings.SplitN(lines[j], "#", 2)[0])
		}
		text = strings.TrimSpace(strings.SplitN(text, "#", 2)[0])
		if len(text) < 2 || !(text[0] == '[' && text[len(text)-1] == ']' || text[0] == '(' && text[len(text)-1] == ')') || depth(text) != 0 {
			return nil, false
		}
		inner, level, start := text[1:len(text)-1], 0, 0
		for k, r := range inner {
			switch r {
			case '(', '[':
				level++
			case ')', ']':
				level--
			case ',':
				if level == 0 {
					items = append(items, inner[start:k])
					start = k + 1
				}
			}
		}
		items = append(items, inner[start:])
		for k := range items {
			items[k] = strings.TrimSpace(items[k])
		}
		items = slices.DeleteFunc(items, func(s string) bool { return s == "" })
		return items, true
	}
	return nil, true // not set: none
}

// depth is how many brackets a text leaves open.
func depth(text string) int {
	return strings.Count(text, "[") + strings.Count(text, "(") - strings.Count(text, "]") - strings.Count(text, ")")
}

// curlValueOptions and wgetValueOptions are the options of curl and wget
// that take a value (the next word), besides those that name the output.
var (
	curlValueOptions = rewrite.WordSet(`-H --header -u --user -A --user-agent -e --referer -d --data --data-raw
		--data-binary -F --form -X --request -m --max-time --connect-timeout --retry --retry-delay --retry-max-time
		-w --write-out -x --proxy --cacert --cert --key -r --range -b --cookie -c --cookie-jar -T --upload-file
		-K --config --limit-rate -C --continue-at --resolve --interface --max-redirs -z --time-cond --proto`)
	wgetValueOptions = rewrite.WordSet(`-t --tries -T --timeout -U --user-agent --header -e --execute
		--user --password --http-user --http-password -a --append-output -o --output-file -w --wait -Q --quota`)
)

// downloadedFiles reads where curl or wget save what they download: curl's
// -o FILE (--output) and -O (the URL's file name, in --output-dir or the
// working folder), wget's -O FILE (--output-document) or the URL's file
// name in -P DIR or the working folder. Standard output (curl without
// -o, -o - or -O -) writes no file. ok is false when it cannot be told
// (several URLs with -O, a URL without a file name, an unknown option).
// gitCloneValueOptions are git clone's options that take a value as the
// next word.
var gitCloneValueOptions = rewrite.WordSet(`-b --branch --depth -c --config -o --origin --reference --reference-if-able
	--separate-git-dir --template -j --jobs --shallow-since --shallow-exclude -u --upload-pack --filter --bundle-uri`)

// gitWrites is what a git command writes: the folder git clone makes (its
// last argument, or the repository's name in the working folder), or the
// user's settings git config --global writes; ok is false for any other
// git command, or words it cannot place.
func gitWrites(c shell.Call, home string) (p string, dir, ok bool) {
	args := c.Args[1:]
	if len(args) == 0 {
		return "", false, false
	}
	switch args[0] {
	case "config":
		if slices.Contains(args, "--global") && home != "" {
			return path.Join(home, ".gitconfig"), false, true
		}
		if slices.Contains(args, "--system") {
			return "/etc/gitconfig", false, true
		}
		return "", false, false
	case "clone":
	default:
		return "", false, false
	}
	var words []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			words = append(words, args[i+1:]...)
			i = len(args)
		case gitCloneValueOptions.Has(a):
			i++
		case strings.HasPrefix(a, "-"):
		default:
			words = append(words, a)
		}
	}
	switch len(words) {
	case 1:
		name := strings.TrimSuffix(path.Base(strings.TrimRight(words[0], "/")), ".git")
		if name == "" || name == "." || strings.Contains(name, ":") {
			return "", false, false
		}
		return shell.Resolve(c.Dir, name), true, true
	case 2:
		return shell.Resolve(c.Dir, words[1]), true, true
	}
	return "", false, false
}

// hfDownload is the folder huggingface-cli download (or hf download)
// writes the model into: --local-dir, or the hub's cache (HF_HUB_CACHE,
// HF_HOME/hub, ~/.cache/huggingface/hub); err says why it cannot be told.
func hfDownload(c shell.Call, home string) (dir, err string) {
	if len(c.Args) < 2 || c.Args[1] != "download" {
		return "", "other than download, whose effects on the image cannot be known"
	}
	for j := 2; j < len(c.Args); j++ {
		a := c.Args[j]
		switch {
		case a == "--local-dir" && j+1 < len(c.Args):
			return shell.Resolve(c.Dir, c.Args[j+1]), ""
		case strings.HasPrefix(a, "--local-dir="):
			return shell.Resolve(c.Dir, strings.TrimPrefix(a, "--local-dir=")), ""
		case a == "--cache-dir" || strings.HasPrefix(a, "--cache-dir="):
			v, _ := strings.CutPrefix(a, "--cache-dir=")
			if a == "--cache-dir" && j+1 < len(c.Args) {
				v = c.Args[j+1]
			}
			return shell.Resolve(c.Dir, v), ""
		}
	}
	if v, set, known := c.Getenv("HF_HUB_CACHE"); set {
		if !known {
			return "", "download with HF_HUB_CACHE set to a value that cannot be known"
		}
		return shell.Resolve(c.Dir, v), ""
	}
	if v, set, known := c.Getenv("HF_HOME"); set {
		if !known {
			return "", "download with HF_HOME set to a value that cannot be known"
		}
		return path.Join(shell.Resolve(c.Dir, v), "hub"), ""
	}
	if home == "" {
		return "", "download into the user's cache, and the user's home cannot be told"
	}
	return path.Join(home, ".cache/huggingface/hub"), ""
}

func downloadedFiles(c shell.Call) (files []string, ok bool) {
	wget := path.Base(c.Name()) == "wget"
	var urls []string
	out, dir, remoteName := "", c.Dir, wget
	args := c.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		value := func() (string, bool) {
			if _, v, inline := strings.Cut(a, "="); inline && strings.HasPrefix(a, "--") {
				return v, true
			}
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		name, _, _ := strings.Cut(a, "=")
		var v string
		switch {
		case !strings.HasPrefix(a, "-"):
			urls = append(urls, a)
		case !wget && (name == "-o" || name == "--output"), wget && (name == "-O" || name == "--output-document"):
			if v, ok = value(); !ok {
				return nil, false
			}
			out = v
		case !wget && (name == "-O" || name == "--remote-name"):
			remoteName = true
		case !wget && name == "--output-dir", wget && (name == "-P" || name == "--directory-prefix"):
			if v, ok = value(); !ok {
				return nil, false
			}
			dir = shell.Resolve(c.Dir, v)
		case !wget && curlValueOptions.Has(name), wget && wgetValueOptions.Has(name):
			if !strings.Contains(a, "=") {
				i++
			}
		case !strings.HasPrefix(a, "--"):
			// A bundle of short options (-fsSLo FILE, -fsSLO, wget's
			// -qO- or -qO FILE): the output option takes the rest of
			// the word, or the next one.
			outLetter := "o"
			if wget {
				outLetter = "O"
			}
			if j := strings.Index(a[1:], outLetter); j >= 0 {
				if rest := a[j+2:]; rest != "" {
					out = rest
				} else if i+1 < len(args) {
					i++
					out = args[i]
				} else {
					return nil, false
				}
			} else if !wget && strings.Contains(a, "O") {
				remoteName = true
			}
		}
	}
	switch {
	case out == "-":
		return nil, true
	case out != "":
		return []string{shell.Resolve(c.Dir, out)}, true
	case !remoteName:
		return nil, true // curl writes to standard output
	case len(urls) != 1:
		return nil, false
	}
	u := urls[0]
	u, _, _ = strings.Cut(u, "?")
	u, _, _ = strings.Cut(u, "#")
	base := path.Base(u)
	if base == "" || base == "." || base == "/" || strings.HasSuffix(u, "/") || !strings.Contains(u, "/") {
		return nil, false
	}
	return []string{shell.Resolve(dir, base)}, true
}

// modelDownload reads the language models Python packages download in a
// RUN: `python -m spacy download MODEL` pip-installs the model into the
// environment of the python that runs it (a virtualenv the runtime stage
// copies whole); `python -m nltk.downloader [-d DIR] DATA...` writes into
// DIR, or the user's ~/nltk_data, where nltk looks at run time. It
// returns that write; an empty one when the call is something else.
func (pl *plan) modelDownload(c shell.Call, i int, this string) (runWrite, error) {
	line := pl.stage.Body[i].Line()
	flag, module := interpreterTarget(c, "-c")
	code := ""
	switch k := slices.Index(c.Args, "-c"); {
	case flag == "-c" && k+1 < len(c.Args) && c.Known[k+1]:
		code = c.Args[k+1] // python -c "import nltk; nltk.download('punkt')"
	case flag == "" && strings.HasSuffix(module, ".py") && c.Dir != "":
		// python download_models.py: a script of the build context
		// that does only that, read as the code of a -c.
		if src, ok := contextPathAt(pl.stage, pl.pass.Options.Context, i, shell.Resolve(c.Dir, module)); ok {
			data, err := pl.pass.Options.Context.ReadFile(src)
			if err == nil {
				code = pythonStatements(string(data))
			}
		}
	}
	if code != "" {
		dir, ok := nltkDownloadCode(code)
		if !ok {
			return pl.modelLoadWrites(c, i, this, code)
		}
		module = "nltk.downloader"
		if dir != "" {
			c.Args = []string{c.Args[0], "-m", module, "-d", dir}
		} else {
			c.Args = []string{c.Args[0], "-m", module}
		}
		c.Known = []bool{true, true, true, true, true}[:len(c.Args)]
	} else if flag != "-m" {
		return runWrite{}, nil
	}
	at := slices.Index(c.Args, module) + 1
	switch module {
	case "spacy":
		if at >= len(c.Args) || c.Args[at] != "download" {
			return runWrite{}, nil
		}
		// The python on PATH is the virtualenv's: its bin comes first, by
		// the file's own ENV PATH or the one the rewrite adds before the
		// first pip install.
		pathVar, _, known := c.Getenv("PATH")
		first, _, _ := strings.Cut(pathVar, ":")
		if b := pl.build; len(b.PathPrefix) > 0 && slices.ContainsFunc(b.Steps, func(in *dockerfile.Instruction) bool { return in.Index <= pl.stage.Body[i].Index }) {
			first, known = b.PathPrefix[0], true
		}
		if venv := path.Dir(path.Clean(first)); known && path.Base(first) == "bin" && pl.isFolderArtifact(venv) {
			return runWrite{path: venv, line: line, dir: true, by: this + " (spacy download, a pip install)"}, nil
		}
		return runWrite{}, rewrite.Skipf(line, "%s runs python -m spacy download, which pip-installs the model into the Python it runs in, and that is not a virtualenv the runtime stage copies", this)
	case "nltk.downloader", "nltk":
		if module == "nltk" && (at >= len(c.Args) || c.Args[at] != "download") {
			return runWrite{}, nil
		}
		dir := ""
		for j := at; j < len(c.Args); j++ {
			if (c.Args[j] == "-d" || c.Args[j] == "--dir") && j+1 < len(c.Args) {
				dir = shell.Resolve(c.Dir, c.Args[j+1])
			}
		}
		if dir == "" {
			if _, set, _ := c.Getenv("NLTK_DATA"); set {
				return runWrite{}, rewrite.Skipf(line, "%s runs the nltk downloader with NLTK_DATA set and no -d: where it writes depends on which of those folders exist", this)
			}
			home, _, known := c.Getenv("HOME")
			if !known || home == "" {
				home = "/root"
				if u := nonRootUser(pl.stage.Before[i].User); u != "" {
					return runWrite{}, rewrite.Skipf(line, "%s runs the nltk downloader as USER %s: its home folder cannot be told", this, u)
				}
			}
			dir = path.Join(home, "nltk_data")
		}
		return runWrite{path: dir, line: line, dir: true, by: this + " (nltk downloader)"}, nil
	}
	return runWrite{}, nil
}

// nltkStatement is one statement of a python -c that fetches NLTK's
// data: the import, or a download of packages by name.
var nltkStatement = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(import nltk|nltk\.download\((.*)\))$`) })

// nltkArgument is what a download's arguments may hold besides names:
// string literals, a list of them, quiet= and raise_on_error=.
var nltkArgument = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`'[A-Za-z0-9_./-]*'|"[A-Za-z0-9_./-]*"|\b(quiet|raise_on_error)\s*=\s*(True|False)|[\s,\[\]]`)
})

// nltkDownloadDir is a download's download_dir= argument.
var nltkDownloadDir = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bdownload_dir\s*=\s*('([^']*)'|"([^"]*)")`) })

// nltkDownloadCode reads the code of a python -c made only of `import
// nltk` and `nltk.download(...)` of literal names, as the NLTK docs
// advise: the folder the downloads go to (download_dir=, the same for
// all), "" for NLTK's default; ok is false for any other code.
func nltkDownloadCode(code string) (dir string, ok bool) {
	downloads := 0
	for _, stmt := range strings.FieldsFunc(code, func(r rune) bool { return r == ';' || r == '\n' }) {
		stmt = strings.TrimSpace(stmt)
		if stmt == "" {
			continue
		}
		m := nltkStatement().FindStringSubmatch(stmt)
		if m == nil {
			return "", false
		}
		if m[1] == "import nltk" {
			continue
		}
		args := m[2]
		d := ""
		if dm := nltkDownloadDir().FindStringSubmatch(args); dm != nil {
			d = dm[2] + dm[3]
			args = strings.Replace(args, dm[0], "", 1)
		}
		if strings.TrimSpace(nltkArgument().ReplaceAllString(args, "")) != "" || downloads > 0 && d != dir {
			return "", false
		}
		dir = d
		downloads++
	}
	return dir, downloads > 0
}

// pythonStatements is a script's code as a python -c would hold it: its
// lines without comments, docstrings' lines and blank ones left out, and
// the body of an `if __name__ == "__main__":` at the end taken as the
// script's own. "" for code with any other block (an indented line).
func pythonStatements(src string) string {
	var out []string
	inDoc, inMain := false, false
	for _, l := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, `"""`) || strings.HasPrefix(t, `'''`):
			if len(t) < 6 || !(strings.HasSuffix(t, `"""`) || strings.HasSuffix(t, `'''`)) {
				inDoc = !inDoc
			}
		case inDoc, t == "", strings.HasPrefix(t, "#"):
		case l == `if __name__ == "__main__":` || l == `if __name__ == '__main__':`:
			inMain = true
		case l != t && !inMain, l == t && inMain:
			return "" // another block, or code after the guard's
		default:
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n")
}

// modelImport is an import statement of a python -c.
var modelImport = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(from [\w.]+ import [\w, ]+|import [\w., ]+)$`) })

// modelLoad is a statement of a python -c that loads a model by name from
// the Hugging Face hub (or OpenAI's Whisper, whisper.load_model, or
// EasyOCR's easyocr.Reader), as services do at build time to bake it
// into the image: a constructor or loader call, its value maybe kept in
// a name.
var modelLoad = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:\w+\s*=\s*)?([\w.]*?)(SentenceTransformer|CrossEncoder|pipeline|snapshot_download|hf_hub_download|from_pretrained|load_model|Reader)\((.*)\)$`)
})

// modelArgument is what a model load's arguments may hold besides the
// cache folder: literals and keywords with literal values.
var modelArgument = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`'[^'$\\]*'|"[^"$\\]*"|\b\w+\s*=\s*('[^'$\\]*'|"[^"$\\]*"|True|False|None|\d+)|\b(True|False|None|\d+)\b|[\s,\[\]]`)
})

// modelCacheDir is a load's cache_dir= or cache_folder= argument.
var modelCacheDir = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(cache_dir|cache_folder|download_root|model_storage_directory)\s*=\s*('([^']*)'|"([^"]*)")`)
})

// modelLoads reads the code of a python -c made only of imports and of
// model loads with literal arguments: for each load, whether it is a
// sentence-transformers SentenceTransformer (whose cache moved in 2.3),
// and the cache folder it names ("" for the default). ok is false for
// any other code.
func modelLoads(code string) (loads []modelLoadCall, ok bool) {
	for _, stmt := range strings.FieldsFunc(code, func(r rune) bool { return r == ';' || r == '\n' }) {
		stmt = strings.TrimSpace(stmt)
		if stmt == "" || modelImport().MatchString(stmt) {
			continue
		}
		m := modelLoad().FindStringSubmatch(stmt)
		if m == nil || m[2] == "from_pretrained" && !strings.HasSuffix(m[1], ".") || m[2] == "load_model" && m[1] != "whisper." || m[2] == "Reader" && m[1] != "easyocr." {
			return nil, false
		}
		args, dir := m[3], ""
		if dm := modelCacheDir().FindStringSubmatch(args); dm != nil {
			dir = dm[3] + dm[4]
			args = strings.Replace(args, dm[0], "", 1)
		}
		if strings.TrimSpace(modelArgument().ReplaceAllString(args, "")) != "" {
			return nil, false
		}
		loads = append(loads, modelLoadCall{sentenceTransformer: m[2] == "SentenceTransformer", whisper: m[2] == "load_model", easyOCR: m[2] == "Reader", dir: dir})
	}
	return loads, len(loads) > 0
}

// modelLoadCall is one model load of a python -c.
type modelLoadCall struct {
	// sentenceTransformer, whisper and easyOCR tell loads that keep their
	// own cache (sentence-transformers before 2.3, Whisper's
	// ~/.cache/whisper, EasyOCR's ~/.EasyOCR).
	sentenceTransformer, whisper, easyOCR bool
	dir                                   string
}

// modelLoadWrites reads a python -c that bakes models into the image
// (modelLoads): the Hugging Face cache they fill (HF_HUB_CACHE, HF_HOME,
// TRANSFORMERS_CACHE, or ~/.cache/huggingface), or sentence-transformers'
// own before 2.3 (SENTENCE_TRANSFORMERS_HOME, or ~/.cache/torch), or the
// folder a load names. Other code is left to the caller's refusal.
func (pl *plan) modelLoadWrites(c shell.Call, i int, this, code string) (runWrite, error) {
	loads, ok := modelLoads(code)
	if !ok {
		return runWrite{}, nil
	}
	line := pl.stage.Body[i].Line()
	home := callHome(pl.stage, i, c)
	getenv := func(name string) (string, bool) {
		v, set, known := c.Getenv(name)
		return v, set && known && v != ""
	}
	cache := ""
	if v, ok := getenv("XDG_CACHE_HOME"); ok {
		cache = v
	} else if home != "" {
		cache = path.Join(home, ".cache")
	}
	hub := "" // the first of these the libraries read
	for _, name := range []string{"HF_HUB_CACHE", "HF_HOME", "TRANSFORMERS_CACHE"} {
		if v, ok := getenv(name); ok {
			hub = v
			break
		}
	}
	if hub == "" && cache != "" {
		hub = path.Join(cache, "huggingface")
	}
	var dirs []string
	for _, l := range loads {
		dir := l.dir
		switch {
		case dir != "":
		case l.whisper && cache != "":
			dir = path.Join(cache, "whisper")
		case l.easyOCR:
			// EASYOCR_MODULE_PATH, else ~/.EasyOCR; the models in model/.
			if v, ok := getenv("EASYOCR_MODULE_PATH"); ok {
				dir = v
			} else if home != "" {
				dir = path.Join(home, ".EasyOCR")
			}
		case l.sentenceTransformer:
			if v, ok := getenv("SENTENCE_TRANSFORMERS_HOME"); ok {
				dir = v
				break
			}
			spec, known := pl.requirementSpec("sentence-transformers")
			if !known {
				return runWrite{}, rewrite.Skipf(line, "%s loads a SentenceTransformer, and which sentence-transformers pip installs cannot be read: it keeps models in ~/.cache/torch before 2.3, in the Hugging Face cache since (set SENTENCE_TRANSFORMERS_HOME)", this)
			}
			if builtFromSource(spec, "2.3") {
				if v, ok := getenv("TORCH_HOME"); ok {
					dir = path.Join(v, "sentence_transformers")
				} else if cache != "" {
					dir = path.Join(cache, "torch", "sentence_transformers")
				}
			} else {
				dir = hub
			}
		default:
			dir = hub
		}
		if dir == "" {
			return runWrite{}, rewrite.Skipf(line, "%s loads models into a cache whose folder cannot be known (the user's home)", this)
		}
		dir = shell.Resolve(c.Dir, dir)
		if !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	for _, d := range dirs[1:] {
		pl.rt.writes = append(pl.rt.writes, runWrite{path: d, index: i, line: line, dir: true, by: this + " (models it loads)"})
	}
	return runWrite{path: dirs[0], line: line, dir: true, by: this + " (models it loads)"}, nil
}

// requirementSpec is the version specifier the build's requirements give
// a package: the requirements files of the context and the pip install
// command lines; known is false when none names it.
func (pl *plan) requirementSpec(name string) (spec string, known bool) {
	var reqs []requirement
	if ctx := pl.pass.Options.Context; ctx != nil {
		reqs = pythonRequirements(ctx)
	}
	var installs []rewrite.ToolCall
	for _, pip := range pipNames(pl.stage.BaseImage) {
		calls, _ := pl.stage.CallsOf(pip, "install")
		installs = append(installs, calls...)
	}
	for _, r := range append(reqs, pipArguments(installs)...) {
		if r.name == name {
			return r.version, true
		}
	}
	return "", false
}

// pythonSkipDirs hold no settings of the project: installed packages and
// bytecode.
var pythonSkipDirs = rewrite.WordSet(`node_modules venv __pycache__ site-packages`)

// databasesBlock are the lines of the DATABASES setting, from its
// assignment to the brace that closes it at the start of a line: other
// settings have NAME keys too (AUTH_PASSWORD_VALIDATORS).
func databasesBlock(lines []string) []string {
	for i, l := range lines {
		if key, _, ok := strings.Cut(l, "="); !ok || strings.TrimSpace(key) != "DATABASES" || strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "}") {
				return lines[i:j]
			}
		}
		return lines[i:]
	}
	return nil
}

// settingValue reads the value of a Django setting from one line: NAME =
// value at the top of a settings file, or 'NAME': value, inside a dict
// (the DATABASES entry).
func settingValue(l, name string) (string, bool) {
	if key, value, ok := strings.Cut(l, "="); ok && strings.TrimSpace(key) == name && !strings.HasPrefix(value, "=") {
		return strings.TrimSpace(value), true
	}
	for _, q := range []string{"'", `"`} {
		if value, ok := strings.CutPrefix(l, q+name+q); ok {
			if value, ok = strings.CutPrefix(strings.TrimSpace(value), ":"); ok {
				value = strings.TrimSpace(strings.SplitN(value, "#", 2)[0])
				return strings.TrimSpace(strings.TrimSuffix(value, ",")), true
			}
		}
	}
	return "", false
}

// staticRoot evaluates the value of a STATIC_ROOT setting of the forms
// Django projects write: "/srv/static", "staticfiles", BASE_DIR /
// "staticfiles", os.path.join(BASE_DIR, "static", "root").
func staticRoot(value, cwd, baseDir string) (string, bool) {
	literal := func(s string) (string, bool) {
		s = strings.TrimSpace(s)
		if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] && !strings.ContainsAny(s[1:len(s)-1], "\"'{}%\\") {
			return s[1 : len(s)-1], true
		}
		return "", false
	}
	value = strings.TrimSpace(strings.SplitN(value, "#", 2)[0])
	if inner, ok := strings.CutPrefix(value, "str("); ok && strings.HasSuffix(inner, ")") {
		value = strings.TrimSuffix(inner, ")") // str(BASE_DIR / "static")
	}
	if s, ok := literal(value); ok {
		return shell.Resolve(cwd, s), cwd != "" || path.IsAbs(s)
	}
	var parts []string
	if inner, ok := strings.CutPrefix(value, "os.path.join("); ok && strings.HasSuffix(inner, ")") {
		parts = strings.Split(strings.TrimSuffix(inner, ")"), ",")
	} else {
		parts = strings.Split(value, "/")
	}
	if len(parts) < 2 || strings.TrimSpace(parts[0]) != "BASE_DIR" {
		return "", false
	}
	dir := baseDir
	for _, part := range parts[1:] {
		s, ok := literal(part)
		if !ok || path.IsAbs(s) {
			return "", false
		}
		dir = path.Join(dir, s)
	}
	return dir, true
}

// adduserNonexistentHome tells whether the builder's adduser gives system
// users /nonexistent for a home: Debian's from bookworm (adduser 3.134;
// older ones made /home/NAME), on every release the builder's tag may
// stand for.
func adduserNonexistentHome(builder rewrite.Image) bool {
	if builder.Libc != rewrite.Glibc || builder.Family == "ubuntu" {
		return false
	}
	for _, r := range append(releasesUnsure(builder), builder.Release) {
		if r != "" && r != "bookworm" && r != "trixie" && r != "forky" {
			return false
		}
	}
	return true
}

// pybabelWrites reads Babel's command line, with which Flask-Babel
// projects compile their catalogs at build time: compile, update and init
// write below the catalog folder -d names (each locale's LC_MESSAGES),
// or to the one file -o names; extract writes the template -o names, or
// to its standard output (no write of its own). Other commands, and those
// without either option, are refused.
func pybabelWrites(c shell.Call, line int, this string) ([]runWrite, error) {
	command := ""
	if len(c.Args) > 1 {
		command = c.Args[1]
	}
	var dir, out string
	for j := 2; j < len(c.Args); j++ {
		a := c.Args[j]
		option, value, inline := strings.Cut(a, "=")
		if !inline && j+1 < len(c.Args) {
			value = c.Args[j+1]
		}
		if len(a) > 2 && (strings.HasPrefix(a, "-d") || strings.HasPrefix(a, "-o")) && a[2] != '=' {
			option, value = a[:2], a[2:] // -dtranslations, as optparse reads it
		}
		switch option {
		case "-d", "--directory":
			dir = value
		case "-o", "--output-file":
			out = value
		}
	}
	catalogs := command == "compile" || command == "update" || command == "init"
	switch {
	case (catalogs || command == "extract") && out != "":
		return []runWrite{{path: shell.Resolve(c.Dir, out), line: line, file: true, by: this + " (pybabel " + command + ")"}}, nil
	case catalogs && dir != "":
		return []runWrite{{path: shell.Resolve(c.Dir, dir), line: line, tree: true, by: this + " (pybabel " + command + ")"}}, nil
	case command == "extract":
		return nil, nil
	}
	return nil, rewrite.Skipf(line, "%s runs %s, whose effects on the image cannot be known", this, programWords(c))
}

// swagWrites reads swag init, which writes docs.go, swagger.json and
// swagger.yaml into its output folders (-o, --output, comma-separated;
// ./docs by default): the program may serve the last two from there.
func swagWrites(c shell.Call, line int, this string) ([]string, error) {
	if len(c.Args) < 2 || c.Args[1] != "init" {
		return nil, rewrite.Skipf(line, "%s runs %s, whose effects on the image cannot be known", this, programWords(c))
	}
	out := "docs"
	for j := 2; j < len(c.Args); j++ {
		a := c.Args[j]
		switch {
		case (a == "-o" || a == "--output") && j+1 < len(c.Args):
			out = c.Args[j+1]
		case strings.HasPrefix(a, "--output=") || strings.HasPrefix(a, "-o="):
			_, out, _ = strings.Cut(a, "=")
		}
	}
	var dirs []string
	for _, o := range strings.Split(out, ",") {
		dirs = append(dirs, shell.Resolve(c.Dir, o))
	}
	return dirs, nil
}
