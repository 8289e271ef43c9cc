package transforms

import "testing"

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
