package transforms

import (
	"maps"
	"slices"
	"testing"
)

// TestCompiledWrapperPrograms: functions of Rust, Java, Kotlin and C#
// that hand a parameter on as the program, and the programs their calls
// name, in their file and in others.
func TestCompiledWrapperPrograms(t *testing.T) {
	for _, tc := range []struct {
		lang    string
		sources map[string]string
		want    []string
	}{
		{".rs", map[string]string{
			"src/sh.rs": `use std::process::Command;
pub fn run<'a>(program: &'a str, args: &[&str]) -> std::io::Result<()> {
    Command::new(program).args(args).status()?;
    Ok(())
}
fn helper(dir: &str) { let tool = other(); Command::new(tool).status(); }
pub fn sh(script: &str) { Command::new("sh").arg("-c").arg(script).status().unwrap(); }
`,
			"src/main.rs": `mod sh;
fn main() {
    sh::run("git", &["pull"]).unwrap();
    sh::run(&format!("{}", x), &[]).unwrap();
    helper("zip");
    sh::sh(&format!("curl -fsS {} | tar -x", url));
}
`}, []string{"git", "curl", "tar"}},
		{".java", map[string]string{
			"src/main/java/app/Shell.java": `package app;
public final class Shell {
    public static String exec(String dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(new File(dir)).start();
        return new String(p.getInputStream().readAllBytes());
    }
    static void legacy(String line) throws Exception { Runtime.getRuntime().exec(line); }
    static int sh(String script) throws Exception {
        return new ProcessBuilder("bash", "-c", script).inheritIO().start().waitFor();
    }
}
`,
			"src/main/java/app/Main.java": `package app;
public class Main {
    public static void main(String[] args) throws Exception {
        System.out.println(Shell.exec("/srv", "git", "describe", "--tags"));
        Shell.legacy("convert a.png b.jpg");
        Shell.sh("cd /srv && git pull --ff-only");
        Shell.sh(String.format("rsync -a %s /backup", dir));
        if (args.length > 0) { Shell.exec(args[0], args); }
    }
}
`}, []string{"git", "convert", "git", "rsync"}},
		{".java", map[string]string{
			"src/main/kotlin/Sync.kt": `fun run(vararg cmd: String): Int = ProcessBuilder(*cmd).inheritIO().start().waitFor()
fun main() { run("rsync", "-a", "/data", "/backup") }
`}, []string{"rsync"}},
		{".cs", map[string]string{
			"Tools.cs": `static class Tools {
    public static string Run(string fileName, string arguments = "") {
        var psi = new ProcessStartInfo { FileName = fileName, Arguments = arguments };
        using var p = Process.Start(psi);
        return p.StandardOutput.ReadToEnd();
    }
}
`,
			"Program.cs": `var version = Tools.Run("git", "describe --tags");
Tools.Run(@"ffmpeg", "-version");
`}, []string{"git", "ffmpeg"}},
	} {
		var sources []sourceFile
		for _, p := range slices.Sorted(maps.Keys(tc.sources)) {
			sources = append(sources, sourceFile{p, tc.sources[p]})
		}
		var got []string
		for _, e := range compiledWrapperPrograms(tc.lang, sources) {
			got = append(got, e.Name)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s: programs = %q, want %q", tc.lang, got, want)
		}
	}
}

func TestReadNamedLists(t *testing.T) {
	for _, tc := range []struct {
		src, name string
		want      []string
	}{
		{`List<String> cmd = new ArrayList<>(); cmd.add("git"); cmd.add("pull");`, "cmd", []string{"git"}},
		{`String[] cmd = {"curl", "-fsS", url};`, "cmd", []string{"curl"}},
		{`String[] cmd = new String[] {"ssh", host};`, "cmd", []string{"ssh"}},
		{`var cmd = List.of("rsync", "-a"); cmd.add("--delete");`, "cmd", []string{"rsync"}},
		{`List<String> cmd = new ArrayList<>(Arrays.asList("zip", "-r"));`, "cmd", []string{"zip"}},
		{`val cmd = mutableListOf("git", "fetch")`, "cmd", []string{"git"}},
		{`String cmd = "git describe --tags";`, "cmd", []string{"git"}},
		{`List<String> cmd = build(); cmd.add("-v");`, "cmd", []string{"-v"}}, // the first add: where a list is built a word at a time
		{`List<String> args = List.of("git");`, "cmd", nil},
	} {
		if got := readNamed(".java", tc.src).lists[tc.name]; !slices.Equal(got, tc.want) {
			t.Errorf("readNamed(%q).lists[%s] = %q, want %q", tc.src, tc.name, got, tc.want)
		}
	}
}

// TestScriptWords: the leading plain strings of a Python or JavaScript
// list, which stop at the first word the code computes, but go on past
// a runner's computed operands.
func TestScriptWords(t *testing.T) {
	for _, tc := range []struct {
		list   string
		runner bool
		want   []string
	}{
		{`"timeout", "30", "git", "pull"], check=True)`, false, []string{"timeout", "30", "git", "pull"}},
		{`'nice', '-n', '10', rsync_bin, '-a']`, false, []string{"nice", "-n", "10", "", "-a"}},
		{`"git", "-C", REPO, "pull"]`, false, []string{"git", "-C"}},
		{`r"timeout", u"5", f"git", f"--work-tree={root}"]`, false, []string{"timeout", "5", "git", ""}},
		{"`timeout`, `10`, `git ${sub}`]", false, []string{"timeout", "10", ""}},
		{`"timeout", "-s", "KILL", str(cap), "maxima", path]`, false, []string{"timeout", "-s", "KILL", "", "maxima", ""}},
		{`"timeout", *limits, "git"]`, false, []string{"timeout"}}, // how many, unknown
		{`str(cap), "git", "pull"]`, true, []string{"", "git", "pull"}},
		{`"echo", "{}", "a\"b"]`, false, []string{"echo", "{}"}},
		{`"git" "fetch", "x"]`, false, nil},
		{`"a" + b, "c"]`, false, nil},
		{`cmd]`, false, nil},
		{`]`, false, nil},
		{`]`, true, nil},
	} {
		if got := scriptWords(tc.list, tc.runner); !slices.Equal(got, tc.want) {
			t.Errorf("scriptWords(%q, %v) = %q, want %q", tc.list, tc.runner, got, tc.want)
		}
	}
}
