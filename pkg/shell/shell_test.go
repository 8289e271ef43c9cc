package shell

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCalls(t *testing.T) {
	type call struct {
		Args        string
		Dir         string
		CGO         string
		Conditional bool
	}
	for _, tc := range []struct {
		script string
		want   []call
	}{
		{"go build -o app .", []call{{"go build -o app .", "/src", "", false}}},
		{"cd cmd/x && go build", []call{{"cd cmd/x", "/src", "", false}, {"go build", "/src/cmd/x", "", false}}},
		{"(cd sub; make) && go build", []call{{"cd sub", "/src", "", false}, {"make", "/src/sub", "", false}, {"go build", "/src", "", false}}},
		{"CGO_ENABLED=0 GOOS=linux go build", []call{{"go build", "/src", "0", false}}},
		{"export CGO_ENABLED=0; go build", []call{{"go build", "/src", "0", false}}},
		// A plain assignment is not exported: go does not see it.
		{"CGO_ENABLED=0; go build", []call{{"go build", "/src", "", false}}},
		{"env CGO_ENABLED=1 go build", []call{{"go build", "/src", "1", false}}},
		{"if true; then go build; fi", []call{{"true", "/src", "", true}, {"go build", "/src", "", true}}},
		{"false || go build", []call{{"false", "/src", "", false}, {"go build", "/src", "", true}}},
		// After a compound command, the folder is known unless a branch
		// that may not have run changed it.
		{"if [ ! -e /usr/bin/python ]; then ln -s python3 /usr/bin/python; fi && rm -rf /var/lib/apt/lists/*",
			[]call{{"[ ! -e /usr/bin/python ]", "/src", "", true}, {"ln -s python3 /usr/bin/python", "/src", "", true}, {"rm -rf /var/lib/apt/lists/*", "/src", "", false}}},
		{"if [ -d sub ]; then cd sub; fi; make", []call{{"[ -d sub ]", "/src", "", true}, {"cd sub", "/src", "", true}, {"make", "", "", false}}},
		{"for d in a b; do cd $d; done; make", []call{{"cd ", "/src", "", true}, {"make", "", "", false}}}, // $d: not known
		{"while false; do cd /x; done; make", []call{{"false", "/src", "", true}, {"cd /x", "/src", "", true}, {"make", "", "", false}}},
		{"case $OUT in /out) cd /x ;; esac; make", []call{{"cd /x", "/src", "", true}, {"make", "", "", false}}},
		{"case $OUT in /out) echo ;; esac; make", []call{{"echo", "/src", "", true}, {"make", "/src", "", false}}},
		// A variable a branch that may not have run set is unknown after
		// it, the same or unset value before it.
		{`export CGO_ENABLED=0; if [ -n "$ARM" ]; then export CGO_ENABLED=1; fi; go build`, []call{{"[ -n  ]", "/src", "0", true}, {"go build", "/src", "?", false}}},
		{`export CGO_ENABLED=0; if [ -n "$ARM" ]; then export CGO_ENABLED=0; fi; go build`, []call{{"[ -n  ]", "/src", "0", true}, {"go build", "/src", "0", false}}},
		{`export CGO_ENABLED=0; case "$ARCH" in arm) export CGO_ENABLED=1 ;; esac; go build`, []call{{"go build", "/src", "?", false}}},
		{`export CGO_ENABLED=1; for t in a; do unknown_cmd; CGO_ENABLED=0; done; go build`, []call{{"unknown_cmd", "/src", "1", true}, {"go build", "/src", "?", false}}},
		{`export CGO_ENABLED=1; [ -n "$ARM" ] || export CGO_ENABLED=0; go build`, []call{{"[ -n  ]", "/src", "1", false}, {"go build", "/src", "?", false}}},
		// After a test, the right side of && may not run; after another
		// command it does, in a build that goes on.
		{`export CGO_ENABLED=0; [ -n "$ARM" ] && export CGO_ENABLED=1; go build`, []call{{"[ -n  ]", "/src", "0", false}, {"go build", "/src", "?", false}}},
		{`mkdir -p /x && cd /x && export CGO_ENABLED=0; go build`, []call{{"mkdir -p /x", "/src", "", false}, {"cd /x", "/src", "", false}, {"go build", "/x", "0", false}}},
		// A function the script calls sets what its body sets.
		{`export CGO_ENABLED=0; arm() { export CGO_ENABLED=1; cd /y; }; arm; go build`, []call{{"cd /y", "/src", "1", true}, {"arm", "/src", "0", false}, {"go build", "", "?", false}}},
		{`export CGO_ENABLED=0; arm() { echo; }; arm; go build`, []call{{"echo", "/src", "0", true}, {"arm", "/src", "0", false}, {"go build", "/src", "0", false}}},
		// declare -x and typeset -x export; declare, local and readonly
		// set; += appends.
		{`declare -x CGO_ENABLED=1; go build`, []call{{"go build", "/src", "1", false}}},
		{`export CGO_ENABLED=1; declare CGO_ENABLED=0; go build`, []call{{"go build", "/src", "0", false}}},
		{`typeset -rx CGO_ENABLED=0; go build`, []call{{"go build", "/src", "0", false}}},
		{`readonly CGO_ENABLED=0; go build`, []call{{"go build", "/src", "", false}}},
		{`export CGO_ENABLED=0; CGO_ENABLED+=1; go build`, []call{{"go build", "/src", "01", false}}},
		{`CGO_ENABLED+=1; export CGO_ENABLED; go build`, []call{{"go build", "/src", "1", false}}},
		{`export CGO_ENABLED=$UNSET; CGO_ENABLED+=1; go build`, []call{{"go build", "/src", "?", false}}},
		{`export CGO_ENABLED=(1); go build`, []call{{"go build", "/src", "?", false}}},
		{`cd -P -- sub && make`, []call{{"cd -P -- sub", "/src", "", false}, {"make", "/src/sub", "", false}}},
		{`cd -x sub; make`, []call{{"cd -x sub", "/src", "", false}, {"make", "", "", false}}},
		// Wrappers run the command after their options as it is.
		{`command go build`, []call{{"go build", "/src", "", false}}},
		{`command -v go && go build`, []call{{"command -v go", "/src", "", false}, {"go build", "/src", "", true}}},
		{`nice -n 10 nohup timeout -s KILL 20m stdbuf -oL -e L go build`, []call{{"go build", "/src", "", false}}},
		{`timeout 20m`, []call{{"timeout 20m", "/src", "", false}}},
		{`nice -n "$N" go build`, []call{{"nice -n  go build", "/src", "", false}}},
		{`builtin cd /x && make`, []call{{"cd /x", "/src", "", false}, {"make", "/x", "", false}}},
		// A loop's variable, and what read and printf -v store, are
		// unknown.
		{`export CGO_ENABLED=0; for CGO_ENABLED in 0 1; do :; done; go build`, []call{{":", "/src", "?", true}, {"go build", "/src", "?", false}}},
		{`export CGO_ENABLED=0; read -r CGO_ENABLED < cgo.txt; go build`, []call{{"read -r CGO_ENABLED", "/src", "0", false}, {"go build", "/src", "?", false}}},
		{`export CGO_ENABLED=0; printf -v CGO_ENABLED %s 1; go build`, []call{{"printf -v CGO_ENABLED %s 1", "/src", "0", false}, {"go build", "/src", "?", false}}},
		// ${NAME:=word} assigns where NAME has no value.
		{`export CGO_ENABLED; : "${CGO_ENABLED:=1}"; go build`, []call{{": ", "/src", "", false}, {"go build", "/src", "?", false}}},
		{`export CGO_ENABLED=0; : "${CGO_ENABLED:=1}"; go build`, []call{{": 0", "/src", "0", false}, {"go build", "/src", "0", false}}},
		// Wrappers in any order.
		{`nice -n 5 env CGO_ENABLED=0 go build`, []call{{"go build", "/src", "0", false}}},
		{`export CGO_ENABLED=$UNSET; env CGO_ENABLED=1 go build`, []call{{"go build", "/src", "1", false}}},
		{`env CGO_ENABLED=1`, []call{{"env CGO_ENABLED=1", "/src", "", false}}},
		// export $(cat .env | xargs) may set any variable.
		{`export CGO_ENABLED=0; export $(cat .env | xargs) && go build -o "$OUT/app"`, []call{{"go build -o ", "/src", "?", false}}},
		{`export $(cat .env | xargs) && export CGO_ENABLED=1 && go build`, []call{{"go build", "/src", "1", false}}},
		// eval of what only the run prints: ssh-agent's socket, or anything.
		{`export CGO_ENABLED=0; eval "$(ssh-agent -s)" && go build`, []call{{"eval ", "/src", "0", false}, {"go build", "/src", "0", false}}},
		{`export CGO_ENABLED=0; eval "$(pyenv init -)" && go build`, []call{{"eval ", "/src", "0", false}, {"go build", "/src", "?", false}}},
		{`cd /x & make`, []call{{"cd /x", "/src", "", false}, {"make", "/src", "", false}}},
		// pushd and popd are cd with a stack.
		{`pushd cmd/server && go build -o ../../bin/server && popd && go vet`, []call{{"pushd cmd/server", "/src", "", false}, {"go build -o ../../bin/server", "/src/cmd/server", "", false}, {"popd", "/src/cmd/server", "", false}, {"go vet", "/src", "", false}}},
		{`popd; make`, []call{{"popd", "/src", "", false}, {"make", "", "", false}}},
		{`pushd +1; make`, []call{{"pushd +1", "/src", "", false}, {"make", "", "", false}}},
		// unset may drop what the image's ENV gave; set -a exports.
		{`unset CGO_ENABLED; go build`, []call{{"unset CGO_ENABLED", "/src", "", false}, {"go build", "/src", "?", false}}},
		{`set -eax; CGO_ENABLED=0; go build`, []call{{"set -eax", "/src", "", false}, {"go build", "/src", "0", false}}},
		{`set -o allexport; CGO_ENABLED=0; set +o allexport; GOOS=linux; go build`, []call{{"set -o allexport", "/src", "", false}, {"set +o allexport", "/src", "0", false}, {"go build", "/src", "0", false}}},
		{`set -ex; CGO_ENABLED=0; go build`, []call{{"set -ex", "/src", "", false}, {"go build", "/src", "", false}}},
		// sudo runs the command as root in its own environment.
		{"sudo apt install -y g++", []call{{"apt install -y g++", "/src", "", false}}},
		{"export CGO_ENABLED=0; sudo go build", []call{{"go build", "/src", "", false}}},
		{"export CGO_ENABLED=0; sudo -E go build", []call{{"go build", "/src", "0", false}}},
		{"sudo -n CGO_ENABLED=1 go build", []call{{"go build", "/src", "1", false}}},
		{"sudo -u app go build", []call{{"sudo -u app go build", "/src", "", false}}},
		{`go build -o "$OUT/app"`, []call{{"go build -o /out/app", "/src", "", false}}},
		{`sh -c 'cd /x && go build'`, []call{{"sh -c cd /x && go build", "/src", "", false}, {"cd /x", "/src", "", false}, {"go build", "/x", "", false}}},
	} {
		calls, err := Calls(tc.script, State{Dir: "/src", Env: MapLookup(map[string]string{"OUT": "/out"}), Build: true})
		if err != nil {
			t.Fatalf("%s: %v", tc.script, err)
		}
		var got []call
		for _, c := range calls {
			got = append(got, call{strings.Join(c.Args, " "), c.Dir, getenv(c, "CGO_ENABLED"), c.Conditional})
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.script, diff)
		}
	}
}

func TestUnknownWords(t *testing.T) {
	calls, err := Calls(`cd "$(cat dir)" && go build -o $NOPE`, State{Dir: "/src"})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 || calls[0].Known[1] || calls[1].Dir != "" || calls[1].Known[3] {
		t.Errorf("unknown words were evaluated: %+v", calls)
	}
}

func TestPositional(t *testing.T) {
	for _, tc := range []struct {
		script string
		want   map[int]bool
	}{
		{`exec "$@"`, map[int]bool{1: true}},
		{`exec $*`, map[int]bool{1: true}},
		{`env A=1 gosu app "$@"`, map[int]bool{2: true}},
		{`exec "$APP" "${@}"`, map[int]bool{2: true}},
		{`exec "$1"`, nil},
		{`exec "${@:2}"`, nil},
		{`exec "x$@"`, nil},
		{`exec gunicorn app`, nil},
	} {
		calls, err := Calls(tc.script, State{Dir: "/app"})
		if err != nil || len(calls) != 1 {
			t.Fatalf("%s: %v %+v", tc.script, err, calls)
		}
		if diff := cmp.Diff(tc.want, calls[0].Positional); diff != "" {
			t.Errorf("%s: Positional (-want +got):\n%s", tc.script, diff)
		}
	}
}

func TestFunctions(t *testing.T) {
	calls, err := Calls("log() { echo \"$@\"; }\nlog start\nwait_db\nwait_db() { pg_isready; }\nwait_db\n", State{Dir: "/app"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range calls {
		got = append(got, fmt.Sprintf("%s %v", c.Args[0], c.Function))
	}
	// A function is known from its definition on; wait_db before its own
	// is a program.
	want := []string{"echo false", "log true", "wait_db false", "pg_isready false", "wait_db true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSubstitutions(t *testing.T) {
	script := "COMMIT=$(git rev-parse HEAD)\nexport KEY=\"$(openssl rand -hex 32)\"\necho \"$(date +%F) $(jq -r .v \"$(dirname \"$0\")/v.json\")\"\n"
	for _, subst := range []bool{false, true} {
		calls, err := Calls(script, State{Dir: "/", Substitutions: subst})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range calls {
			if len(c.Args) > 0 {
				got = append(got, c.Args[0])
			}
		}
		want := []string{"echo"}
		if subst {
			want = []string{"git", "openssl", "date", "dirname", "jq", "echo"}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Substitutions %v (-want +got):\n%s", subst, diff)
		}
	}
}

func TestInFunction(t *testing.T) {
	calls, err := Calls("retry() {\n  until \"$@\"; do sleep 2; done\n}\nretry curl -fsS x\nas() { su-exec app \"$@\"; }\n", State{Dir: "/"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range calls {
		got = append(got, fmt.Sprintf("%q in %q, $@ at %v", c.Args[0], c.InFunction, slices.Sorted(maps.Keys(c.Positional))))
	}
	want := []string{`"" in "retry", $@ at [0]`, `"sleep" in "retry", $@ at []`, `"retry" in "", $@ at []`, `"su-exec" in "as", $@ at [2]`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFunctionsDefined(t *testing.T) {
	got, err := Functions("log() { echo \"$@\"; }\nif true; then wait_db() { true; }; fi\nfunction retry { \"$@\"; }\nlog x\n")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"log", "wait_db", "retry"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPathSubst(t *testing.T) {
	for _, tc := range []struct {
		script, file, dir string
	}{
		{`cd "$(dirname "$0")"`, "/app/bin/start.sh", "/app/bin"},
		{`cd "$(dirname "$0")/.."`, "/app/bin/start.sh", "/app"},
		{`cd $(dirname $0)`, "start.sh", "/srv"},
		{`cd "$(pwd)/data"`, "", "/srv/data"},
		{`cd "$(dirname "$0")"`, "", ""},                         // not a file: $0 is the shell
		{`cd "$(dirname "$(readlink -f "$0")")"`, "/x/s.sh", ""}, // readlink runs
		{`cd "$(dirname "$0" 2>/dev/null)"`, "/x/s.sh", ""},
	} {
		calls, err := Calls(tc.script+"\ntrue", State{Dir: "/srv", Script: tc.file})
		if err != nil || len(calls) != 2 {
			t.Fatalf("%s: %v %+v", tc.script, err, calls)
		}
		if got := calls[1].Dir; got != tc.dir {
			t.Errorf("%s ($0 %q): dir %q, want %q", tc.script, tc.file, got, tc.dir)
		}
	}
}

func TestOffsets(t *testing.T) {
	script := "apt-get update && GOOS=linux go build"
	calls, _ := Calls(script, State{Dir: "/"})
	if got := script[calls[1].Offset:]; got != "GOOS=linux go build" {
		t.Errorf("offset points at %q", got)
	}
}

// getenv is the variable the call sees, "?" when it cannot be known.
func getenv(c Call, name string) string {
	v, _, known := c.Getenv(name)
	if !known {
		return "?"
	}
	return v
}

func TestWrites(t *testing.T) {
	calls, err := Calls(`cd /app && echo hi > out.txt 2>/dev/null && { date; uptime; } >> /var/log/x && > /tmp/empty && cat a >"$UNSET"/f && echo -n > "/dev/tcp/$HOST/$PORT"`, State{Dir: "/"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range calls {
		for _, w := range c.Writes {
			got = append(got, c.Name()+">"+w.Path+map[bool]string{true: "", false: "?"}[w.Known])
		}
	}
	want := []string{"echo>/app/out.txt", "date>/var/log/x", "uptime>/var/log/x", ">/tmp/empty", "cat>?"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("writes %q, want %q", got, want)
	}
}

// TestJoinReadsBack: what Join writes, the shell reads back as the same
// words.
func TestJoinReadsBack(t *testing.T) {
	words := []string{"/app/bot", "--greeting", "hello there", "it's", "", "$HOME", "a\\b"}
	line, _, ok := Join(words)
	if !ok {
		t.Fatalf("Join(%q) failed", words)
	}
	got, known, ok := Words(line, MapLookup(nil))
	if !ok || len(got) != len(words) {
		t.Fatalf("Words(%s) = %q, %v", line, got, ok)
	}
	for i := range words {
		if got[i] != words[i] || !known[i] {
			t.Errorf("word %d: %q (known %v), want %q", i, got[i], known[i], words[i])
		}
	}
}

func TestSourceWords(t *testing.T) {
	for _, tc := range []struct {
		script string
		want   []string
		ok     bool
	}{
		{`apt-get install -y "postgresql-client-${PG}" curl=$V`, []string{"apt-get", "install", "-y", `"postgresql-client-${PG}"`, "curl=$V"}, true},
		{`DEBIAN_FRONTEND=noninteractive apt-get install x`, []string{"apt-get", "install", "x"}, true},
		{`apt-get update && apt-get install x`, nil, false},
		{`apt-get install x > /dev/null`, nil, false},
		{`apt-get install 'x`, nil, false},
	} {
		got, ok := SourceWords(tc.script)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("SourceWords(%q) = %q, %v; want %q, %v", tc.script, got, ok, tc.want, tc.ok)
		}
	}
}

// TestEvalAndTrap: eval's words and trap's script are commands of the
// shell, which knows its functions there.
func TestEvalAndTrap(t *testing.T) {
	script := `cleanup() { rm -f /tmp/pid; }
trap cleanup EXIT
trap 'curl -fsS -X POST http://hooks/stopped' TERM INT
trap - HUP
trap '' PIPE
eval "git -C /srv pull"
eval "$(ssh-agent -s)"
cd /data
eval 'tar -xf seed.tar'
`
	calls, err := Calls(script, State{Dir: "/"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range calls {
		got = append(got, fmt.Sprintf("%s function=%v in %s", strings.Join(c.Args, " "), c.Function, c.Dir))
	}
	want := []string{
		"rm -f /tmp/pid function=false in /",
		"trap cleanup EXIT function=false in /",
		"cleanup function=true in /",
		"trap curl -fsS -X POST http://hooks/stopped TERM INT function=false in /",
		"curl -fsS -X POST http://hooks/stopped function=false in /",
		"trap - HUP function=false in /",
		"trap  PIPE function=false in /",
		"eval git -C /srv pull function=false in /",
		"git -C /srv pull function=false in /",
		"eval  function=false in /",
		"cd /data function=false in /",
		"eval tar -xf seed.tar function=false in /data",
		"tar -xf seed.tar function=false in /data",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestActivate(t *testing.T) {
	env := func(name string) (string, bool, bool) {
		if name == "PATH" {
			return "/usr/local/bin:/usr/bin", true, true
		}
		return "", false, true
	}
	for _, tc := range []struct {
		script, path, venv string
	}{
		{`. venv/bin/activate && pip install -r r.txt`, "/app/venv/bin:/usr/local/bin:/usr/bin", "/app/venv"},
		{`source /opt/env/bin/activate; pip install flask`, "/opt/env/bin:/usr/local/bin:/usr/bin", "/opt/env"},
		{`cd /srv && . .venv/bin/activate && pip install .`, "/srv/.venv/bin:/usr/local/bin:/usr/bin", "/srv/.venv"},
		{`. ./env.sh && pip install flask`, "/usr/local/bin:/usr/bin", ""}, // another script: not read here
	} {
		calls, err := Calls(tc.script, State{Dir: "/app", Env: env})
		if err != nil {
			t.Fatal(err)
		}
		last := calls[len(calls)-1]
		if got := getenv(last, "PATH"); got != tc.path {
			t.Errorf("%s: PATH %q, want %q", tc.script, got, tc.path)
		}
		if got := getenv(last, "VIRTUAL_ENV"); got != tc.venv {
			t.Errorf("%s: VIRTUAL_ENV %q, want %q", tc.script, got, tc.venv)
		}
	}
}

func TestStdin(t *testing.T) {
	for script, want := range map[string][]string{
		"curl -sSL https://install.python-poetry.org | python3 -": {"", "curl -sSL https://install.python-poetry.org"},
		"curl -fsSL u | sh -s -- -y && rm -f x":                   {"", "curl -fsSL u", ""},
		"wget -qO- u | tee /tmp/i.sh | bash":                      {"", "wget -qO- u", "tee /tmp/i.sh"},
		"curl u | { sh; echo done; }":                             {"", "curl u", ""},
		"echo hi; sh":                                             {"", ""},
	} {
		calls, err := Calls(script, State{Dir: "/"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range calls {
			got = append(got, strings.Join(c.Stdin, " "))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: Stdin (-want +got):\n%s", script, diff)
		}
	}
}

func TestSudoEnvironment(t *testing.T) {
	env := MapLookup(map[string]string{"PATH": "/opt/tool/bin:/usr/bin", "LANG": "C.UTF-8"})
	calls, err := Calls(`sudo DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata`, State{Dir: "/", Env: env, Build: true})
	if err != nil {
		t.Fatal(err)
	}
	c := calls[0]
	for name, want := range map[string]string{"PATH": securePath, "HOME": "/root", "DEBIAN_FRONTEND": "noninteractive", "LANG": ""} {
		if got, _, known := c.Getenv(name); got != want || !known {
			t.Errorf("%s under sudo = %q (known %v), want %q", name, got, known, want)
		}
	}
	if !c.Sudo || c.Name() != "apt-get" {
		t.Errorf("read as %q, sudo %v", c.Args, c.Sudo)
	}
	calls, _ = Calls(`sudo -E make`, State{Dir: "/", Env: env, Build: true})
	if got, _, _ := calls[0].Getenv("PATH"); got != securePath {
		t.Errorf("PATH under sudo -E = %q, want secure_path", got)
	}
	if got, _, _ := calls[0].Getenv("LANG"); got != "C.UTF-8" {
		t.Errorf("LANG under sudo -E = %q, want the caller's", got)
	}
	// A container's script needs sudo itself: without State.Build it is
	// the program.
	if calls, _ := Calls(`sudo apt-get install -y tzdata`, State{Dir: "/", Env: env}); calls[0].Name() != "sudo" || calls[0].Sudo {
		t.Errorf("without State.Build: read as %q", calls[0].Args)
	}
	// So does a runner: stdbuf must be in the runtime image.
	if calls, _ := Calls(`stdbuf -oL /app`, State{Dir: "/", Env: env}); calls[0].Name() != "stdbuf" {
		t.Errorf("without State.Build: read as %q", calls[0].Args)
	}
	// sudo sh -c: the script's commands run as root, in sudo's environment.
	calls, _ = Calls(`sudo sh -c 'apt-get update && apt-get install -y tzdata'`, State{Dir: "/", Env: env, Build: true})
	if len(calls) != 3 || !calls[2].Sudo || calls[2].Name() != "apt-get" {
		t.Fatalf("sudo sh -c read as %d calls: %+v", len(calls), calls)
	}
	if got, _, _ := calls[2].Getenv("PATH"); got != securePath {
		t.Errorf("PATH under sudo sh -c = %q", got)
	}
}

func TestAndThen(t *testing.T) {
	for _, tc := range []struct {
		script        string
		first, second []string
		text          string
		redirects     bool
	}{
		{"g++ -O2 -o tally main.cpp && ./tally input.txt", []string{"g++", "-O2", "-o", "tally", "main.cpp"}, []string{"./tally", "input.txt"}, "./tally input.txt", false},
		{"gcc sum.c -o sum&&./sum < input.txt > output.txt", []string{"gcc", "sum.c", "-o", "sum"}, []string{"./sum"}, "./sum < input.txt > output.txt", true},
		{"javac Main.java && java Main 2>> errors.log <<< 42", []string{"javac", "Main.java"}, []string{"java", "Main"}, "java Main 2>> errors.log <<< 42", true},
		{"g++ main.cpp", nil, nil, "", false},
		{"g++ main.cpp && ./a.out && echo done", nil, nil, "", false},
		{"g++ main.cpp; ./a.out", nil, nil, "", false},
		{"g++ main.cpp || ./a.out", nil, nil, "", false},
		{"g++ *.cpp -o m && ./m", nil, nil, "", false},
		{"g++ 'main.cpp' -o m && ./m", nil, nil, "", false},
		{"g++ $SRC -o m && ./m", nil, nil, "", false},
		{"g++ main.cpp -o m 2>&1 && ./m", nil, nil, "", false},
		{"g++ main.cpp -o m > log && ./m", nil, nil, "", false},
		{"CXX=1 g++ main.cpp -o m && ./m", nil, nil, "", false},
		{"g++ main.cpp -o m && ./m 2>&1", nil, nil, "", false},
		{"g++ main.cpp -o m && ./m | tee out", nil, nil, "", false},
		{"g++ main.cpp -o m && ./m # run it", nil, nil, "", false},
		{"g++ main\\.cpp -o m && ./m", nil, nil, "", false},
		{"g++ ~/main.cpp -o m && ./m", nil, nil, "", false},
	} {
		first, second, text, redirects, ok := AndThen(tc.script)
		if ok != (tc.first != nil) || !slices.Equal(first, tc.first) || !slices.Equal(second, tc.second) || text != tc.text || redirects != tc.redirects {
			t.Errorf("AndThen(%q) = %q, %q, %q, %v, %v; want %q, %q, %q, %v", tc.script, first, second, text, redirects, ok, tc.first, tc.second, tc.text, tc.redirects)
		}
	}
}
