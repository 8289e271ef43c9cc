package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

func TestUserGiven(t *testing.T) {
	orig := "FROM golang:1.22\nWORKDIR /srv/drop\nCOPY . .\nRUN go build -o drop .\nCMD [\"./drop\"]\n"
	for _, tc := range []struct {
		orig, out string
		want      []string
	}{
		{orig, "FROM golang:1.22 AS compiler\nRUN true\n\nFROM alpine:3.23\nWORKDIR /srv/drop\nUSER 65532:65532\nCMD [\"./drop\"]\n", []string{"/srv/drop"}},
		{orig, "FROM golang:1.22 AS compiler\nRUN mkdir /var/lib/drop\n\nFROM alpine:3.23\nWORKDIR /srv/drop\n" +
			"COPY --from=compiler --chown=65532:65532 /var/lib/drop/ /var/lib/drop/\nCOPY --from=compiler /etc/x /etc/x\nUSER 65532:65532\nCMD [\"./drop\"]\n",
			[]string{"/srv/drop", "/var/lib/drop"}},
		{orig, "FROM golang:1.22 AS compiler\nRUN true\n\nFROM alpine:3.23\nWORKDIR /srv/drop\nCMD [\"./drop\"]\n", nil},
		{strings.Replace(orig, "CMD", "USER app\nCMD", 1), "FROM golang:1.22 AS compiler\n\nFROM alpine:3.23\nWORKDIR /srv/drop\nUSER app\nCMD [\"./drop\"]\n", nil},
	} {
		doc, err := dockerfile.Parse("Dockerfile", []byte(tc.orig))
		if err != nil {
			t.Fatal(err)
		}
		if got := userGiven(doc, &rewrite.Result{Output: []byte(tc.out), Changed: true}); !slices.Equal(got, tc.want) {
			t.Errorf("userGiven = %q, want %q\n%s", got, tc.want, tc.out)
		}
	}
}
