package buildctx

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func tree(files ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range files {
		m[f] = &fstest.MapFile{Data: []byte(f)}
	}
	return m
}

func walkAll(t *testing.T, c *Context) []string {
	t.Helper()
	var got []string
	if err := c.Walk(".", func(p string, isDir bool) error {
		if isDir {
			p += "/"
		}
		got = append(got, p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestIgnoreFiles(t *testing.T) {
	fsys := tree("main.go", "README.md", "node_modules/x/index.js", "docs/a.md", "docs/keep.md", "secret.env", "app/Dockerfile")
	fsys[".dockerignore"] = &fstest.MapFile{Data: []byte("# comment\nnode_modules\ndocs\n!docs/keep.md\n*.env\n")}
	c, err := NewDir(fsys, "ctx").Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.IgnoreFile != ".dockerignore" {
		t.Errorf("ignore file %q", c.IgnoreFile)
	}
	want := []string{".dockerignore", "README.md", "app/", "app/Dockerfile", "docs/keep.md", "main.go"}
	if d := cmp.Diff(want, walkAll(t, c)); d != "" {
		t.Errorf("walk (-want +got):\n%s", d)
	}
	for p, want := range map[string]bool{"main.go": true, "secret.env": false, "node_modules/x/index.js": false, "docs": true, "docs/a.md": false, "docs/keep.md": true, "nothere": false} {
		if ok, _ := c.Stat(p); ok != want {
			t.Errorf("Stat(%q) = %v", p, ok)
		}
	}
	if _, err := c.ReadFile("secret.env"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an ignored file can be read: %v", err)
	}
	// The Dockerfile's own ignore file wins over the root's.
	c, err = NewDir(fsys, "ctx").Context([]byte("README.md\n"), "app/Dockerfile.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Stat("secret.env"); !ok || c.IgnoreFile != "app/Dockerfile.dockerignore" {
		t.Errorf("the root ignore file applied beside the Dockerfile's own")
	}
	if ok, _ := c.Stat("README.md"); ok {
		t.Errorf("the Dockerfile's own ignore file did not apply")
	}
}

func TestResolve(t *testing.T) {
	fsys := tree("main.go", "go.mod", "templates/index.html", "templates/partials/nav.html", "static/app.css",
		"config.yaml", "a.json", "b.json", "docs/x.md", "cmd/api/main.go", "cmd/worker/main.go")
	c, err := NewDir(fsys, "ctx").Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cp   Copy
		want []File
		err  string
	}{
		{"a folder's content", Copy{Sources: []string{"templates"}, Dest: "/app/templates"},
			[]File{{"templates/index.html", "/app/templates/index.html"}, {"templates/partials/nav.html", "/app/templates/partials/nav.html"}}, ""},
		{"a file to a file", Copy{Sources: []string{"config.yaml"}, Dest: "/etc/app/app.yaml"},
			[]File{{"config.yaml", "/etc/app/app.yaml"}}, ""},
		{"a file into a folder", Copy{Sources: []string{"./config.yaml"}, Dest: "/etc/app", DestDir: true},
			[]File{{"config.yaml", "/etc/app/config.yaml"}}, ""},
		{"several sources", Copy{Sources: []string{"go.mod", "main.go"}, Dest: "/src", DestDir: true},
			[]File{{"go.mod", "/src/go.mod"}, {"main.go", "/src/main.go"}}, ""},
		{"a glob", Copy{Sources: []string{"*.json"}, Dest: "/data/"},
			[]File{{"a.json", "/data/a.json"}, {"b.json", "/data/b.json"}}, ""},
		{"a glob in a folder", Copy{Sources: []string{"cmd/*/main.go"}, Dest: "/src/", Parents: true},
			[]File{{"cmd/api/main.go", "/src/cmd/api/main.go"}, {"cmd/worker/main.go", "/src/cmd/worker/main.go"}}, ""},
		{"the whole context, excluding", Copy{Sources: []string{"."}, Dest: "/w", Exclude: []string{"*.md", "docs", "cmd", "templates", "static", "*.json"}},
			[]File{{"config.yaml", "/w/config.yaml"}, {"go.mod", "/w/go.mod"}, {"main.go", "/w/main.go"}}, ""},
		{"out of the context is its root", Copy{Sources: []string{"../static"}, Dest: "/s"},
			[]File{{"static/app.css", "/s/app.css"}}, ""},
		{"missing", Copy{Sources: []string{"web"}, Dest: "/app/web"}, nil, "web is not in the build context"},
		{"a glob matching nothing", Copy{Sources: []string{"*.toml"}, Dest: "/app/"}, nil, "*.toml is not in the build context"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ls, err := c.Resolve(tc.cp)
			if tc.err != "" {
				var me *MissingError
				if !errors.As(err, &me) || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []File
			for _, l := range ls {
				fs, err := c.Files(l, tc.cp.Exclude)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, fs...)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestDirReadsOnce: a Dir lists each folder once for any number of
// contexts made from it.
func TestDirReadsOnce(t *testing.T) {
	counting := &countFS{FS: tree("a/b/c.txt", "d.txt")}
	d := NewDir(counting, "ctx")
	for range 3 {
		c, err := d.Context(nil, "")
		if err != nil {
			t.Fatal(err)
		}
		walkAll(t, c)
	}
	if counting.opens["a"] != 1 || counting.opens["."] != 1 {
		t.Errorf("folders read %v times", counting.opens)
	}
}

// TestListedDir: a Dir made with its root's listing reads neither the
// root nor a file or folder a listing read lacks, and reads the rest as
// NewDir.
func TestListedDir(t *testing.T) {
	files := tree("a/b.txt", "go.mod", ".dockerignore")
	files[".dockerignore"].Data = []byte("a/b.txt\n")
	root, err := fs.ReadDir(files, ".")
	if err != nil {
		t.Fatal(err)
	}
	counting := &countFS{FS: files}
	d := NewListedDir(counting, "ctx", root)
	c, err := d.Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{".dockerignore", "a/", "go.mod"}, walkAll(t, c)); d != "" {
		t.Errorf("walk (-want +got):\n%s", d)
	}
	if _, err := c.ReadFile("go.mod"); err != nil {
		t.Error(err)
	}
	if _, err := c.ReadFile("package.json"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file the listing lacks: %v", err)
	}
	if _, err := c.ReadFile("a/missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file below the root: %v", err)
	}
	if _, err := c.ReadDir("vendor"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a folder the listing lacks: %v", err)
	}
	if _, err := c.ReadFile("b/missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file in a folder not listed: %v", err)
	}
	// a/missing: "a" was listed by the walk; b was never listed, so
	// b/missing is asked of the file system.
	want := map[string]int{"a": 1, ".dockerignore": 1, "go.mod": 1, "b/missing": 1}
	if d := cmp.Diff(want, counting.opens); d != "" {
		t.Errorf("reads (-want +got):\n%s", d)
	}
}

// countFS counts the folders listed and the files opened.
type countFS struct {
	fs.FS
	opens map[string]int
}

func (c *countFS) Open(name string) (fs.File, error) {
	if c.opens == nil {
		c.opens = map[string]int{}
	}
	c.opens[name]++
	return c.FS.Open(name)
}

func (c *countFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if c.opens == nil {
		c.opens = map[string]int{}
	}
	c.opens[name]++
	return fs.ReadDir(c.FS, name)
}
