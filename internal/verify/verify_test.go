package verify

import (
	"archive/tar"
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// tarOf writes a docker export of entries: name → mode (and content).
func tarOf(t *testing.T, entries []tar.Header, data map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, h := range entries {
		h.Size = int64(len(data[h.Name]))
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(data[h.Name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadExport(t *testing.T) {
	src := tarOf(t, []tar.Header{
		{Name: "./", Typeflag: tar.TypeDir, Mode: 0o755},
		{Name: "app/", Typeflag: tar.TypeDir, Mode: 0o755, Uid: 1000, Gid: 1000},
		{Name: "app/server", Typeflag: tar.TypeReg, Mode: 0o755},
		{Name: "app/config.yaml", Typeflag: tar.TypeReg, Mode: 0o644},
		{Name: "usr/bin/srv", Typeflag: tar.TypeLink, Linkname: "app/server"},
		{Name: "bin", Typeflag: tar.TypeSymlink, Linkname: "usr/bin"},
	}, map[string]string{"app/server": "binary", "app/config.yaml": "level: info\n"})
	l, err := ReadExport(bytes.NewReader(src), func(p string) bool { return p == "/app/server" })
	if err != nil {
		t.Fatal(err)
	}
	if got := string(l["/app/server"].Data); got != "binary" {
		t.Errorf("kept %q", got)
	}
	if l["/app/config.yaml"].Data != nil {
		t.Errorf("kept a file it was not asked to")
	}
	if f := l["/app"]; !f.Mode.IsDir() || f.UID != 1000 {
		t.Errorf("/app: %+v", f)
	}
	if f := l["/usr/bin/srv"]; f.Mode.Perm() != 0o755 {
		t.Errorf("a hard link is not the file it links to: %+v", f)
	}
	for in, want := range map[string]string{"/bin/srv": "/usr/bin/srv", "/usr/bin/srv": "/usr/bin/srv", "/bin/none": ""} {
		if got := l.Resolve(in); got != want {
			t.Errorf("Resolve(%s) = %q, want %q", in, got, want)
		}
	}
}

func file(mode fs.FileMode, uid int) *File {
	return &File{Mode: mode, UID: uid, GID: uid, ModTime: time.Unix(1, 0)}
}

func TestCompareFiles(t *testing.T) {
	base := Image{Files: Listing{"/usr/local/bin": file(fs.ModeDir|0o755, 0), "/usr/local/bin/tool": file(0o755, 0)}}
	orig := Image{Files: Listing{
		"/usr/local/bin":      file(fs.ModeDir|0o755, 0),
		"/usr/local/bin/tool": file(0o755, 0), // the base image's own
		"/usr/local/bin/app":  file(0o755, 0),
		"/src":                file(fs.ModeDir|0o755, 1000),
		"/src/main.go":        file(0o644, 0), // left in the builder
		"/src/go.sum":         file(0o644, 0), // written by the build, a build input
		"/src/templates/a":    file(0o644, 0),
		"/src/static/b":       file(0o644, 0),
		"/src/run.sh":         file(0o755, 0),
		"/src/target/x.o":     file(0o644, 0),
		"/etc/passwd":         file(0o644, 0), // not under a folder the file writes to
	}}
	rewritten := Image{Files: Listing{
		"/usr/local/bin/app": file(0o755, 0),
		"/src":               file(fs.ModeDir|0o755, 0),
		"/src/templates/a":   file(0o644, 0),
		"/src/run.sh":        file(0o644, 0),
	}}
	spec := Spec{
		Folders:       []string{"/src", "/usr/local/bin"},
		LeftInBuilder: map[string]string{"/src/main.go": "build input"},
		BuildOutputs:  []string{"*.o"},
		BuildOnly:     func(rel string) bool { return rel == "go.sum" },
	}
	got := compareFiles(spec, base, orig, rewritten)
	want := []Finding{
		{"file", "/src/run.sh", "mode 0644, not 0755"},
		{"file", "/src/static/b", "missing"},
		{"file", "/src/", "owner 0:0, not 1000:1000"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestCompareFilesNonroot: what nonroot gave its user under the folder it
// owns is no finding; a file of root's elsewhere, or one of another
// user's, still is.
func TestCompareFilesNonroot(t *testing.T) {
	orig := Image{Files: Listing{
		"/srv/drop":           file(fs.ModeDir|0o755, 0),
		"/srv/drop/drop":      file(0o755, 0),
		"/srv/drop/uploads/k": file(0o644, 0),
		"/srv/drop/app/x":     file(0o644, 1000),
		"/etc/relay/conf":     file(0o644, 0),
	}}
	rewritten := Image{Files: Listing{
		"/srv/drop":           file(fs.ModeDir|0o755, 65532),
		"/srv/drop/drop":      file(0o755, 65532),
		"/srv/drop/uploads/k": file(0o644, 65532),
		"/srv/drop/app/x":     file(0o644, 65532),
		"/etc/relay/conf":     file(0o644, 65532),
	}}
	spec := Spec{Folders: []string{"/srv/drop", "/etc/relay"}, UserDirs: []string{"/srv/drop"}}
	got := compareFiles(spec, Image{Files: Listing{}}, orig, rewritten)
	want := []Finding{
		{"file", "/etc/relay/conf", "owner 65532:65532, not 0:0"},
		{"file", "/srv/drop/app/x", "owner 65532:65532, not 1000:1000"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A folder outside the WORKDIR that nonroot gave the user too.
	spec.UserDirs = append(spec.UserDirs, "/etc/relay")
	if diff := cmp.Diff(want[1:], compareFiles(spec, Image{Files: Listing{}}, orig, rewritten)); diff != "" {
		t.Errorf("with /etc/relay given (-want +got):\n%s", diff)
	}
	if f := compareConfig(spec, Config{}, Config{User: "65532:65532"}); len(f) != 0 {
		t.Errorf("USER given by nonroot reported: %v", f)
	}
}

func TestCompareConfig(t *testing.T) {
	a := Config{Env: []string{"PATH=/go/bin:/usr/bin", "GREETING=Hello", "GOPATH=/go"}, WorkingDir: "/srv", User: "app",
		ExposedPorts: map[string]struct{}{"8080/tcp": {}}, Labels: map[string]string{"org": "acme", "base": "golang"},
		Cmd: []string{"./server"}, Healthcheck: &Healthcheck{Test: []string{"CMD", "./server", "-ping"}},
		Shell: []string{"/bin/bash", "-o", "pipefail", "-c"}}
	b := Config{Env: []string{"PATH=/usr/bin", "GREETING=Hi"}, WorkingDir: "/srv", User: "app",
		Labels: map[string]string{"org": "acme"}, Cmd: []string{"./server"}, Healthcheck: &Healthcheck{Test: []string{"CMD", "./server", "-ping"}}}
	got := compareConfig(Spec{Env: []string{"GREETING"}, Labels: []string{"org"}}, a, b)
	want := []Finding{
		{"config", "ENV GREETING", `"Hi", not "Hello"`},
		{"config", "EXPOSE", `"", not "8080/tcp"`},
		{"config", "SHELL", `"", not "/bin/bash -o pipefail -c"`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCheckCommands(t *testing.T) {
	img := Image{
		Config: Config{Env: []string{"PATH=/usr/local/bin:/bin"}, WorkingDir: "/app", Cmd: []string{"app"}},
		Files: Listing{
			"/usr/local/bin/app": file(0o755, 0),
			"/bin":               file(fs.ModeDir|0o755, 0),
			"/app/run.sh":        file(0o755, 0),
		},
	}
	got := checkCommands(Spec{Programs: []string{"git", "./run.sh"}}, img)
	want := []Finding{{"command", "git", "the program runs it, and it is not on PATH"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	img.Config.Cmd = []string{"/bin/sh", "-c", "app"}
	if got := checkCommands(Spec{}, img); len(got) != 1 || !strings.Contains(got[0].Detail, "/bin/sh") {
		t.Errorf("shell form without a shell: %v", got)
	}
}

// TestCheckLibraries reads a dynamically linked program of this machine
// (ls) as an artifact: in a listing with its loader and libraries it is
// fine, without one of them it is reported.
func TestCheckLibraries(t *testing.T) {
	data, err := os.ReadFile("/bin/ls")
	if err != nil {
		t.Skip("no /bin/ls to read")
	}
	lk, ok := readLinkage("/app/ls", data)
	if !ok || lk.interp == "" || len(lk.needed) == 0 {
		t.Skipf("/bin/ls is not a dynamically linked ELF program: %+v", lk)
	}
	full := Listing{"/app/ls": &File{Mode: 0o755, Data: data}, lk.interp: file(0o755, 0),
		"/etc/ld.so.conf":                  &File{Mode: 0o644, Data: []byte("include /etc/ld.so.conf.d/*.conf\n")},
		"/etc/ld.so.conf.d/multiarch.conf": &File{Mode: 0o644, Data: []byte("/opt/multiarch\n")}}
	for _, lib := range lk.needed {
		full["/opt/multiarch/"+lib] = file(0o644, 0)
	}
	spec := Spec{Artifacts: []string{"/app/ls"}}
	if got := checkLibraries(spec, Image{Files: full}); len(got) != 0 {
		t.Errorf("with every library: %v", got)
	}
	delete(full, "/opt/multiarch/"+lk.needed[0])
	got := checkLibraries(spec, Image{Files: full})
	if len(got) != 1 || got[0].Detail != lk.needed[0]+" is not found" {
		t.Errorf("without %s: %v", lk.needed[0], got)
	}
	delete(full, lk.interp)
	got = checkLibraries(spec, Image{Files: full})
	if len(got) != 1 || !strings.Contains(got[0].Detail, "loader") {
		t.Errorf("without the loader: %v", got)
	}
}

// TestCheckLibraryVersions gives ls this machine's C library, which
// defines the versions it was built against, then a library that defines
// none of them under the C library's name: the second is reported, as
// a binary built against a newer libstdc++ than the runtime's is.
func TestCheckLibraryVersions(t *testing.T) {
	data, err := os.ReadFile("/bin/ls")
	if err != nil {
		t.Skip("no /bin/ls to read")
	}
	lk, ok := readLinkage("/app/ls", data)
	if !ok || len(lk.versions["libc.so.6"]) == 0 {
		t.Skipf("/bin/ls needs no versions of libc.so.6: %+v", lk)
	}
	libc, err1 := os.ReadFile("/lib/x86_64-linux-gnu/libc.so.6")
	other, err2 := os.ReadFile("/lib/x86_64-linux-gnu/libz.so.1")
	if err1 != nil || err2 != nil {
		t.Skip("no libc.so.6 and libz.so.1 to read")
	}
	img := Image{Files: Listing{"/app/ls": &File{Mode: 0o755, Data: data}, lk.interp: file(0o755, 0)}}
	for _, lib := range lk.needed {
		img.Files["/lib/"+lib] = file(0o644, 0)
	}
	img.Files["/lib/libc.so.6"] = &File{Mode: 0o644, Data: libc}
	spec := Spec{Artifacts: []string{"/app/ls"}}
	if got := checkLibraries(spec, img); len(got) != 0 {
		t.Errorf("with this machine's libc: %v", got)
	}
	img.Files["/lib/libc.so.6"] = &File{Mode: 0o644, Data: other}
	got := checkLibraries(spec, img)
	if len(got) != 1 || !strings.Contains(got[0].Detail, "libc.so.6 (/lib/libc.so.6) lacks the symbol version GLIBC_") {
		t.Errorf("with a libc.so.6 that defines no GLIBC_ version: %v", got)
	}
	if !sharedLibrary("/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30") || !sharedLibrary("/lib64/ld-linux-x86-64.so.2") || sharedLibrary("/usr/bin/solver") {
		t.Error("sharedLibrary names")
	}
}

func TestTagName(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"examples/go-http/Dockerfile", "go-http"},
		{"/srv/My App/Dockerfile", "my-app"},
		{"/tmp/ctx/Dockerfile", "ctx"},
		// Nothing of the folder's name can stand in a repository name.
		{"Dockerfile", "dockerfile"},
		{"/Dockerfile", "dockerfile"},
		{"/__/Dockerfile", "dockerfile"},
		{"_build_/Dockerfile", "build"},
	} {
		if got := TagName(tc.file); got != tc.want {
			t.Errorf("TagName(%q) = %q, want %q", tc.file, got, tc.want)
		}
	}
}
