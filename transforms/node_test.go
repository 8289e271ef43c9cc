package transforms

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

func TestNodeStartPrograms(t *testing.T) {
	scripts := map[string]string{
		"start":     "ts-node src/index.ts",
		"prestart":  "npm run build",
		"build":     "tsc -p . && cp -r assets dist/",
		"serve":     "NODE_ENV=production node dist/server.js",
		"preview":   "vite preview --port $PORT",
		"loop":      "npm run loop",
		"dyn":       "$RUNNER dist/app.js",
		"with-exec": "exec next start",
	}
	for _, tc := range []struct {
		args  []string
		want  []string
		whole bool
	}{
		{[]string{"node", "dist/server.js"}, nil, true},
		{[]string{"npm", "start"}, []string{"tsc", "cp", "ts-node"}, true},
		{[]string{"npm", "run", "serve"}, nil, true},
		{[]string{"yarn", "preview", "--host"}, []string{"vite"}, true},
		{[]string{"yarn", "run", "preview"}, []string{"vite"}, true},
		{[]string{"pnpm", "serve"}, nil, true},
		{[]string{"npm", "serve"}, nil, true}, // not npm's shortcut: npm serve is no script
		{[]string{"npx", "--yes", "prisma", "migrate", "deploy"}, []string{"prisma"}, true},
		{[]string{"pnpm", "exec", "tsx", "main.ts"}, []string{"tsx"}, true},
		{[]string{"npm", "run", "with-exec"}, []string{"next"}, true},
		{[]string{"npm", "run", "loop"}, nil, false},
		{[]string{"npm", "run", "dyn"}, nil, false},
		{[]string{"npm", "--prefix", "/app", "start"}, nil, false},
		{[]string{"npm", "run", ""}, nil, false},
		{[]string{"npm", "start", "--", "--port", "80"}, []string{"tsc", "cp", "ts-node"}, true},
		{[]string{"pm2-runtime", "dist/server.js", "-i", "max"}, nil, true},
		{[]string{"pm2-runtime", "ecosystem.config.js"}, nil, false},
		{[]string{"pm2-runtime", "process.yml"}, nil, false},
		{[]string{"pm2", "start", "npm", "--name", "api", "--", "start"}, []string{"tsc", "cp", "ts-node"}, true},
		{[]string{"pm2-runtime", "--interpreter", "none", "dist/server.js"}, nil, false},
		{[]string{"forever", "start", "src/index.ts"}, nil, false},
		{[]string{"npx", "pm2-runtime", "dist/server.js"}, []string{"pm2-runtime"}, true},
		// Yarn and pnpm run a program of node_modules/.bin by its name.
		{[]string{"yarn", "prisma", "migrate", "deploy"}, []string{"prisma"}, true},
		{[]string{"pnpm", "tsx", "main.ts"}, []string{"tsx"}, true},
		{[]string{"yarn", "install", "--production"}, nil, true},
		{[]string{"npm", "prisma"}, nil, true}, // npm has no such shortcut: it fails in both
		{[]string{"npm", "exec", "--", "prisma", "migrate", "deploy"}, []string{"prisma"}, true},
		{[]string{"npm", "x", "tsx", "main.ts"}, []string{"tsx"}, true},
		// Another package's scripts.
		{[]string{"npm", "run", "start", "-w", "api"}, nil, false},
		{[]string{"pnpm", "--filter=web", "start"}, nil, false},
		{[]string{"yarn", "workspace", "api", "start"}, nil, false},
	} {
		ns := nodeStartPrograms(tc.args, scripts, false)
		got, whole := ns.progs, ns.whole
		if diff := cmp.Diff(tc.want, got); diff != "" || whole != tc.whole {
			t.Errorf("%q: whole %v, want %v; programs (-want +got):\n%s", tc.args, whole, tc.whole, diff)
		}
	}
}

func TestNodeReleases(t *testing.T) {
	for version, want := range map[string][]string{
		"20":      {"bookworm", "bullseye"},
		"22.11.0": {"trixie", "bookworm"},
		"iron":    {"bookworm", "bullseye"},
		"lts":     {"trixie", "bookworm"},
		"6":       {"jessie"},
		"30":      {"trixie"},
	} {
		if diff := cmp.Diff(want, nodeReleases(version)); diff != "" {
			t.Errorf("nodeReleases(%q) (-want +got):\n%s", version, diff)
		}
	}
}

func TestNpmPrune(t *testing.T) {
	for ref, want := range map[string]string{
		"node:14":          "npm prune --production",
		"node:fermium":     "npm prune --production",
		"node:16-bullseye": "npm prune --omit=dev",
		"node:lts-alpine":  "npm prune --omit=dev",
		"node":             "npm prune --omit=dev",
	} {
		if got := npmPrune(rewrite.LookupImage(ref)); got != want {
			t.Errorf("npmPrune(%s) = %q, want %q", ref, got, want)
		}
	}
}

func TestNodePreloads(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  []string
	}{
		{[]string{"-r", "dotenv/config", "dist/index.js"}, []string{"dotenv"}},
		{[]string{"--require=ts-node/register", "src/app.ts", "-r", "x"}, []string{"ts-node"}},
		{[]string{"--import", "tsx", "--enable-source-maps", "main.ts"}, []string{"tsx"}},
		{[]string{"--loader", "./loader.mjs", "main.js"}, nil},
		{[]string{"--max-old-space-size=512", "server.js"}, nil},
	} {
		if diff := cmp.Diff(tc.want, nodePreloads(tc.words)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.words, diff)
		}
	}
}

func TestCorepackUsesCacheFolder(t *testing.T) {
	for version, want := range map[string]bool{
		"20": true, "22.11.0": true, "18": true, "18.8.0": true, "18.7": false, "16": true,
		"16.17.1": true, "16.9.0": false, "14": false, "iron": true, "gallium": true, "fermium": false, "": false,
	} {
		if got := corepackUsesCacheFolder(version); got != want {
			t.Errorf("corepackUsesCacheFolder(%q) = %v, want %v", version, got, want)
		}
	}
}

func TestLockedPackages(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	for _, tc := range []struct {
		name, lock string
		want       map[string]bool
	}{
		{"v3", `{"lockfileVersion": 3, "packages": {"": {}, "node_modules/a": {}, "node_modules/b": {"dev": true},
			"node_modules/a/node_modules/b": {}, "node_modules/@s/c": {"dev": true}, "packages/w": {}}}`,
			map[string]bool{"a": false, "b": false, "@s/c": true}},
		{"v1", `{"lockfileVersion": 1, "dependencies": {"a": {"requires": {"b": "1"}, "dependencies": {"b": {"dev": true}}}, "c": {"dev": true}}}`,
			map[string]bool{"a": false, "b": true, "c": true}},
		{"broken", `{`, nil},
	} {
		ctx, err := buildctx.NewDir(fstest.MapFS{"package-lock.json": file(tc.lock)}, "ctx").Context(nil, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := lockedPackages(ctx, "."); !maps.Equal(got, tc.want) {
			t.Errorf("%s: lockedPackages = %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		file, lock string
		want       []string
	}{
		{"yarn.lock", "# yarn lockfile v1\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n  version \"7.24.0\"\n\npuppeteer@^10.0.0:\n  version \"10.4.0\"\n  dependencies:\n    debug \"4.3.1\"\n",
			[]string{"@babel/core", "puppeteer"}},
		{"yarn.lock", "__metadata:\n  version: 8\n\n\"puppeteer@npm:^22.0.0\":\n  version: 22.6.0\n", []string{"puppeteer"}},
		{"pnpm-lock.yaml", "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n\npackages:\n\n  '@scope/x@1.0.0':\n    resolution: {}\n\n  puppeteer@22.6.0(typescript@5.4.5):\n    resolution: {}\n",
			[]string{"@scope/x", "puppeteer"}},
		{"pnpm-lock.yaml", "lockfileVersion: 5.4\n\npackages:\n\n  /canvas/2.11.2:\n    resolution: {}\n  /@scope/y/1.0.0:\n    dev: true\n", []string{"@scope/y", "canvas"}},
	} {
		ctx, err := buildctx.NewDir(fstest.MapFS{tc.file: file(tc.lock)}, "ctx").Context(nil, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Sorted(maps.Keys(lockedPackages(ctx, "."))); !slices.Equal(got, tc.want) {
			t.Errorf("%s: lockedPackages = %q, want %q", tc.file, got, tc.want)
		}
	}
}

func TestPnpmWorkspaces(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want []string
		ok   bool
	}{
		{"packages:\n  - \"apps/*\"\n  - 'packages/*' # shared\n", []string{"apps/*", "packages/*"}, true},
		{"# workspaces\npackages:\n  - apps/web\n\ncatalog:\n  react: ^18\n", []string{"apps/web"}, true},
		{"packages: [apps/*]\n", nil, false},
		{"catalog:\n  react: ^18\n", nil, true},
		{"packages:\n  apps: x\n", nil, false},
	} {
		got, ok := pnpmWorkspaces(tc.yaml)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("pnpmWorkspaces(%q) = %q, %v; want %q, %v", tc.yaml, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPackageBins(t *testing.T) {
	for _, c := range []struct {
		manifest string
		want     map[string]string
	}{
		{`{"name": "replkit", "bin": "bin/replkit.js"}`, map[string]string{"replkit": "bin/replkit.js"}},
		{`{"name": "@acme/mdlint", "bin": "src/cli.js"}`, map[string]string{"mdlint": "src/cli.js"}},
		{`{"name": "tools", "bin": {"a": "a.js", "b": "./b.js"}}`, map[string]string{"a": "a.js", "b": "./b.js"}},
		{`{"name": "lib"}`, nil},
	} {
		var m packageJSON
		if err := json.Unmarshal([]byte(c.manifest), &m); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.want, m.bins()); diff != "" {
			t.Errorf("%s: bins (-want +got):\n%s", c.manifest, diff)
		}
	}
}

func TestRelativeTo(t *testing.T) {
	for _, c := range []struct{ dir, target, want string }{
		{"/usr/local/lib/node_modules", "/opt/greeter", "../../../../opt/greeter"},
		{"/usr/local/lib/node_modules/@acme", "/work", "../../../../../work"},
		{"/usr/local/lib/node_modules", "/usr/local/src/app", "../../src/app"},
		{"/srv", "/srv/app", "app"},
		{"/", "/app", "app"},
	} {
		if got := relativeTo(c.dir, c.target); got != c.want {
			t.Errorf("relativeTo(%q, %q) = %q, want %q", c.dir, c.target, got, c.want)
		}
	}
}

func TestNodeImagePackageManagers(t *testing.T) {
	for _, c := range []struct {
		ref            string
		yarn, corepack bool
	}{
		{"node:18", true, true},
		{"node:hydrogen-slim", true, true},
		{"node:24-alpine", true, true},
		{"node:25", true, false},       // corepack left Node's distribution
		{"node:26-slim", false, false}, // Yarn 1 left the images
		{"node:lts", false, false},
		{"node:latest", false, false},
		{"node", false, false},
	} {
		img := rewrite.LookupImage(c.ref)
		if got := img.Programs.Has("yarn"); got != c.yarn {
			t.Errorf("%s has yarn: %v, want %v", c.ref, got, c.yarn)
		}
		if got := img.Programs.Has("corepack"); got != c.corepack {
			t.Errorf("%s has corepack: %v, want %v", c.ref, got, c.corepack)
		}
	}
}

func TestYarnRestores(t *testing.T) {
	for _, tc := range []struct {
		scripts map[string]string
		undone  bool
	}{
		{map[string]string{"build": "tsc", "start": "node ."}, false},
		{map[string]string{"postinstall": "prisma generate"}, false},
		{map[string]string{"prepare": "husky install && npx prisma generate"}, false},
		{map[string]string{"postinstall": "patch-package"}, true},
		{map[string]string{"patch": "npx patch-package --patch-dir fixes"}, true},
		{map[string]string{"postinstall": "ngcc --properties es2015"}, true},
		{map[string]string{"prepare": "husky install; node scripts/copy-assets.js"}, true},
	} {
		if got := yarnRestores(packageJSON{Scripts: tc.scripts}); (got != "") != tc.undone {
			t.Errorf("yarnRestores(%v) = %q, want undone %v", tc.scripts, got, tc.undone)
		}
	}
}
