package transforms

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSupervisorConf(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"supervisord", "-n", "-c", "/etc/supervisor/conf.d/app.conf"}, "/etc/supervisor/conf.d/app.conf"},
		{[]string{"/usr/bin/supervisord", "--configuration=supervisord.conf"}, "/srv/supervisord.conf"},
		{[]string{"supervisord", "-csupervisord.conf"}, "/srv/supervisord.conf"},
		{[]string{"supervisord", "-n"}, ""}, // searched for: the package's own
		{[]string{"supervisord", "-c", ""}, ""},
		{[]string{"gunicorn", "-c", "conf.py"}, ""},
	} {
		if got := supervisorConf(tc.words, "/srv"); got != tc.want {
			t.Errorf("supervisorConf(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
}

func TestSupervisorPrograms(t *testing.T) {
	conf := `[supervisord]
nodaemon=true
command=not-a-program

[program:web]
command=gunicorn -b 0.0.0.0:%(ENV_PORT)s app:app ; the web server
directory=/srv/web

; a comment
[program:worker]
command=celery -A proj
  worker --loglevel=info
[eventlistener:watch]
command=%(here)s/listener.sh %(program_name)s
[include]
files = conf.d/*.conf
  /etc/extra/*.ini ; Alpine's folder
`
	var got [][]string
	var dirs []string
	programs, includes := supervisorPrograms(conf, "/srv")
	if diff := cmp.Diff([]string{"conf.d/*.conf", "/etc/extra/*.ini"}, includes); diff != "" {
		t.Errorf("includes (-want +got):\n%s", diff)
	}
	for _, p := range programs {
		w, ok := supervisorWords(p, "/etc/supervisor")
		if !ok {
			t.Fatalf("%s: %q not split", p.name, p.command)
		}
		got, dirs = append(got, w), append(dirs, p.dir)
	}
	want := [][]string{
		{"gunicorn", "-b", "", "app:app"},
		{"celery", "-A", "proj", "worker", "--loglevel=info"},
		{"/etc/supervisor/listener.sh", "watch"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/srv/web", "/srv", "/srv"}, dirs); diff != "" {
		t.Errorf("folders (-want +got):\n%s", diff)
	}
}
