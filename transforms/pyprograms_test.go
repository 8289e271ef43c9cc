package transforms

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
)

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
		{"cmd = ['git']\ncmd += ['pull']\n", "cmd", " ['git']", true},
		{"cmd = 'a'\ndef g():\n    cmd = 'b'\n", "cmd", "", false},
		{"mycmd = 'a'\ncmdline = 'b'\n", "cmd", "", false},
		{"GIT = os.environ.get(\"GIT_BIN\", \"git\")\n", "GIT", `"git")`, true},
		{"GIT = os.getenv('GIT') or 'git'\n", "GIT", `'git'`, true},
		{"GIT = os.getenv('GIT')\n", "GIT", " os.getenv(", true},
	} {
		got, ok := pyAssignedOnce(tc.src, tc.name)
		if ok != tc.ok || ok && !strings.HasPrefix(got, tc.want) {
			t.Errorf("pyAssignedOnce(%q, %s) = %q, %v; want %q, %v", tc.src, tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPyLoopValues(t *testing.T) {
	for _, tc := range []struct {
		src, name string
		want      []string
	}{
		{"for tool in (\"ffmpeg\", \"ffprobe\"):\n    shutil.which(tool)\n", "tool", []string{`"ffmpeg"`, `"ffprobe"`}},
		{"    for cmd in [\n        [\"git\", \"fetch\"],\n        ['git', 'gc'],\n    ]:\n", "cmd", []string{`["git", "fetch"]`, `['git', 'gc']`}},
		{"TOOLS = [\"git\", \"ssh\"]\nfor t in TOOLS:\n    pass\n", "t", []string{`"git"`, `"ssh"`}},
		{"async for line in proc.stdout:\n", "line", nil},
		{"for t in tools:\n", "t", nil},       // tools is given nothing
		{"for t in sorted(x):\n", "t", nil},   // a call
		{"for tool in ('a',):\n", "cmd", nil}, // another name
	} {
		if got := pyLoopValues(tc.src, tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("pyLoopValues(%q, %q) = %q, want %q", tc.src, tc.name, got, tc.want)
		}
	}
}

func TestPyQualifyRunners(t *testing.T) {
	src := "from subprocess import run, check_output as co\nfrom os import system, path\nimport shutil as sh\nrun(['git', 'pull'])\nout = co('ls', shell=True)\nasyncio.run(main())\nrunner(x)\nsystem('curl x')\npath('x')\nsh.which('git')\nx.sh.y\n"
	want := "from subprocess import run, check_output as co\nfrom os import system, path\nimport shutil as sh\nsubprocess.run(['git', 'pull'])\nout = subprocess.check_output('ls', shell=True)\nasyncio.run(main())\nrunner(x)\nos.system('curl x')\npath('x')\nshutil.which('git')\nx.sh.y\n"
	if got := pyQualifyRunners(src); got != want {
		t.Errorf("pyQualifyRunners = %q, want %q", got, want)
	}
}

func TestPlumbumPrograms(t *testing.T) {
	src := "from plumbum.cmd import git, ssh_keygen, curl as fetch\nfrom plumbum import local\nconvert = local[\"convert\"]\n"
	var got []string
	for _, e := range plumbumPrograms("x.py", src) {
		got = append(got, e.Name)
	}
	if want := "git curl convert"; strings.Join(got, " ") != want {
		t.Errorf("plumbumPrograms = %q, want %q", got, want)
	}
}

func TestPyFactsPrograms(t *testing.T) {
	src := `import asyncio, os, subprocess
from subprocess import check_output as co

subprocess.run(["git", "pull"])
subprocess.run(["bash", "-c", f"cd {d} && curl -s {u}"])
subprocess.run(f"rsync -a {a} {b}", shell=True)
subprocess.run(f"{tool} --version")
os.system("zip -r out.zip .")
co(["ssh", "host"])
cmd = (
    f"convert {src} "
    f"-resize 640x {dst}"
)
subprocess.run(cmd, shell=True)
args = ("identify", src)
subprocess.call(args)
asyncio.create_subprocess_shell("unzip a.zip")
FFMPEG = "ffmpeg"
subprocess.run([FFMPEG, "-i", src, dst])
subprocess.Popen(shlex.split(f"wget -q {url}"))
subprocess.run(args=["jq", ".x"], check=True)
subprocess.Popen(args=shlex.split(f"tar xf {a}"))
unpack = ["xz", "-d", path]
subprocess.check_call(args=unpack)
ZSTD = "zstd"
decompress = [ZSTD, "-d", path]
subprocess.run(decompress)
class Tools:
    lz: str = "lz4"
lz_cmd = (tools.lz, "-d", path)
subprocess.run(lz_cmd)
def a(x):
    job = ["bzip2", "-d", x]
    subprocess.run(job)
def b(x):
    job = ["gzip", "-d", x]
    subprocess.run(job)
subprocess.run([os.environ.get("PATCH_BIN", "patch"), "-p1"])
subprocess.check_call((os.getenv("FILE_BIN") or "file", path))
`
	ctx, err := buildctx.NewDir(fstest.MapFS{"app.py": {Data: []byte(src)}}, "ctx").Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range pyFacts(ctx).programs {
		got = append(got, e.Name)
	}
	slices.Sort(got)
	want := []string{"bash", "bzip2", "convert", "curl", "ffmpeg", "file", "git", "gzip", "identify", "jq", "lz4", "patch", "rsync", "ssh", "tar", "unzip", "wget", "xz", "zip", "zstd"}
	if !slices.Equal(got, want) {
		t.Errorf("pyFacts programs = %q, want %q", got, want)
	}
}

// TestPyWrappers: functions that hand a parameter on to subprocess or
// os.system, and the programs their calls name, in their module and in
// modules that import them or call them through it.
func TestPyWrappers(t *testing.T) {
	utils := `import os
import shlex
import subprocess


def sh(cmd):
    """Runs cmd in a shell and returns its output."""
    return subprocess.check_output(cmd, shell=True, text=True).strip()


def run(*args, cwd=None):
    subprocess.run(args, check=True, cwd=cwd)


def split_run(command: str) -> int:
    return subprocess.call(shlex.split(command))


def system(line):

    # a blank line and a comment first
    os.system(line)


def not_a_wrapper(name):
    return subprocess.run(["ls", other])


def step(description, command, cwd=None):
    return subprocess.run(command, shell=True, cwd=cwd)


def call(*args, argv=None):
    return subprocess.run(argv)


class Repo:
    def git(self, args):
        return subprocess.run(["git"] + args)

    def _sh(self, script):
        subprocess.run(script, shell=True, check=True)

    def pull(self):
        self._sh("git pull --ff-only && make")


sh("git describe --tags")
run("convert", "a.png", "b.jpg")
run("magick convert a.png b.jpg")
run(["identify", "a.png"])
split_run(f"rsync -a {src} {dst}")
not_a_wrapper("zip")
step("Pulling, then tagging", "git pull && git tag -f 'deployed, now'")
step(description="notify", command="curl -fsS http://x")
step("jq", cwd="/srv")
call("ssh", argv=["scp", "a", "b:"])
`
	app := `from utils import sh, system
import utils

print(sh("curl -fsS https://example.com"))
system("wget -q https://example.com/x")
utils.run("ffmpeg", "-i", "in.mp4")
run("unzip")  # another run: not imported
repo = utils.Repo()
repo._sh("hg pull -u")
other._sh("svn up")  # a method of something else
`
	wrappers := pyWrappers("app/utils.py", utils)
	var names []string
	for _, w := range wrappers {
		names = append(names, w.name)
	}
	if want := []string{"sh", "run", "split_run", "system", "step", "call", "_sh"}; !slices.Equal(names, want) {
		t.Errorf("wrappers = %q, want %q", names, want)
	}
	var got []string
	for _, file := range []struct{ name, src string }{{"app/utils.py", utils}, {"app/main.py", app}} {
		for _, w := range wrappers {
			for _, e := range w.programs(file.name, file.src) {
				got = append(got, e.Name)
			}
		}
	}
	// step's command comes second, or by keyword; call's argv only by
	// keyword (after *args); step("jq", cwd=...) gives no command.
	if want := []string{"git", "convert", "identify", "rsync", "git", "git", "curl", "scp", "git", "make", "curl", "ffmpeg", "wget", "hg"}; !slices.Equal(got, want) {
		t.Errorf("programs = %q, want %q", got, want)
	}
}

// TestPyFormattedCommands: an f-string's leading {NAME} is each plain
// string the file gives NAME.
func TestPyFormattedCommands(t *testing.T) {
	const src = `import os
GIT = os.environ.get("GIT_BIN", "git")
ffmpeg = "ffmpeg"
if os.path.exists("/system/build.prop"):
    ffmpeg = "./ffmpeg"
elif os.name == "nt":
    ffmpeg = r"C:\tools\ffmpeg.exe"
tool = shutil.which("convert")
class Settings:
    git_bin = "git"
`
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"{GIT} pull --ff-only", []string{"git pull --ff-only"}},
		{"{ffmpeg} -i {src} {dst}", []string{`ffmpeg -i "$v" "$v"`, `./ffmpeg -i "$v" "$v"`}},
		{"{tool} in.png out.png", []string{`"$v" in.png out.png`}},
		{"{missing} x", []string{`"$v" x`}},
		{"git -C {GIT} pull", []string{`git -C "$v" pull`}},
		{"{GIT.upper()} x", []string{`"$v" x`}},
		{"{settings.git_bin} -C {repo} pull", []string{`git -C "$v" pull`}},
	} {
		programs := func(ref string) []string {
			if i := strings.LastIndexByte(ref, '.'); i >= 0 {
				ref = ref[i+1:] // as pyFacts reads an attribute: by its name
			}
			var out []string
			for _, value := range pyAssignments(src, ref, 8) {
				if text, ok := pyStringText(strings.TrimLeft(value, " \t")); ok {
					out = append(out, text)
				}
			}
			return out
		}
		if got := pyFormattedCommands(tc.text, programs); !slices.Equal(got, tc.want) {
			t.Errorf("pyFormattedCommands(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestPyAttributeDefaults: the strings argparse options and settings
// fields give an attribute by default.
func TestPyAttributeDefaults(t *testing.T) {
	src := `parser.add_argument("--ffmpeg", default="ffmpeg", help="FFmpeg (default: ffmpeg)")
parser.add_argument("-g", "--git-bin", default='git')
ap.add_argument("--tool", dest="unpack", default="unzip")
ap.add_argument("-c", default="convert")
ap.add_argument("--interval", type=int, default=600)
ap.add_argument("--shell", default="bash -lc")
ap.add_argument("--win", default=r"C:\\tools\\x.exe")

class Settings(BaseSettings):
    rsync_path: str = "rsync"
    curl: str = Field(default="curl", description="HTTP client")
    ssh: Annotated[str, Field(default="ssh", description="ssh client")]
    jq: str | None = Field("jq")
    timeout: int = 30
`
	got := pyAttributeDefaults([]sourceFile{{"app.py", src}})
	want := map[string][]string{
		"ffmpeg": {"ffmpeg"}, "git_bin": {"git"}, "unpack": {"unzip"}, "c": {"convert"},
		"rsync_path": {"rsync"}, "curl": {"curl"}, "ssh": {"ssh"}, "jq": {"jq"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pyAttributeDefaults (-want +got):\n%s", diff)
	}
}
