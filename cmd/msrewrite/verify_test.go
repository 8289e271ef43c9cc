package main

import (
	"strings"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

func TestUserGiven(t *testing.T) {
	orig := "FROM golang:1.22\nWORKDIR /srv/drop\nCOPY . .\nRUN go build -o drop .\nCMD [\"./drop\"]\n"
	for _, tc := range []struct{ orig, out, want string }{
		{orig, "FROM golang:1.22 AS compiler\nRUN true\n\nFROM alpine:3.23\nWORKDIR /srv/drop\nUSER 65532:65532\nCMD [\"./drop\"]\n", "/srv/drop"},
		{orig, "FROM golang:1.22 AS compiler\nRUN true\n\nFROM alpine:3.23\nWORKDIR /srv/drop\nCMD [\"./drop\"]\n", ""},
		{strings.Replace(orig, "CMD", "USER app\nCMD", 1), "FROM golang:1.22 AS compiler\n\nFROM alpine:3.23\nWORKDIR /srv/drop\nUSER app\nCMD [\"./drop\"]\n", ""},
	} {
		doc, err := dockerfile.Parse("Dockerfile", []byte(tc.orig))
		if err != nil {
			t.Fatal(err)
		}
		if got := userGiven(doc, &rewrite.Result{Output: []byte(tc.out), Changed: true}); got != tc.want {
			t.Errorf("userGiven = %q, want %q\n%s", got, tc.want, tc.out)
		}
	}
}
