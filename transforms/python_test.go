package transforms

import (
	"errors"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

func TestNamesBinFile(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"RUN chmod +x /usr/local/bin/docker-entrypoint.sh", false},
		{"RUN curl -fsSL -o /usr/local/bin/gunicorn https://example.com/g", true},
		{"RUN mv build/gunicorn /usr/local/bin/", true},
		{"RUN mv build/gunicorn /usr/local/bin && true", true},
		{"RUN curl -sSfL https://example.com/install.sh | sh -s -- -b /usr/local/bin v1.2", true},
		{"COPY --from=tools /out/* /usr/local/bin/", true},
		{"RUN ln -s /usr/local/bin/python3 /usr/local/bin/python", false},
		{`RUN ["ln", "-s", "/opt/g/bin/gunicorn", "/usr/local/bin/gunicorn"]`, true},
		{"RUN pip install gunicorn", false},
	} {
		if got := namesBinFile(c.text, "gunicorn"); got != c.want {
			t.Errorf("namesBinFile(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestManagerVenvs(t *testing.T) {
	for _, c := range []struct {
		lines, want string // want "" for a refusal
	}{
		{"WORKDIR /app\nRUN pipenv install --deploy", "/root/.local/share/virtualenvs"},
		{"WORKDIR /app\nENV PIPENV_VENV_IN_PROJECT=1\nRUN pipenv install", "/app/.venv"},
		{"WORKDIR /app\nRUN PIPENV_VENV_IN_PROJECT=true pipenv sync", "/app/.venv"},
		{"WORKDIR /app\nENV PIPENV_VENV_IN_PROJECT=0\nRUN pipenv install", "/root/.local/share/virtualenvs"},
		{"WORKDIR /app\nENV PIPENV_VENV_IN_PROJECT=yes-please\nRUN pipenv install", ""},
		{"WORKDIR /app\nENV PIPENV_PIPFILE=/src/Pipfile PIPENV_VENV_IN_PROJECT=1\nRUN pipenv install", "/src/.venv"},
		{"WORKDIR /app\nENV WORKON_HOME=/venvs/\nRUN pipenv install", "/venvs"},
		{"WORKDIR /app\nENV WORKON_HOME=~/.venvs\nRUN pipenv install", ""},
		{"WORKDIR /app\nENV XDG_DATA_HOME=/data\nRUN pipenv install", "/data/virtualenvs"},
		{"WORKDIR /app\nRUN useradd -m bot\nUSER bot\nRUN pipenv install", "/home/bot/.local/share/virtualenvs"},
		{"WORKDIR /app\nUSER 1000\nRUN pipenv install", ""},
		{"WORKDIR /app\nRUN pipenv install --python 3.10", ""},
		{"WORKDIR /app\nARG HOME_DIR\nRUN WORKON_HOME=$HOME_DIR pipenv install", ""},
		{"WORKDIR /app\nRUN poetry install --only main", "/root/.cache/pypoetry/virtualenvs"},
		{"WORKDIR /app\nENV POETRY_CACHE_DIR=/opt/.cache\nRUN poetry install", "/opt/.cache/virtualenvs"},
		{"WORKDIR /app\nENV POETRY_CACHE_DIR=/opt/.cache POETRY_VIRTUALENVS_PATH=/venvs\nRUN poetry install", "/venvs"},
		{"WORKDIR /app\nENV XDG_CACHE_HOME=/cache\nRUN poetry install", "/cache/pypoetry/virtualenvs"},
		{"WORKDIR /app\nRUN useradd -m -d /srv/bot bot\nUSER bot\nRUN poetry install", "/srv/bot/.cache/pypoetry/virtualenvs"},
		{"WORKDIR /app\nRUN poetry config cache-dir /c && poetry install", ""},
	} {
		src := "FROM python:3.11-bookworm\n" + c.lines + "\n"
		doc, err := dockerfile.Parse("Dockerfile", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		st := rewrite.NewStage(doc)
		calls, err := st.CallsOf("pipenv", "install", "sync")
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if len(calls) == 1 {
			got, err = pipenvVenvs(st, &rewrite.Pass{Doc: doc}, calls[0])
		} else if calls, err = st.CallsOf("poetry", "install"); err == nil && len(calls) == 1 {
			configs, _ := st.CallsOf("poetry", "config")
			got, err = poetryVenvs(st, &rewrite.Pass{Doc: doc}, calls[0], configs)
		} else {
			t.Fatalf("%q: %d calls, %v", c.lines, len(calls), err)
		}
		if skip := (*rewrite.Skip)(nil); err != nil && !errors.As(err, &skip) {
			t.Errorf("%q: %v", c.lines, err)
		}
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("%q: pipenvVenvs = %q, %v; want %q", c.lines, got, err, c.want)
		}
	}
}
