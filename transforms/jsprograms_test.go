package transforms

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
)

func TestJSLoopValues(t *testing.T) {
	for _, tc := range []struct {
		src, name string
		want      []string
	}{
		{`for (const tool of ["git", 'ssh']) {}`, "tool", []string{`"git"`, `'ssh'`}},
		{"const steps = [\n  [\"git\", \"pull\"],\n  [\"make\"],\n];\nfor (const [cmd, ...args] of steps) {}", "cmd", []string{`"git"`, `"make"`}},
		{"for (let argv of [[`git`, x]]) {}", "argv", []string{"[`git`, x]"}},
		{`for (const tool of tools) {}`, "tool", nil},            // tools is declared nowhere
		{`for (const [k, v] of Object.entries(x)) {}`, "k", nil}, // a call
		{`for (const tool of ["git"]) {}`, "cmd", nil},           // another name
	} {
		if got := jsLoopValues(tc.src, tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("jsLoopValues(%q, %q) = %q, want %q", tc.src, tc.name, got, tc.want)
		}
	}
}

func TestTemplateCommand(t *testing.T) {
	for _, tc := range []struct {
		src, want string
		ok        bool
	}{
		{"git log -1` + rest", "git log -1", true},
		{"git rev-parse ${ref}`;", `git rev-parse "$v"`, true},
		{"${bin} --version`", `"$v" --version`, true},
		// An object literal inside the interpolation, and an escaped backquote.
		{"echo ${fmt({a: 1})} \\` done`", `echo "$v" ` + "`" + ` done`, true},
		{"git status", "", false},
		{"git ${unclosed", "", false},
	} {
		got, ok := templateCommand(tc.src)
		if got != tc.want || ok != tc.ok {
			t.Errorf("templateCommand(%q) = %q, %v; want %q, %v", tc.src, got, ok, tc.want, tc.ok)
		}
	}
}

func TestJSDeclaredOnce(t *testing.T) {
	for _, tc := range []struct {
		src, name, want string
		ok              bool
	}{
		{"const cmd = `git log ${ref}`;\nexecSync(cmd);", "cmd", " `git log", true},
		{"let bin = 'curl'\nif (bin === 'curl') spawn(bin, [])", "bin", " 'curl'", true},
		{"let cmd = 'a';\ncmd = 'b';", "cmd", "", false},
		{"let cmd = 'a';\ncmd += ' -v';", "cmd", " 'a'", true},
		{"let cmd = 'a';\ncmd ??= 'b';", "cmd", "", false},
		{"const cmd = 'a';\nfunction f() { const cmd = 'b'; }", "cmd", "", false},
		{"const mycmd = 'a'; const cmd2 = 'b';", "cmd", "", false},
		{"const f = (cmd) => exec(cmd);", "cmd", "", false},
		{"const GIT = process.env.GIT_BIN || 'git';", "GIT", "'git'", true},
		{"const GIT = process.env['GIT'] ?? \"git\";", "GIT", `"git"`, true},
		{"const GIT = process.env.GIT;", "GIT", " process.env.GIT", true},
	} {
		got, ok := jsDeclaredOnce(tc.src, tc.name)
		if ok != tc.ok || ok && !strings.HasPrefix(got, tc.want) {
			t.Errorf("jsDeclaredOnce(%q, %s) = %q, %v; want %q, %v", tc.src, tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestJSNamedPrograms(t *testing.T) {
	src := "const line = \"git is fun\";\nconst re = /x/;\nre.exec(line);\n" +
		"const cmd = `curl -s ${u} | tar -x`;\ncp.exec(cmd);\n" +
		"let bin = 'ffmpeg';\nspawn(bin, ['-i', f]);\n" +
		"let tool = 'a';\ntool = 'b';\nspawn(tool);\n" +
		"const v = `git describe`;\nrequire(\"child_process\").execSync(v);\n" +
		"import * as child from \"node:child_process\";\nconst w = 'curl -sI x';\nchild.exec(w);\n" +
		"const execa = {};\nconst u = 'ssh host';\nexeca.exec(u);\n" +
		"function a() { const job = 'xz -d a'; cp.exec(job); }\nfunction b() { const job = 'zstd -d b'; cp.exec(job); }\n"
	var got []string
	for _, e := range jsNamedPrograms("x.js", src, nil) {
		got = append(got, e.Name)
	}
	if want := []string{"curl", "tar", "ffmpeg", "git", "curl", "xz", "zstd"}; !slices.Equal(got, want) {
		t.Errorf("jsNamedPrograms = %q, want %q", got, want)
	}
}

func TestJSFactsPrograms(t *testing.T) {
	src := "import { $ } from 'execa';\n" +
		"const { exec, spawn, execFile } = require('child_process');\n" +
		"const shell = require('shelljs');\n" +
		"await $({ cwd: dir })`git pull`;\n" +
		"exec(`convert ${a} ${b}`);\n" +
		"spawn('sh', ['-c', 'curl -s x | tar -x']);\n" +
		"execFile('rsync', ['-a', a, b]);\n" +
		"shell.exec('zip -r out.zip .');\n" +
		"db.exec('CREATE TABLE t (x)');\n" +
		"/x/.exec(line);\n" +
		"const execAsync = util.promisify(exec);\nawait execAsync(`ssh ${host} uptime`);\n" +
		"spawn(process.env.PATCH_BIN || 'patch', ['-p1']);\nexec(process.env[\"UNPACK\"] ?? \"unzip -o a.zip\");\n" +
		"cache.exec(process.env.X || 'nope');\n"
	ctx, err := buildctx.NewDir(fstest.MapFS{"index.mjs": {Data: []byte(src)}}, "ctx").Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range jsFacts(ctx).programs {
		got = append(got, e.Name)
	}
	slices.Sort(got)
	want := []string{"convert", "curl", "git", "patch", "rsync", "sh", "ssh", "tar", "unzip", "zip"}
	if !slices.Equal(got, want) {
		t.Errorf("jsFacts programs = %q, want %q", got, want)
	}
}

func TestJSFactsTemplatesOnlyWhereTagged(t *testing.T) {
	// zxcvbn is not zx: a template that ends in $ is not a command.
	src := "import zxcvbn from 'zxcvbn';\nconst price = `Total: $`\n  + `git is not run here`;\n"
	ctx, err := buildctx.NewDir(fstest.MapFS{"a.js": {Data: []byte(src)}}, "ctx").Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := jsFacts(ctx).programs; len(got) != 0 {
		t.Errorf("jsFacts programs = %v, want none", got)
	}
}

// TestJSWrappers: functions that hand a parameter on to child_process,
// and the programs their calls name, in their file and in a file that
// imports them.
func TestJSWrappers(t *testing.T) {
	lib := `const { execSync, spawn } = require("child_process");
function sh(cmd) {
  return execSync(cmd, { encoding: "utf8" }).trim();
}
const run = (bin, args) => new Promise((resolve) => {
  spawn(bin, args, { stdio: "inherit" }).on("exit", resolve);
});
const quiet = async cmd => execSync(cmd, { stdio: "ignore" });
function notAWrapper(name) { return execSync("ls " + other); }
class Repo {
  async git(args) {
    if (args) {
      return execSync(args);
    }
  }
  pull() { return this.git("git pull --ff-only"); }
}
function step(title, cmd, opts = {}) {
  return execSync(cmd, opts);
}
class Shell {
  exec(line) { return execSync(line).toString(); }
}
sh("git rev-parse --short HEAD");
run("convert", ["a.png", "b.jpg"]);
run("magick convert a.png", []);
quiet(` + "`curl -fsS ${url}`" + `);
notAWrapper("rsync");
step("Pulling, then tagging", "hg pull", { cwd: "/srv" });
module.exports = { sh, run, Shell };
`
	app := `const { sh } = require("./lib/shell");
sh("ssh-keyscan github.com >> known_hosts");
import {
  quiet,
} from "./lib/shell";
quiet("wget -q https://example.com/x");
run("zip"); // not imported: another run
const { Shell } = require("./lib/shell");
const shell = new Shell();
shell.exec("unzip -o x.zip");
db.exec("tar is not run: a method of something else");
class Deployer {
  constructor() { this.sh = new Shell(); }
  pull() { return this.sh.exec("rsync -a src/ dst/"); }
}
`
	var wrappers []jsWrapper
	wrappers = append(wrappers, jsWrappers("lib/shell.js", lib)...)
	var names []string
	for _, w := range wrappers {
		names = append(names, w.name)
	}
	if want := []string{"sh", "run", "quiet", "git", "step", "exec"}; !slices.Equal(names, want) {
		t.Errorf("wrappers = %q, want %q", names, want)
	}
	var got []string
	for _, file := range []struct{ name, src string }{{"lib/shell.js", lib}, {"app.js", app}} {
		for _, w := range wrappers {
			for _, e := range w.programs(file.name, file.src) {
				got = append(got, e.Name)
			}
		}
	}
	// step's command comes second; Shell's exec is called on an instance.
	if want := []string{"git", "convert", "curl", "git", "hg", "ssh-keyscan", "wget", "unzip", "rsync"}; !slices.Equal(got, want) {
		t.Errorf("programs = %q, want %q", got, want)
	}
}

func TestJSUnalias(t *testing.T) {
	src := `import { exec as execCb, spawn } from "node:child_process";
const { execSync: run, execFile } = require("child_process");
execCb("git pull");
run("curl -fsS x");
obj.run("not a call of child_process's");
runner("x");
`
	want := `import { exec as execCb, spawn } from "node:child_process";
const { execSync: run, execFile } = require("child_process");
exec("git pull");
execSync("curl -fsS x");
obj.run("not a call of child_process's");
runner("x");
`
	if got := jsUnalias(src); got != want {
		t.Errorf("jsUnalias = %q, want %q", got, want)
	}
}

// TestJSTemplateCommands: a template's leading ${NAME} is the plain
// string the file declares NAME once, and ${obj.name} each string the
// sources give the property.
func TestJSTemplateCommands(t *testing.T) {
	const src = "const GIT = process.env.GIT_BIN || \"git\";\nlet tool = 'convert';\ntool = 'magick';\nconst FMT = `${x}`;\n"
	properties := func(name string) []string {
		return map[string][]string{"gitBin": {"git", "/usr/bin/git"}}[name]
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"${GIT} -C ${dir} pull` rest", []string{`git -C "$v" pull`}},
		{"${tool} in.png out.png`", []string{`"$v" in.png out.png`}}, // assigned again
		{"${FMT} x`", []string{`"$v" x`}},                            // a template
		{"git ${GIT}`", []string{`git "$v"`}},
		{"${config.gitBin} fetch`", []string{"git fetch", "/usr/bin/git fetch"}},
		{"${config.other} fetch`", []string{`"$v" fetch`}},
	} {
		if got, ok := jsTemplateCommands(src, tc.text, properties); !ok || !slices.Equal(got, tc.want) {
			t.Errorf("jsTemplateCommands(%q) = %q, %v, want %q", tc.text, got, ok, tc.want)
		}
	}
}

// TestJSPropertyValues: the strings object literals and exported
// constants give a property, with an environment lookup's default.
func TestJSPropertyValues(t *testing.T) {
	sources := []sourceFile{
		{"src/config.js", `module.exports = {
  gitBin: process.env.GIT_BIN || "git",
  "convert": 'convert',
  shell: "bash -lc",
  win: "C:\\ffmpeg\\ffmpeg.exe",
  port: Number(process.env.PORT || 3000),
};`},
		{"src/tools.mjs", `export const rsync = process.env["RSYNC"] ?? "rsync";
const other = { gitBin: "/usr/bin/git", mygitBin: "nope" };`},
	}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"gitBin", []string{"git", "/usr/bin/git"}},
		{"convert", []string{"convert"}},
		{"rsync", []string{"rsync"}},
		{"shell", nil}, // a command line, not a program
		{"win", nil},
		{"port", nil},
	} {
		if diff := cmp.Diff(tc.want, jsPropertyValues(sources, tc.name)); diff != "" {
			t.Errorf("jsPropertyValues(%q) (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestJSNamedTemplateHead: a name holding a template whose head is a
// property runs what the property holds.
func TestJSNamedTemplateHead(t *testing.T) {
	src := "const cp = require('child_process');\nconst job = `${cfg.rsyncBin} -a ${a} ${b}`;\ncp.exec(job);\n"
	properties := func(name string) []string { return map[string][]string{"rsyncBin": {"rsync"}}[name] }
	var got []string
	for _, e := range jsNamedPrograms("x.js", src, properties) {
		got = append(got, e.Name)
	}
	if want := []string{"rsync"}; !slices.Equal(got, want) {
		t.Errorf("jsNamedPrograms = %q, want %q", got, want)
	}
}
