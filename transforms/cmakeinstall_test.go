package transforms

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestCmakeCalls(t *testing.T) {
	script := `cmake_minimum_required(VERSION 3.16) # a comment (with parentheses)
project("my app" C)
#[[ a bracket comment
install(TARGETS hidden)
]]
if(WITH_DOCS)
  install(DIRECTORY docs/ DESTINATION share/doc)
endif()
install(FILES [=[a file.conf]=] "quoted \"name\"" DESTINATION etc)
Set(FLAGS -O2 (nested) -g)
`
	type got struct {
		Name   string
		Args   []string
		Line   int
		Nested bool
	}
	var calls []got
	for _, c := range cmakeCalls(script) {
		calls = append(calls, got{c.name, c.args, c.line, c.nested})
	}
	want := []got{
		{"cmake_minimum_required", []string{"VERSION", "3.16"}, 1, false},
		{"project", []string{"my app", "C"}, 2, false},
		{"if", []string{"WITH_DOCS"}, 6, false},
		{"install", []string{"DIRECTORY", "docs/", "DESTINATION", "share/doc"}, 7, true},
		{"endif", nil, 8, false},
		{"install", []string{"FILES", "a file.conf", `quoted "name"`, "DESTINATION", "etc"}, 9, false},
		{"set", []string{"FLAGS", "-O2", "nested", "-g"}, 10, false},
	}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("cmakeCalls (-want +got):\n%s", diff)
	}
	// Unclosed brackets and quotes end the script without a panic.
	for _, s := range []string{"install([[", "install([=[x]]", `set(A "b`, "#[[", "add_library("} {
		cmakeCalls(s)
	}
}

func TestCmakeConfigure(t *testing.T) {
	cases := []struct {
		line               string
		build, src, prefix string
		ok                 bool
	}{
		{"cd build && cmake ..", "/src/build", "/src", "/usr/local", true},
		{"cmake -S . -B out -DCMAKE_INSTALL_PREFIX=/opt/app", "/src/out", "/src", "/opt/app", true},
		{"cmake -H. -Bbuild -DCMAKE_BUILD_TYPE=Release", "/src/build", "/src", "/usr/local", true},
		{"cmake -B build -D CMAKE_INSTALL_PREFIX:PATH=/usr", "/src/build", "/src", "/usr", true},
		{"cmake --install-prefix /opt/x -G Ninja -B b", "/src/b", "/src", "/opt/x", true},
		{"cmake -C ../cache.cmake ..", "/src", "/", "/usr/local", true},
		{"cmake --build build", "", "", "", false},
		{"cmake --install build", "", "", "", false},
		{"cmake -E make_directory build", "", "", "", false},
		{"cmake -S . -B build -DBUILD_SHARED_LIBS=ON -D CMAKE_INSTALL_LIBDIR:PATH=lib64 -DCMAKE_BUILD_TYPE=$TYPE", "/src/build", "/src", "/usr/local", true},
		{"cmake -S . -B build -D$OPTION", "/src/build", "/src", "/usr/local", true},
		{"cmake -S . -B build $CMAKE_ARGS", "/src/build", "/src", "/usr/local", true},
	}
	for _, c := range cases {
		calls, err := shell.Calls(c.line, shell.State{Dir: "/src"})
		if err != nil {
			t.Fatal(err)
		}
		last := calls[len(calls)-1]
		build, cfg, ok := cmakeConfigure(last)
		if unread := strings.Contains(c.line, " -C ") || strings.Contains(c.line, "$") && !strings.Contains(c.line, "=$"); ok != c.ok || build != c.build || cfg.src != c.src || cfg.prefix != c.prefix || (cfg.unread != "") != unread {
			t.Errorf("%s: got %q %+v %v, want %q %q %q %v", c.line, build, cfg, ok, c.build, c.src, c.prefix, c.ok)
		}
		if strings.Contains(c.line, "SHARED") && (cfg.defs["BUILD_SHARED_LIBS"] != "ON" || cfg.defs["CMAKE_INSTALL_LIBDIR"] != "lib64" || cfg.defs["CMAKE_BUILD_TYPE"] != unknownCmake || len(cfg.defs) != 3) {
			t.Errorf("%s: -D definitions %q", c.line, cfg.defs)
		}
	}
}

func TestCmakeInstallCall(t *testing.T) {
	cases := []struct {
		line, dir, prefix string
		component, ok     bool
	}{
		{"cmake --install build", "/src/build", "", false, true},
		{"cmake --install build --prefix /opt/app", "/src/build", "/opt/app", false, true},
		{"cmake --build out --target install", "/src/out", "", false, true},
		{"cmake --build out -t install -j 4", "/src/out", "", false, true},
		{"cmake --install build --component runtime", "/src/build", "", true, true},
		{"cmake --build out", "/src/out", "", false, false},
		{"cmake --build out --target app", "/src/out", "", false, false},
	}
	for _, c := range cases {
		calls, err := shell.Calls(c.line, shell.State{Dir: "/src"})
		if err != nil {
			t.Fatal(err)
		}
		inst, ok := cmakeInstallCall(calls[0])
		if ok != c.ok || ok && (inst.dir != c.dir || inst.prefix != c.prefix || inst.component != c.component) {
			t.Errorf("%s: got %+v %v", c.line, inst, ok)
		}
	}
}

func TestCmakeInstalled(t *testing.T) {
	pr := &cmakeProject{name: "app", prefix: "/usr/local", gnuDirs: true,
		execs: map[string]bool{"app": true, "tool": true}, libs: map[string]string{"core": "STATIC", "plug": "MODULE", "shapes": "SHARED", "old": ""},
		outputName: map[string]string{"tool": "app-tool"}, versions: map[string][2]string{"shapes": {"2.1.0", "2"}, "plug": {"1.0", ""}, "old": {"3.4", ""}}}
	cases := []struct {
		args  []string
		paths []string
		err   bool
	}{
		{[]string{"TARGETS", "app"}, []string{"/usr/local/bin/app"}, false},
		{[]string{"TARGETS", "app", "tool", "core", "RUNTIME", "DESTINATION", "sbin", "ARCHIVE", "DESTINATION", "lib"}, []string{"/usr/local/sbin/app", "/usr/local/sbin/app-tool"}, false},
		{[]string{"TARGETS", "app", "DESTINATION", "/opt/app"}, []string{"/opt/app/app"}, false},
		{[]string{"TARGETS", "plug", "LIBRARY", "DESTINATION", "lib"}, []string{"/usr/local/lib/libplug.so"}, false},
		{[]string{"TARGETS", "app", "shapes"}, []string{"/usr/local/bin/app", "/usr/local/lib/libshapes.so.2.1.0", "/usr/local/lib/libshapes.so.2", "/usr/local/lib/libshapes.so"}, false},
		{[]string{"TARGETS", "shapes", "LIBRARY", "DESTINATION", "lib", "NAMELINK_SKIP"}, []string{"/usr/local/lib/libshapes.so.2.1.0", "/usr/local/lib/libshapes.so.2"}, false},
		{[]string{"TARGETS", "shapes", "LIBRARY", "DESTINATION", "lib", "NAMELINK_ONLY"}, nil, false},
		{[]string{"TARGETS", "shapes", "DESTINATION", "/usr/lib/x86_64-linux-gnu"}, nil, true},
		{[]string{"TARGETS", "old", "LIBRARY", "DESTINATION", "/opt/old/lib"}, nil, false},
		{[]string{"TARGETS", "other"}, nil, true},
		{[]string{"FILES", "app.conf", "defaults.conf", "DESTINATION", "etc/app"}, []string{"/usr/local/etc/app/app.conf", "/usr/local/etc/app/defaults.conf"}, false},
		{[]string{"FILES", "sample.conf", "DESTINATION", "etc", "RENAME", "app.conf"}, []string{"/usr/local/etc/app.conf"}, false},
		{[]string{"FILES", "app.h", "DESTINATION", "include/app"}, nil, false},
		{[]string{"FILES", "app.1", "TYPE", "MAN"}, []string{"/usr/local/share/man/app.1"}, false},
		{[]string{"PROGRAMS", "run.sh", "DESTINATION", "bin"}, []string{"/usr/local/bin/run.sh"}, false},
		{[]string{"DIRECTORY", "assets", "DESTINATION", "share/app"}, []string{"/usr/local/share/app/assets"}, false},
		{[]string{"DIRECTORY", "assets/", "DESTINATION", "share/app", "FILES_MATCHING", "PATTERN", "*.png"}, nil, true},
		{[]string{"TARGETS", "app", "EXCLUDE_FROM_ALL"}, nil, false},
		{[]string{"TARGETS", "app", "CONFIGURATIONS", "Release"}, nil, true},
		{[]string{"EXPORT", "appTargets", "DESTINATION", "lib/cmake/app"}, nil, false},
		{[]string{"CODE", "message(hi)"}, nil, true},
		{[]string{"SCRIPT", "post.cmake"}, nil, true},
	}
	for _, c := range cases {
		arts, err := pr.installed(cmakeRule{args: c.args, where: "CMakeLists.txt:1", dir: "/src"})
		var paths []string
		for _, a := range arts {
			paths = append(paths, a.Path)
		}
		if (err != nil) != c.err || !cmp.Equal(paths, c.paths) {
			t.Errorf("install(%v): got %v, %v; want %v (error %v)", c.args, paths, err, c.paths, c.err)
		}
	}
}

func TestCmakeVariable(t *testing.T) {
	pr := &cmakeProject{name: "app", prefix: "/usr/local", src: "/src", build: "/src/build", gnuDirs: true}
	vars := map[string]string{"CONF_DIR": "etc/app", "LATER": unknownCmake}
	words := []string{"${CMAKE_INSTALL_DATADIR}/${PROJECT_NAME}", "${CONF_DIR}", "${CMAKE_INSTALL_FULL_BINDIR}", "${app_SOURCE_DIR}/x"}
	if got, err := pr.eval(words, vars); err == nil {
		// project() sets PROJECT_NAME for the scripts read after it.
		t.Errorf("${PROJECT_NAME} before project(): got %v, want an error", got)
	}
	vars["PROJECT_NAME"] = "app"
	got, err := pr.eval(words, vars)
	if want := []string{"share/app", "etc/app", "/usr/local/bin", "/src/x"}; err != nil || !cmp.Equal(got, want) {
		t.Errorf("eval: got %v, %v; want %v", got, err, want)
	}
	for _, bad := range []string{"${LATER}", "$<TARGET_FILE:app>", "$ENV{HOME}/x", "${NOT_SET}", "${CMAKE_INSTALL_LIBDIR"} {
		if _, err := pr.eval([]string{bad}, vars); err == nil {
			t.Errorf("eval(%q): no error", bad)
		}
	}
	pr.prefix = "/usr"
	if _, err := pr.eval([]string{"${CMAKE_INSTALL_LIBDIR}"}, vars); err == nil {
		t.Errorf("LIBDIR under /usr (a multiarch folder on Debian): no error")
	}
}

// FuzzCmakeCalls feeds CMake scripts of any shape to the reader, which
// reads the build context's files: it must not panic, and every command
// it returns starts on a line of the script.
func FuzzCmakeCalls(f *testing.F) {
	for _, s := range []string{
		"install(TARGETS app DESTINATION bin)\n",
		"if(X)\n  install(FILES [=[a]=] \"b\\\"c\" DESTINATION etc)\nendif()\n",
		"#[[ comment ]] set(A (b) c) # trailing\n",
		"add_executable(app main.c)\r\nproject(\"x\")",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		lines := strings.Count(script, "\n") + 1
		for _, c := range cmakeCalls(script) {
			if c.line < 1 || c.line > lines {
				t.Fatalf("%s on line %d of a %d-line script", c.name, c.line, lines)
			}
		}
	})
}
