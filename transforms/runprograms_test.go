package transforms

import (
	"slices"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestStaticRoot(t *testing.T) {
	for _, tc := range []struct {
		value, want string
		known       bool
	}{
		{`BASE_DIR / "staticfiles"`, "/srv/app/staticfiles", true},
		{`BASE_DIR / 'static' / 'root'`, "/srv/app/static/root", true},
		{`os.path.join(BASE_DIR, "static_root")`, "/srv/app/static_root", true},
		{`str(BASE_DIR / "collected")`, "/srv/app/collected", true},
		{`"/var/www/static"  # the proxy serves it`, "/var/www/static", true},
		{`'public'`, "/work/public", true},
		{`os.environ["STATIC_ROOT"]`, "", false},
		{`BASE_DIR / STATIC_DIR`, "", false},
		{`BASE_DIR / "/abs"`, "", false},
		{`f"{BASE_DIR}/static"`, "", false},
	} {
		got, known := staticRoot(tc.value, "/work", "/srv/app")
		if got != tc.want || known != tc.known {
			t.Errorf("staticRoot(%s) = %q, %v; want %q, %v", tc.value, got, known, tc.want, tc.known)
		}
	}
}

func TestHomeOf(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"useradd -m app", "/home/app"},
		{"useradd --create-home --shell /bin/bash --uid 1000 app", "/home/app"},
		{"useradd -m -d /srv/app app", "/srv/app"},
		{"useradd -m --home-dir=/opt/app app", "/opt/app"},
		{"useradd -m -b /data app", "/data/app"},
		{"useradd -m -R /chroot app", ""},
		{"adduser -S app -G app", "/home/app"},
		{"adduser -D -g '' -h /app app", "/app"},
		{"adduser --disabled-password --gecos '' app", "/home/app"},
		{"adduser --home /var/lib/app --system app", "/var/lib/app"},
		{"adduser app staff", ""},
		{"useradd -m -d relative app", ""},
		{"useradd -m -d", ""},
	} {
		if got := homeOf(parsedCall(t, tc.line, "/")); got != tc.want {
			t.Errorf("homeOf(%s) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestDownloadedFiles(t *testing.T) {
	for _, tc := range []struct {
		line  string
		files []string
		ok    bool
	}{
		{"curl -fsSL -o /wait https://example.com/releases/wait", []string{"/wait"}, true},
		{"curl -fsSLo bin/migrate https://example.com/migrate.linux-amd64", []string{"/src/bin/migrate"}, true},
		{"curl -LO https://example.com/tool.tar.gz?raw=1", []string{"/src/tool.tar.gz"}, true},
		{"curl -O --output-dir /opt https://example.com/a.bin", []string{"/opt/a.bin"}, true},
		{"curl -H 'Accept: x' --output=/data/model.bin https://example.com/m", []string{"/data/model.bin"}, true},
		{"curl -fsSL https://example.com/install.sh", nil, true},
		{"curl -o - https://example.com/x", nil, true},
		{"curl -O https://example.com/", nil, false},
		{"curl -O https://a.example/x https://b.example/y", nil, false},
		{"wget -q https://example.com/files/data.csv", []string{"/src/data.csv"}, true},
		{"wget -qO /usr/local/bin/jq https://example.com/jq-linux64", []string{"/usr/local/bin/jq"}, true},
		{"wget -P /models --tries 3 https://example.com/m/weights.pt", []string{"/models/weights.pt"}, true},
		{"wget -qO- https://example.com/setup.sh", nil, true},
		{"wget --output-document=/tmp/x.deb https://example.com/x.deb", []string{"/tmp/x.deb"}, true},
	} {
		files, ok := downloadedFiles(parsedCall(t, tc.line, "/src"))
		if ok != tc.ok || !slices.Equal(files, tc.files) {
			t.Errorf("downloadedFiles(%s) = %q, %v; want %q, %v", tc.line, files, ok, tc.files, tc.ok)
		}
	}
}

func TestGitWrites(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		path    string
		dir, ok bool
	}{
		{[]string{"git", "clone", "https://github.com/example/assets.git"}, "/app/assets", true, true},
		{[]string{"git", "clone", "--depth", "1", "-b", "v1.2.0", "https://github.com/example/assets.git", "/opt/assets"}, "/opt/assets", true, true},
		{[]string{"git", "clone", "--branch=main", "git@github.com:example/site.git", "."}, "/app", true, true},
		{[]string{"git", "clone", "--recurse-submodules", "https://example.com/x/y/"}, "/app/y", true, true},
		{[]string{"git", "config", "--global", "--add", "safe.directory", "*"}, "/root/.gitconfig", false, true},
		{[]string{"git", "config", "user.name", "x"}, "", false, false},
		{[]string{"git", "submodule", "update", "--init"}, "", false, false},
		{[]string{"git", "clone"}, "", false, false},
	} {
		known := make([]bool, len(tc.args))
		for i := range known {
			known[i] = true
		}
		p, dir, ok := gitWrites(shell.Call{Args: tc.args, Known: known, Dir: "/app"}, "/root")
		if p != tc.path || dir != tc.dir || ok != tc.ok {
			t.Errorf("gitWrites(%q) = %q, %v, %v; want %q, %v, %v", tc.args, p, dir, ok, tc.path, tc.dir, tc.ok)
		}
	}
}

func TestHFDownload(t *testing.T) {
	for _, tc := range []struct {
		args []string
		dir  string
	}{
		{[]string{"huggingface-cli", "download", "org/model"}, "/root/.cache/huggingface/hub"},
		{[]string{"hf", "download", "org/model", "--local-dir", "models/m"}, "/app/models/m"},
		{[]string{"huggingface-cli", "download", "org/model", "--cache-dir=/cache"}, "/cache"},
		{[]string{"huggingface-cli", "login"}, ""},
	} {
		known := make([]bool, len(tc.args))
		for i := range known {
			known[i] = true
		}
		c := shell.Call{Args: tc.args, Known: known, Dir: "/app"}
		if dir, _ := hfDownload(c, "/root"); dir != tc.dir {
			t.Errorf("hfDownload(%q) = %q, want %q", tc.args, dir, tc.dir)
		}
	}
}

func TestListSetting(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
		ok   bool
	}{
		{"LOCALE_PATHS = [BASE_DIR / 'locale']\n", []string{"BASE_DIR / 'locale'"}, true},
		{"LOCALE_PATHS = (\n    os.path.join(BASE_DIR, 'locale'),  # ours\n    '/srv/l',\n)\n", []string{"os.path.join(BASE_DIR, 'locale')", "'/srv/l'"}, true},
		{"DEBUG = True\n", nil, true},
		{"LOCALE_PATHS = get_paths()\n", nil, false},
		{"LOCALE_PATHS = [p for p in PATHS]\n", []string{"p for p in PATHS"}, true},
	} {
		got, ok := listSetting(tc.src, "LOCALE_PATHS")
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("listSetting(%q) = %q, %v; want %q, %v", tc.src, got, ok, tc.want, tc.ok)
		}
	}
}

func TestNltkDownloadCode(t *testing.T) {
	for _, tc := range []struct {
		code, dir string
		ok        bool
	}{
		{"import nltk; nltk.download('punkt'); nltk.download('stopwords')", "", true},
		{"import nltk\nnltk.download(['punkt', \"wordnet\"], quiet=True)", "", true},
		{"import nltk; nltk.download('punkt', download_dir='/usr/share/nltk_data')", "/usr/share/nltk_data", true},
		{"import nltk; nltk.download('punkt', download_dir='/a'); nltk.download('x', download_dir='/b')", "", false},
		{"import nltk, os; nltk.download(os.environ['X'])", "", false},
		{"import nltk", "", false}, // downloads nothing
		{"import nltk; nltk.download('punkt'); open('/x', 'w')", "", false},
	} {
		dir, ok := nltkDownloadCode(tc.code)
		if dir != tc.dir || ok != tc.ok {
			t.Errorf("nltkDownloadCode(%q) = %q, %v; want %q, %v", tc.code, dir, ok, tc.dir, tc.ok)
		}
	}
}

func TestModelLoads(t *testing.T) {
	for _, tc := range []struct {
		code  string
		loads []modelLoadCall
		ok    bool
	}{
		{"from sentence_transformers import SentenceTransformer, CrossEncoder; SentenceTransformer('BAAI/bge-base-en-v1.5'); CrossEncoder('BAAI/bge-reranker-base')",
			[]modelLoadCall{{sentenceTransformer: true}, {}}, true},
		{"from transformers import AutoTokenizer, AutoModel\ntok = AutoTokenizer.from_pretrained('bert-base-uncased')\nAutoModel.from_pretrained('bert-base-uncased', revision='main')",
			[]modelLoadCall{{}, {}}, true},
		{"from transformers import pipeline; pipeline('sentiment-analysis', model=\"distilbert-base-uncased-finetuned-sst-2-english\")", []modelLoadCall{{}}, true},
		{"import sentence_transformers; sentence_transformers.SentenceTransformer('all-MiniLM-L6-v2', cache_folder='/models')",
			[]modelLoadCall{{sentenceTransformer: true, dir: "/models"}}, true},
		{"from huggingface_hub import snapshot_download; snapshot_download('org/model', cache_dir=\"./hf\")", []modelLoadCall{{dir: "./hf"}}, true},
		{"from sentence_transformers import CrossEncoder; from src.config import M; CrossEncoder(M)", nil, false},
		{"import torch; torch.hub.load('x', 'y')", nil, false},
		{"from transformers import AutoModel; from_pretrained('x')", nil, false},
		{"import whisper; whisper.load_model('base')", []modelLoadCall{{whisper: true}}, true},
		{"import whisper; whisper.load_model('small', download_root='/models')", []modelLoadCall{{whisper: true, dir: "/models"}}, true},
		{"from keras.models import load_model; load_model('m.h5')", nil, false},
		{"import easyocr; easyocr.Reader(['en', 'ch_sim'], gpu=False)", []modelLoadCall{{easyOCR: true}}, true},
		{"from mylib import Reader; Reader('x')", nil, false},
		{"import os", nil, false}, // loads nothing
	} {
		loads, ok := modelLoads(tc.code)
		if ok != tc.ok || !slices.Equal(loads, tc.loads) {
			t.Errorf("modelLoads(%q) = %+v, %v; want %+v, %v", tc.code, loads, ok, tc.loads, tc.ok)
		}
	}
}

func TestPythonStatements(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"\"\"\"Bakes the models.\"\"\"\n# comment\nimport nltk\n\nnltk.download('punkt')\n", "import nltk\nnltk.download('punkt')"},
		{"'''\nA longer\ndocstring.\n'''\nfrom x import Y\nY('m')\n", "from x import Y\nY('m')"},
		{"from x import Y\n\nif __name__ == \"__main__\":\n    Y('m')\n", "from x import Y\nY('m')"},
		{"from x import Y\n\ndef main():\n    Y('m')\n", ""},
		{"if __name__ == '__main__':\n    Y('m')\nprint('after')\n", ""},
	} {
		if got := pythonStatements(tc.src); got != tc.want {
			t.Errorf("pythonStatements(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}
