package transforms

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestArchiveWrites(t *testing.T) {
	for _, tc := range []struct {
		line     string
		members  []string
		dir      string
		extracts bool
		ok       bool
	}{
		{"tar xz -C /usr/local/bin migrate", []string{"/usr/local/bin/migrate"}, "", true, true},
		{"tar -xzf - --strip-components=1 linux-amd64/helm", []string{"/work/helm"}, "", true, true},
		{"tar -xzf helm.tar.gz --strip-components 1 -C /opt/bin linux-amd64/helm linux-amd64/LICENSE", []string{"/opt/bin/helm", "/opt/bin/LICENSE"}, "", true, true},
		{"tar xzvf node_exporter.tar.gz", nil, "/work", true, true},
		{"tar -C /opt/oracle -xf client.tar", nil, "/opt/oracle", true, true},
		{"tar --extract --file=client.tar --directory=/opt/client", nil, "/opt/client", true, true},
		{"tar -xf tools.tar --wildcards 'bin/*'", nil, "/work", true, true},
		{"tar -tzf x.tgz", nil, "", false, true},
		{"tar -czf /backup.tgz /etc", nil, "", false, false},
		{"tar -xf x.tar --transform s,^,../,", nil, "", false, false},
		{"tar -xf", nil, "", false, false},
		{"tar -xPf backup.tar", nil, "", false, false},
		{"tar xOf x.tar etc/config", nil, "", false, false},
		{"unzip instantclient.zip", nil, "/work", true, true},
		{"unzip -q protoc.zip -d /opt/protoc", nil, "/opt/protoc", true, true},
		{"unzip -o chromedriver.zip chromedriver -d /usr/local/bin/", []string{"/usr/local/bin/chromedriver"}, "", true, true},
		{"unzip -j tool.zip 'dist/bin/tool' -d /opt/bin", []string{"/opt/bin/tool"}, "", true, true},
		{"unzip -l x.zip", nil, "", false, true},
		{"unzip -qq x.zip -x '*.md' -d /srv/site", nil, "/srv/site", true, true},
		{"unzip -d", nil, "", false, false},
	} {
		args := strings.Fields(strings.ReplaceAll(tc.line, "'", ""))
		u, extracts, ok := archiveWrites(shell.NewCall(args, "/work", nil))
		if ok != tc.ok || extracts != tc.extracts || !cmp.Equal(u.members, tc.members) || u.dir != tc.dir {
			t.Errorf("%s: members %q dir %q extracts %v ok %v, want %q %q %v %v", tc.line, u.members, u.dir, extracts, ok, tc.members, tc.dir, tc.extracts, tc.ok)
		}
	}
}

func TestMadeExecutable(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"chmod +x /opt/migrate", []string{"/opt/migrate"}},
		{"chmod -v a+rx migrate wait", []string{"/src/migrate", "/src/wait"}},
		{"chmod 0755 /usr/local/bin/tool", []string{"/usr/local/bin/tool"}},
		{"chmod u=rwx,go=r /opt/tool", []string{"/opt/tool"}},
		{"chmod 644 /opt/data.json", nil},
		{"chmod -x /opt/tool", nil},
		{"chmod -R g+w /var/data", nil},
	} {
		if diff := cmp.Diff(tc.want, madeExecutable(parsedCall(t, tc.line, "/src"))); diff != "" {
			t.Errorf("madeExecutable(%s) (-want +got):\n%s", tc.line, diff)
		}
	}
}
