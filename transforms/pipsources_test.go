package transforms

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
)

func TestProjectRequirements(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"literal/setup.py":                 file("setup(name='x', install_requires=['psycopg2>=2.9', \"Flask\"])\n"),
		"computed/setup.py":                file("setup(name='x', install_requires=read('deps.in'))\n"),
		"reads-txt/setup.py":               file("setup(install_requires=open('requirements.txt').read().split())\n"),
		"reads-txt/requirements.txt":       file("# pinned\nmysqlclient==2.2.4 # the driver\n-r more.txt\n"),
		"reads-txt/more.txt":               file("--index-url https://pypi.org/simple\npycurl\n"),
		"no-deps/setup.py":                 file("setup(name='x')\n"),
		"cfg/setup.cfg":                    file("[metadata]\nname = x\n\n[options]\ninstall_requires =\n    python-ldap\n    requests\npackages = find:\n"),
		"pep621/pyproject.toml":            file("[project]\nname = \"x\"\ndependencies = [\n  \"psycopg[c]>=3\",\n]\n"),
		"empty/README.md":                  file("nothing\n"),
		"missing-include/requirements.txt": file("-r ../nowhere.txt\n"),
	}
	ctx, err := buildctx.NewDir(fsys, "ctx").Context(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir   string
		names []string
		ok    bool
	}{
		{"literal", []string{"psycopg2", "flask"}, true},
		{"computed", nil, false},
		{"reads-txt", []string{"mysqlclient", "pycurl"}, true},
		{"no-deps", nil, true},
		{"cfg", []string{"python-ldap", "requests"}, true},
		{"pep621", []string{"psycopg"}, true},
		{"empty", nil, false},
		{"missing-include", nil, false},
	} {
		reqs, ok := projectRequirements(ctx, tc.dir)
		var names []string
		for _, r := range reqs {
			names = append(names, r.name)
		}
		if ok != tc.ok || !slices.Equal(names, tc.names) {
			t.Errorf("projectRequirements(%q) = %q, %v; want %q, %v", tc.dir, names, ok, tc.names, tc.ok)
		}
	}
}
