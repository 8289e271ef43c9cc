package transforms

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
)

func TestScriptWrites(t *testing.T) {
	for _, c := range []struct {
		lang, file, src string
		want            []string // the paths written, in the order found
	}{
		{"python", "app.py", `f = open("/var/log/app.log", "a")`, []string{"/var/log/app.log"}},
		{"python", "app.py", `open('/srv/out.bin', mode='wb')`, []string{"/srv/out.bin"}},
		{"python", "app.py", `open("/etc/app.conf")`, nil},
		{"python", "app.py", `open("/etc/app.conf", "r")`, nil},
		{"python", "app.py", `open("state.json", "w")`, nil},
		{"python", "app.py", `logging.FileHandler("/var/log/app/app.log")`, []string{"/var/log/app/app.log"}},
		{"python", "app.py", `RotatingFileHandler(filename="/logs/a.log", maxBytes=10)`, []string{"/logs/a.log"}},
		{"python", "app.py", `logging.basicConfig(level=logging.INFO, filename="/var/log/x.log")`, []string{"/var/log/x.log"}},
		{"python", "app.py", `sqlite3.connect("/data/notes.db")`, []string{"/data/notes.db"}},
		{"python", "app.py", `sqlite3.connect(":memory:")`, nil},
		{"python", "app.py", `URL = "sqlite+aiosqlite:////data/app.db"`, []string{"/data/app.db"}},
		{"python", "app.py", `URL = "sqlite:///./app.db"`, nil},
		{"python", "app.py", `os.makedirs("/var/cache/thumbs", exist_ok=True)`, []string{"/var/cache/thumbs"}},
		{"python", "web/settings.py", `MEDIA_ROOT = "/vol/web/media"`, []string{"/vol/web/media"}},
		{"python", "web/settings.py", `MEDIA_ROOT = BASE_DIR / "media"`, nil},
		{"python", "app.py", `app.config["UPLOAD_FOLDER"] = "/srv/uploads"`, []string{"/srv/uploads"}},
		{"python", "config.py", `UPLOAD_FOLDER = '/data/uploads'`, []string{"/data/uploads"}},
		{"python", "app.py", `os.makedirs(os.path.join("/var/cache", "thumbs"))`, []string{"/var/cache"}},
		{"python", "app.py", `logging.FileHandler(os.path.join(LOG_DIR, "a.log"))`, nil},
		{"python", "app.py", `Path("/data/exports").mkdir(parents=True, exist_ok=True)`, []string{"/data/exports"}},
		{"python", "app.py", `Path("/etc/app.toml").read_text()`, nil},
		{"python", "tests/test_app.py", `open("/var/log/app.log", "a")`, nil},
		{"node", "server.js", `fs.writeFileSync("/var/run/app.pid", String(process.pid))`, []string{"/var/run/app.pid"}},
		{"node", "server.mjs", "await mkdir(`/srv/uploads`, { recursive: true })", []string{"/srv/uploads"}},
		{"node", "server.js", "fs.writeFileSync(`/srv/${name}.json`, data)", nil},
		{"node", "server.js", `fs.mkdirSync(path.join("/data", "uploads"), { recursive: true })`, []string{"/data"}},
		{"node", "server.js", `fs.mkdirSync(path.join(__dirname, "uploads"))`, nil},
		{"node", "server.js", `fs.readFileSync("/etc/app.json")`, nil},
		{"node", "db.ts", `const db = new Database("/data/app.db")`, []string{"/data/app.db"}},
		{"node", "log.js", `new winston.transports.File({ filename: '/var/log/api.log' })`, []string{"/var/log/api.log"}},
		{"node", "log.js", `new winston.transports.File({ filename: 'logs/api.log' })`, nil},
	} {
		ctx, err := buildctx.NewDir(fstest.MapFS{c.file: {Data: []byte(c.src)}}, "ctx").Context(nil, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range scriptWrites(ctx, c.lang) {
			got = append(got, w.path)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s %s: %s (-want +got):\n%s", c.lang, c.file, c.src, diff)
		}
	}
}
