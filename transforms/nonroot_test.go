package transforms

import (
	"testing"

	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestOthersRead(t *testing.T) {
	for mode, want := range map[string]bool{
		"644":      true,
		"0755":     true,
		"4755":     true,
		"600":      false,
		"0640":     false,
		"750":      false,
		"+x":       true,
		"u+x":      true,
		"a-w":      true,
		"go-w":     true,
		"go-rwx":   false,
		"o-r":      false,
		"o=":       false,
		"u=rw,go=": false,
		"a=rx":     true,
		"o=u":      true, // others get the owner's permissions
		"-r":       false,
		"u+s,g+s":  true,
		"ugo=rw":   true,
		"bogus":    false,
		"":         false,
	} {
		if got := othersRead(mode); got != want {
			t.Errorf("othersRead(%q) = %v, want %v", mode, got, want)
		}
	}
}

func TestLowPort(t *testing.T) {
	for _, tc := range []struct {
		value string
		bare  bool
		want  int
	}{
		{"80", true, 80},
		{"8080", true, 0},
		{"80", false, 0}, // a number alone is a port only where the name says so
		{"http://+:80", false, 80},
		{"http://+:8080;https://+:443", false, 443},
		{"0.0.0.0:80", false, 80},
		{":8000", false, 0},
		{"http://localhost:80/", false, 80},
		{"8080,443", true, 443},
		{"$PORT", true, 0},
	} {
		got, _ := lowPort(tc.value, tc.bare)
		if got != tc.want {
			t.Errorf("lowPort(%q, %v) = %d, want %d", tc.value, tc.bare, got, tc.want)
		}
	}
}

func TestRootWrite(t *testing.T) {
	writable := []string{"/app", "/tmp", "/dev", "/var/lib/notes"}
	for _, c := range []struct {
		words  []string
		writes []shell.Write
		root   bool
	}{
		{words: []string{"svc", "-data", "/var/lib/svc"}},
		{words: []string{"mkdir", "-p", "/app/cache", "/var/lib/notes/db"}},
		{words: []string{"mkdir", "-p", "/var/lib/svc"}, root: true},
		{words: []string{"mkdir", "-p", ""}, root: true}, // a folder that cannot be known
		{words: []string{"chown", "-R", "nobody", "/app"}, root: true},
		{words: []string{"touch", "data/ready"}}, // in /app, where it runs
		{words: []string{"cp", "/app/relay.yaml", "/etc/relay.yaml"}, root: true},
		{words: []string{"cp", "/etc/relay.yaml", "/app/relay.yaml"}},
		{words: []string{"cp", "-t", "/etc/relay", "relay.yaml"}, root: true}, // into the folder -t names
		{words: []string{"install", "-m", "0644", "/app/a.conf", "/app/b.conf"}},
		{words: []string{"install", "-d", "/app/cache", "/var/cache/app"}, root: true},
		{words: []string{"ln", "-sf", "/dev/stdout", "/var/log/app.log"}, root: true},
		{words: []string{"sed", "-i", "s/a/b/", "/etc/app.conf"}, root: true},
		{words: []string{"sed", "s/a/b/", "/etc/app.conf"}},
		{words: []string{"chmod", "+x", "/app/run.sh"}},
		{words: []string{"chmod", "600", "/etc/app.key"}, root: true},
		{words: []string{"tee", "/dev/stderr"}},
		{words: []string{"echo", "ok"}, writes: []shell.Write{{Path: "/app/ok", Known: true}}},
		{words: []string{"echo", "ok"}, writes: []shell.Write{{Path: "/etc/motd", Known: true}}, root: true},
		{words: []string{"envsubst"}, writes: []shell.Write{{}}, root: true},
	} {
		got := rootWrite([]containerCall{{words: c.words, dir: "/app", writes: c.writes}}, writable) != ""
		if got != c.root {
			t.Errorf("%q %v: root = %v, want %v", c.words, c.writes, got, c.root)
		}
	}
}
