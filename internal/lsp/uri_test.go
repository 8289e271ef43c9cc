package lsp

import "testing"

func TestPathOf(t *testing.T) {
	for uri, want := range map[string]string{
		"file:///home/me/Dockerfile":          "/home/me/Dockerfile",
		"file:///home/me/my%20app/Dockerfile": "/home/me/my app/Dockerfile",
		"FILE:///x":                           "/x",
		"file://localhost/srv/Dockerfile":     "/srv/Dockerfile",
		"file:/x/y":                           "/x/y",
		"file:///a%2Fb?q=1#frag":              "/a/b",
		"file://otherhost/x":                  "", // not this machine
		"file://me@localhost/x":               "",
		"file://localhost:80/x":               "",
		"untitled:Untitled-1":                 "",
		"file:Dockerfile":                     "",
		"file:///a%zz":                        "",
		"file:///a#%":                         "",
		"file:///a\nb":                        "",
		"file://":                             "",
		"":                                    "",
	} {
		if got := pathOf(uri); got != want {
			t.Errorf("pathOf(%q) = %q, want %q", uri, got, want)
		}
	}
}
