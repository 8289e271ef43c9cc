package transforms

import (
	"slices"
	"strings"
	"testing"
)

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

func TestFstringCommand(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"git -C {REPO} pull", `git -C "$v" pull`},
		{"{tool} --version", `"$v" --version`},
		{"echo {{literal}} {x!r:>10}", `echo {literal} "$v"`},
		{"no fields", "no fields"},
		{"broken {x", `broken "$v"`},
	} {
		if got := fstringCommand(tc.text); got != tc.want {
			t.Errorf("fstringCommand(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestPyAssignedOnce(t *testing.T) {
	for _, tc := range []struct {
		src, name, want string
		ok              bool
	}{
		{"cmd = [\"git\", \"pull\"]\nsubprocess.run(cmd)\n", "cmd", ` ["git", "pull"]`, true},
		{"def f():\n    cmd = 'ls'\n    if cmd == 'ls':\n        pass\n", "cmd", " 'ls'", true},
		{"cmd = ['git']\ncmd += ['pull']\n", "cmd", "", false},
		{"cmd = 'a'\ndef g():\n    cmd = 'b'\n", "cmd", "", false},
		{"mycmd = 'a'\ncmdline = 'b'\n", "cmd", "", false},
	} {
		got, ok := pyAssignedOnce(tc.src, tc.name)
		if ok != tc.ok || ok && !strings.HasPrefix(got, tc.want) {
			t.Errorf("pyAssignedOnce(%q, %s) = %q, %v; want %q, %v", tc.src, tc.name, got, ok, tc.want, tc.ok)
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
		{"let cmd = 'a';\ncmd += ' -v';", "cmd", "", false},
		{"const cmd = 'a';\nfunction f() { const cmd = 'b'; }", "cmd", "", false},
		{"const mycmd = 'a'; const cmd2 = 'b';", "cmd", "", false},
		{"const f = (cmd) => exec(cmd);", "cmd", "", false},
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
		"const v = `git describe`;\nrequire(\"child_process\").execSync(v);\n"
	var got []string
	for _, e := range jsNamedPrograms("x.js", src) {
		got = append(got, e.Name)
	}
	if want := []string{"curl", "tar", "ffmpeg", "git"}; !slices.Equal(got, want) {
		t.Errorf("jsNamedPrograms = %q, want %q", got, want)
	}
}

func TestPyQualifySubprocess(t *testing.T) {
	src := "from subprocess import run, check_output as co\nrun(['git', 'pull'])\nout = co('ls', shell=True)\nasyncio.run(main())\nrunner(x)\n"
	want := "from subprocess import run, check_output as co\nsubprocess.run(['git', 'pull'])\nout = subprocess.check_output('ls', shell=True)\nasyncio.run(main())\nrunner(x)\n"
	if got := pyQualifySubprocess(src); got != want {
		t.Errorf("pyQualifySubprocess = %q, want %q", got, want)
	}
}
