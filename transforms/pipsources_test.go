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
		"editable/requirements.txt":        file("-e .\nflask\n"),
		"editable/setup.py":                file("setup(install_requires=['psycopg2'])\n"),
		"nested/requirements.txt":          file("-e ./lib\n"),
		"nested/lib/pyproject.toml":        file("[project]\ndependencies = [\"psycopg2\"]\n"),
		"no-deps-pep621/pyproject.toml":    file("[project]\nname = \"tool\"\nversion = \"1\"\n"),
		"dynamic/pyproject.toml":           file("[project]\nname = \"x\"\ndynamic = [\"dependencies\"]\n"),
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
		{"editable", []string{"flask", "psycopg2"}, true}, // -e . reads the project that reads the file
		{"nested", []string{"psycopg2"}, true},
		{"no-deps-pep621", nil, true},
		{"dynamic", nil, false},
		{"missing-include", nil, false},
	} {
		reqs, ok := projectRequirements(ctx, tc.dir, nil)
		var names []string
		for _, r := range reqs {
			names = append(names, r.name)
		}
		if ok != tc.ok || !slices.Equal(names, tc.names) {
			t.Errorf("projectRequirements(%q) = %q, %v; want %q, %v", tc.dir, names, ok, tc.names, tc.ok)
		}
	}
}

func TestBuiltFromSource(t *testing.T) {
	for _, tc := range []struct {
		spec, first string
		want        bool
	}{
		{"==9.5.0", "10.1", true},
		{"==10.1.0", "10.1", false},
		{"==10.0.1", "10.1", true},
		{"<10", "10.1", true},
		{"<10.1", "10.1", true},
		{"<=10.1", "10.1", false},
		{">=9,<10", "10.1", true},
		{">=9", "10.1", false},
		{"~=9.5", "10.1", true},   // <10
		{"~=10.0", "10.1", false}, // <11
		{"==9.*", "10.1", true},
		{"==10.*", "10.1", false},
		{"!=10.0.0", "10.1", false},
		{"==10.0.0rc1", "10.1", true},
		{"", "10.1", false},
		{"==11.0.0", "", true}, // a Python the table does not know
		{">=10", "", false},
	} {
		if got := builtFromSource(tc.spec, tc.first); got != tc.want {
			t.Errorf("builtFromSource(%q, %q) = %v, want %v", tc.spec, tc.first, got, tc.want)
		}
	}
}

func TestRequirementVersions(t *testing.T) {
	for _, tc := range []struct {
		file, data string
		want       []string // name and version
	}{
		{"requirements.txt", "", nil},
		{"pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.11\"\npillow = \"^9.5\"\nflask = {version = \"3.0.3\", extras = [\"async\"]}\nboto3 = \"*\"\n",
			[]string{"pillow>=9.5,<10", "flask==3.0.3", "boto3"}},
		{"pyproject.toml", "[project]\ndependencies = [\n  \"Pillow >= 9, < 10 ; python_version < '3.13'\",\n]\n", []string{"pillow>=9,<10"}},
		{"pyproject.toml", "[project]\nkeywords = [\"dlib\"]\ndependencies = [\"flask>=3\", 'psycopg2']\n\n[project.optional-dependencies]\nxml = [\"lxml==4.9.1\"]\n\n[tool.ruff]\nselect = [\"E\"]\n",
			[]string{"flask>=3", "psycopg2", "lxml==4.9.1"}},
		{"poetry.lock", "[[package]]\nname = \"pillow\"\nversion = \"9.5.0\"\n\n[package.dependencies]\nx = \"1\"\n\n[[package]]\nname = \"flask\"\nversion = \"3.0.3\"\n",
			[]string{"pillow==9.5.0", "flask==3.0.3"}},
		{"Pipfile.lock", `{"default": {"pillow": {"version": "==9.5.0"}, "flask": {}}}`, []string{"flask", "pillow==9.5.0"}},
	} {
		var got []string
		for _, r := range requirementLines(tc.file, []byte(tc.data)) {
			got = append(got, r.name+r.version)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("requirementLines(%s) = %q, want %q", tc.file, got, tc.want)
		}
	}
	for line, want := range map[string]string{
		"Pillow==9.5.0 \\":                      "pillow==9.5.0",
		"Pillow==9.5.0 --hash=sha256:abc":       "pillow==9.5.0",
		"psycopg2-binary[pool] >=2.9 ; os_name": "psycopg2-binary>=2.9",
		"requests":                              "requests",
	} {
		if r := parseRequirement(line, "requirements.txt"); r.name+r.version != want {
			t.Errorf("parseRequirement(%q) = %q, want %q", line, r.name+r.version, want)
		}
	}
}

func TestProject(t *testing.T) {
	for arg, want := range map[string]string{
		".": ".", ".[prod]": ".", "./api": "./api", "api/": "api/", "/src/lib[extra]": "/src/lib",
		"flask": "", "zope.interface": "", "flask>=3": "", "pkg @ file:///x": "", "..": "..",
		"git+https://github.com/org/repo.git": "", "https://example.com/pkg.tar.gz": "",
	} {
		if got := project(arg); got != want {
			t.Errorf("project(%q) = %q, want %q", arg, got, want)
		}
	}
}
