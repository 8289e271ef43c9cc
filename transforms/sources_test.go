package transforms

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
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
		got := rustChainWords(tc.src[:at[0]], tc.src[at[3]:], isRunner(tc.src[at[2]:at[3]]))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("rustChainWords(%q) (-want +got):\n%s", tc.src, diff)
		}
	}
}
