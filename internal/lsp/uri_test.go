package lsp

import (
	"net/url"
	"path/filepath"
	"testing"
)

// pathByURL is pathOf by net/url, with the host rule on top: the oracle.
func pathByURL(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.User != nil || u.Host != "" && u.Host != "localhost" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

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
		if got := pathByURL(uri); got != want {
			t.Errorf("net/url reads %q as %q, the table says %q", uri, got, want)
		}
	}
}

// FuzzPathOf holds pathOf to net/url's reading of the same URI.
func FuzzPathOf(f *testing.F) {
	for _, s := range []string{"file:///a/b", "file://localhost/x%20y", "file:////x", "file:///?", "file:///a?b?c#d", "http://h/x", "file://h/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		if got, want := pathOf(uri), pathByURL(uri); got != want {
			t.Errorf("pathOf(%q) = %q, net/url reads %q", uri, got, want)
		}
	})
}
