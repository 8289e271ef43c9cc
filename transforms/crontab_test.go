package transforms

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCronJobs(t *testing.T) {
	text := `# comment
PATH=/usr/local/bin:/usr/bin:/bin
*/5 * * * * root cd /app && python job.py >> /var/log/job.log 2>&1
@reboot www-data /app/warm.sh
0 3 * * * root date +\%F > /tmp/day % stdin for the job

15 4 * * *
`
	got := cronJobs(text, true)
	want := []cronJob{
		{"root", "cd /app && python job.py >> /var/log/job.log 2>&1"},
		{"www-data", "/app/warm.sh"},
		{"root", "date +%F > /tmp/day"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(cronJob{})); diff != "" {
		t.Errorf("system crontab (-want +got):\n%s", diff)
	}
	user := cronJobs("*/5 * * * * /app/tick\n", false)
	if diff := cmp.Diff([]cronJob{{"", "/app/tick"}}, user, cmp.AllowUnexported(cronJob{})); diff != "" {
		t.Errorf("user crontab (-want +got):\n%s", diff)
	}
}
