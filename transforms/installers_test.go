package transforms

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestInstallsToolchain(t *testing.T) {
	for _, c := range []struct {
		script, toolchain string
		want              bool
	}{
		{"curl https://sh.rustup.rs -sSf | sh -s -- -y", "rust", true},
		{"curl https://sh.rustup.rs -sSf | sh -s -- -y", "python", false},
		{"curl -LsSf https://astral.sh/uv/install.sh | sh", "python", false},
		{"sh rustup-init.sh -y", "rust", false},
	} {
		calls, err := shell.Calls(c.script, shell.State{Dir: "/"})
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, call := range calls {
			got = got || installsToolchain(call, c.toolchain)
		}
		if got != c.want {
			t.Errorf("%s for %s: got %v, want %v", c.script, c.toolchain, got, c.want)
		}
	}
}

func TestScriptInstallers(t *testing.T) {
	for _, c := range []struct {
		script string
		want   string // path, or path->link, joined by spaces; "?" for a refusal, "" for no installer
	}{
		{"curl -sSL https://install.python-poetry.org | python3 -", "/root/.local/share/pypoetry /root/.local/bin/poetry->/root/.local/share/pypoetry/venv/bin/poetry"},
		{"curl -sSL https://install.python-poetry.org/ | python - --version 1.8.3", "/root/.local/share/pypoetry /root/.local/bin/poetry->/root/.local/share/pypoetry/venv/bin/poetry"},
		{"curl -sSL https://install.python-poetry.org | POETRY_HOME=/opt/poetry python3.12 -", "/opt/poetry"},
		{"wget -qO- https://install.python-poetry.org | XDG_DATA_HOME=/data PYTHONUSERBASE=/usr/local python3 -", "/data/pypoetry /usr/local/bin/poetry->/data/pypoetry/venv/bin/poetry"},
		{"curl -sSL https://install.python-poetry.org | python3 - --uninstall", "?"},
		{"curl -sSL https://install.python-poetry.org | POETRY_HOME=poetry python3 -", "?"},
		{"curl -sSL https://example.com/install-poetry.py | python3 -", ""},
		{"curl -sSL https://install.python-poetry.org | sh", ""},
		{"python3 -", ""},
		{"curl -LsSf https://astral.sh/uv/install.sh | sh", "/root/.local/bin/uv /root/.local/bin/uvx"},
		{"curl -LsSf https://astral.sh/uv/0.9.5/install.sh | env UV_INSTALL_DIR=/usr/local/bin sh", "/usr/local/bin/uv /usr/local/bin/uvx"},
		{"wget -qO- https://astral.sh/uv/install.sh | XDG_BIN_HOME=/opt/bin sh -s -- --no-modify-path", "/opt/bin/uv /opt/bin/uvx"},
		{"curl -LsSf https://astral.sh/uv/0.4.30/install.sh | sh", "?"},
		{"curl -LsSf https://astral.sh/uv/install.sh | python3 -", ""},
		{"curl -LsSf https://example.com/uv/install.sh | sh", ""},
		{"curl -sSL https://install.python-poetry.org | python3 get.py", ""},
		{"curl -LsSf https://astral.sh/ruff/install.sh | sh", ""},
		// rustup's installer is a Rust build's own; for any other, refused.
		{"curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y", "?"},
		{"curl https://sh.rustup.rs -sSf | bash -s -- -y --profile minimal", "?"},
		{"curl -sSf https://sh.rustup.rs | sh -c 'cat'", ""},
	} {
		calls, err := shell.Calls(c.script, shell.State{Dir: "/"})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, call := range calls {
			si, version, ok := installerOf(call)
			if !ok {
				continue
			}
			ws, why := si.writes(call, version, "/root")
			if why != "" {
				got = "?"
				break
			}
			var words []string
			for _, w := range ws {
				if w.link != "" {
					words = append(words, w.path+"->"+w.link)
				} else {
					words = append(words, w.path)
				}
			}
			got = strings.Join(words, " ")
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.script, diff)
		}
	}
}
