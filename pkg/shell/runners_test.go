package shell

import (
	"slices"
	"testing"
)

func TestInner(t *testing.T) {
	for _, tc := range []struct{ words, want []string }{
		{[]string{"timeout", "10", "git", "fetch"}, []string{"git", "fetch"}},
		{[]string{"timeout", "-s", "KILL", "--preserve-status", "30s", "curl", "x"}, []string{"curl", "x"}},
		{[]string{"timeout", "--signal=TERM", "5", "jq"}, []string{"jq"}},
		{[]string{"nohup", "rsync", "-a"}, []string{"rsync", "-a"}},
		{[]string{"nice", "-n", "19", "gzip"}, []string{"gzip"}},
		{[]string{"nice", "-10", "gzip"}, []string{"gzip"}},
		{[]string{"xargs", "-0", "-I", "{}", "-P", "4", "convert", "{}"}, []string{"convert", "{}"}},
		{[]string{"xargs", "-n1", "curl"}, []string{"curl"}},
		{[]string{"xargs"}, nil}, // echo
		{[]string{"gosu", "app", "git", "pull"}, []string{"git", "pull"}},
		{[]string{"gosu", "app", ""}, []string{""}}, // "$@": the caller's
		{[]string{"/sbin/su-exec", "app:app", "/app/server"}, []string{"/app/server"}},
		{[]string{"sudo", "-u", "www-data", "-E", "php", "x"}, []string{"php", "x"}},
		{[]string{"sudo", "-s"}, nil},
		{[]string{"flock", "-n", "/tmp/lock", "backup.sh"}, []string{"backup.sh"}},
		{[]string{"flock", "/tmp/lock", "-c", "git pull"}, nil},
		{[]string{"tini", "-g", "--", "node", "server.js"}, []string{"node", "server.js"}},
		{[]string{"command", "git", "pull"}, []string{"git", "pull"}},
		{[]string{"command", "-v", "git"}, nil},
		{[]string{"stdbuf", "-oL", "tail", "-f"}, []string{"tail", "-f"}},
		{[]string{"env", "-i", "HOME=/srv", "PATH=/usr/bin", "git", "pull"}, []string{"git", "pull"}},
		{[]string{"/usr/bin/env", "GIT_SSH_COMMAND=ssh -i /k", "git"}, []string{"git"}},
		{[]string{"env", "-u", "HOME", "-C", "/srv", "rsync", "-a"}, []string{"rsync", "-a"}},
		{[]string{"env", "-S", "git pull"}, nil},
		{[]string{"env", "A=1"}, nil}, // prints the environment
		{[]string{"runuser", "-u", "app", "--", "git", "pull"}, []string{"git", "pull"}},
		{[]string{"runuser", "--user=app", "curl"}, []string{"curl"}},
		{[]string{"runuser", "app", "-c", "git pull"}, nil}, // userScript's
		{[]string{"runuser", "-l", "app", "-c", "git pull"}, nil},
		{[]string{"setpriv", "--reuid=1000", "--regid", "1000", "--init-groups", "git", "pull"}, []string{"git", "pull"}},
		{[]string{"git", "pull"}, nil},
	} {
		if got := Inner(tc.words); !slices.Equal(got, tc.want) {
			t.Errorf("Inner(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
}
