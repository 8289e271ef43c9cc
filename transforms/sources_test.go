package transforms

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestCompiledPrograms(t *testing.T) {
	fsys := fstest.MapFS{
		"src/main.rs": {Data: []byte(`fn sync(dir: &str) {
    Command::new("sh").arg("-c").arg(format!("git -C {} pull", dir)).status();
    Command::new("bash").args(["-c", "curl -s http://x | tar -x"]).status();
    Command::new("ffmpeg").arg("-i");
    Command::new(RSYNC).arg("-a");
}
const RSYNC: &str = "rsync";`)},
		"src/A.java": {Data: []byte(`class A { void f(String d) throws Exception {
  new ProcessBuilder("bash", "-c", String.format("git -C %s pull", d)).start();
  new ProcessBuilder("sh", "-c").start();
  Runtime.getRuntime().exec("convert a.png b.jpg");
  Runtime.getRuntime().exec(new String[] {"rsync", "-a", d, "/backup"});
  new ProcessBuilder(GIT, "fetch").start();
}
private static final String GIT = "git";
}`)},
	}
	ctx, err := buildctx.NewDir(fsys, "ctx").Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][]string{
		".rs":   {"sh", "git", "bash", "curl", "tar", "ffmpeg", "rsync"},
		".java": {"bash", "git", "sh", "convert", "rsync", "git"},
	} {
		var got []string
		for _, e := range compiledPrograms(ctx, lang) {
			got = append(got, e.Name)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("compiledPrograms(%s) (-want +got):\n%s", lang, diff)
		}
	}
}

func TestCSharpShellScripts(t *testing.T) {
	src := `var psi = new ProcessStartInfo {
    FileName = "/bin/bash",
    Arguments = $"-c \"git -C {repo} pull && curl -s {url}\"",
};
Process.Start("sh", "-c \"rsync -a /a /b\"");
Process.Start("ffmpeg", "-i in.mp4 out.webm");
`
	ctx, err := buildctx.NewDir(fstest.MapFS{"Sync.cs": {Data: []byte(src)}}, "ctx").Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range csFacts(ctx).programs {
		got = append(got, e.Name)
	}
	if diff := cmp.Diff([]string{"/bin/bash", "sh", "ffmpeg", "git", "curl", "rsync"}, got); diff != "" {
		t.Errorf("csFacts programs (-want +got):\n%s", diff)
	}
}

// TestRustChainWords: the words a Rust Command is given by chained .arg
// and .args calls, literal as far as they go, and a runner's computed
// words as unknown ones.
func TestRustChainWords(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{`Command::new("timeout").args(["5s", "git", "-C"]).arg(dir).output()`, []string{"5s", "git", "-C", ""}},
		{`Command::new("timeout").arg(self.secs.to_string()).arg("bash").arg("-c").arg(format!("ulimit -v {} && exec {}", a, b))`, []string{"", "bash", "-c", ""}},
		{`Command::new("timeout").args(&["-s", "KILL", "90"]).arg(cc)`, []string{"-s", "KILL", "90", ""}},
		{`Command::new("timeout").args(vec!["1s", "bash",]).arg(root.join("start.sh"))`, []string{"1s", "bash", ""}},
		{"let mut command = Command::new(\"timeout\");\n    command\n        .args([\"30\", \"ffmpeg\"])", []string{"30", "ffmpeg"}},
		{`Command::new(r#"nice"#).args(["-n", "10", "rsync"])`, []string{"-n", "10", "rsync"}},
		// Not a runner: the words end at the first computed one.
		{`Command::new("git").arg("-C").arg(&repo).arg("pull")`, []string{"-C"}},
		// A list the code computes, a call between, another binding.
		{`Command::new("timeout").args(&args).arg("git")`, nil},
		{`Command::new("timeout").current_dir(d).args(["5", "git"])`, nil},
		{"let mut cmd = Command::new(\"timeout\");\n    cmd2.args([\"5\", \"git\"])", nil},
		{`Command::new("timeout").args(["5", GIT, "pull"])`, []string{"5", "", "pull"}},
	} {
		at := compiledPatterns()[".rs"].FindStringSubmatchIndex(tc.src)
		after, _ := rustAfterLiteral(tc.src[at[3]:])
		got := rustChainWords(tc.src[:at[0]], after, shell.IsRunner(tc.src[at[2]:at[3]]))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("rustChainWords(%q) (-want +got):\n%s", tc.src, diff)
		}
	}
}

// TestRustLocalPrograms: a Command started with a binding or a function
// whose value falls back to a string.
func TestRustLocalPrograms(t *testing.T) {
	src := `fn git_bin() -> String {
    std::env::var("GIT_BIN").unwrap_or_else(|_| "git".to_string())
}

fn probe(url: &str) {
    let ffmpeg = std::env::var("FFMPEG_PATH").unwrap_or_else(|_| "ffmpeg".into());
    Command::new(&ffmpeg).arg("-version").status();
    Command::new(git_bin()).args(["ls-remote", url]).status();
    let curl = String::from("curl");
    Command::new(curl).arg(url).status();
    let shell = if cfg!(windows) { "cmd" } else { "sh" };
    Command::new(shell).status();
    let win = std::env::var("X").unwrap_or_else(|_| "C:\\x.exe".into());
    Command::new(win).status();
    let wrapper = std::env::var("WRAP").unwrap_or_else(|_| "timeout".into());
    Command::new(&wrapper).args(["5", "ssh", url]).status();
}
`
	var got []string
	for _, e := range rustLocalPrograms("src/main.rs", src) {
		got = append(got, strings.Join(append([]string{e.Name}, e.Args...), " "))
	}
	want := []string{"ffmpeg -version", "git ls-remote", "curl", "timeout 5 ssh "} // url: a word the code computes
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rustLocalPrograms (-want +got):\n%s", diff)
	}
}

// TestNamedFromEnvironment: a name given the environment's value with a
// default names the default program, in C#, Java and Kotlin.
func TestNamedFromEnvironment(t *testing.T) {
	for _, tc := range []struct {
		lang, src string
		want      []string
	}{
		{".cs", `class T {
    private readonly string _ffmpegPath;
    public T() { _ffmpegPath = Environment.GetEnvironmentVariable("FFMPEG_PATH") ?? "ffmpeg"; }
    void Run() {
        var git = System.Environment.GetEnvironmentVariable("GIT_BIN") ?? "git";
        Process.Start(git, "pull");
        var psi = new ProcessStartInfo { FileName = _ffmpegPath, Arguments = "-version" };
    }
}`, []string{"git", "ffmpeg"}},
		{".java", `class T { void run() throws Exception {
    String git = System.getenv().getOrDefault("GIT_BIN", "git");
    new ProcessBuilder(git, "pull").start();
}}`, []string{"git"}},
		{".java", `fun run(url: String) {
    val curl = System.getenv("CURL_BIN") ?: "curl"
    ProcessBuilder(curl, "-fsS", url).start()
}`, []string{"curl"}},
	} {
		var got []string
		for _, e := range compiledNamedPrograms(tc.lang, "T"+tc.lang, tc.src) {
			got = append(got, e.Name)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("compiledNamedPrograms(%s) (-want +got):\n%s", tc.lang, diff)
		}
	}
}

func TestLoadsLibraryByName(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // the name found, "" for none
	}{
		{`sodium = ctypes.CDLL("libsodium.so")`, "libsodium.so"},
		{`lib = cdll.LoadLibrary('libcrypto.so')`, "libcrypto.so"},
		{`lib = ffi.dlopen("/usr/lib/x86_64-linux-gnu/libvips.so")`, "/usr/lib/x86_64-linux-gnu/libvips.so"},
		{`g = ctypes.CDLL(os.path.expanduser("~/gate0/libgate0.so"))`, ""}, // not a literal
		{`lib = ctypes.CDLL("libsodium.so.23")`, ""},                       // the soname a library package ships
		{`lib = ctypes.CDLL(ctypes.util.find_library("sodium"))`, ""},      // find_library gives the soname
		{`const sodium = ffi.Library('libsodium', { sodium_init: ['int', []] })`, "libsodium"},
		{`const lib = ffi.Library("libsodium.so.23", {})`, ""},
		{`const lib = koffi.load('./build/libmath.so')`, "./build/libmath.so"},
		{`const libc = koffi.load('libc.so.6')`, ""},
		{`k = ctypes.WinDLL("kernel32.dll")`, ""},
		{`lib, err := purego.Dlopen("libsodium.so", purego.RTLD_NOW)`, "libsodium.so"},
		{`libc, err := purego.Dlopen("libc.so.6", purego.RTLD_NOW)`, ""},
		{`let lib = unsafe { libloading::Library::new("libvips.so")? };`, "libvips.so"},
		{`let lib = unsafe { Library::new("libsodium.so.23") }?;`, ""},
	} {
		var f scriptFacts
		f.loadsLibrary("app", tc.src)
		got := ""
		if f.loadsByName != "" {
			got = strings.TrimSuffix(strings.TrimPrefix(f.loadsByName, "app opens "), " by its unversioned name")
		}
		if got != tc.want {
			t.Errorf("loadsLibrary(%q) found %q, want %q", tc.src, got, tc.want)
		}
	}
}
