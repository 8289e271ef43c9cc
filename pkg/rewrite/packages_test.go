package rewrite

import (
	"slices"
	"strings"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestPackageCommand(t *testing.T) {
	for _, tc := range []struct {
		line       string
		verb       string
		pkgs       []string
		recommends bool
		source     string
	}{
		{"apt-get install -y ffmpeg", "install", []string{"ffmpeg"}, true, ""},
		{"apt-get install -y --no-install-recommends ffmpeg tzdata", "install", []string{"ffmpeg", "tzdata"}, false, ""},
		{"apt-get -o APT::Install-Recommends=false install -y ffmpeg", "install", []string{"ffmpeg"}, false, ""},
		{"apt-get install -y -oAPT::Install-Recommends=0 ffmpeg", "install", []string{"ffmpeg"}, false, ""},
		{`apt-get -o Dpkg::Options::=--force-confold install -y ffmpeg`, "install", []string{"ffmpeg"}, true, ""},
		{"apt-get install -y -t bookworm-backports ffmpeg", "install", []string{"ffmpeg"}, true, "with -t bookworm-backports"},
		{"apt install -y --target-release=bookworm-backports golang", "install", []string{"golang"}, true, "with --target-release=bookworm-backports"},
		{"apt-get update", "", nil, true, ""},
		{"apk add --no-cache --virtual .build-deps gcc musl-dev", "add", []string{"gcc", "musl-dev"}, false, ""},
		{"apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing vips", "add", []string{"vips"}, false, "with -X https://dl-cdn.alpinelinux.org/alpine/edge/testing"},
		{"apk add --no-cache vips@testing", "add", []string{"vips@testing"}, false, "from the repository @testing tags"},
		{"apk del .build-deps", "del", []string{".build-deps"}, false, ""},
		{"apt-get install -y curl=7.88.1-10+deb12u5 libpq-dev=15.*", "install", []string{"curl", "libpq-dev"}, true, ""},
		{"apk add --no-cache curl~8.5 libpq>16.0 tini=0.19.0-r3", "add", []string{"curl", "libpq", "tini"}, false, ""},
	} {
		args := strings.Fields(tc.line)
		known := make([]bool, len(args))
		for i := range known {
			known[i] = true
		}
		cmd, ok := packageCommand(shell.Call{Args: args, Known: known, Dir: "/"}, nil)
		if !ok || cmd.verb != tc.verb || !slices.Equal(cmd.pkgs, tc.pkgs) || cmd.recommends != tc.recommends || cmd.source != tc.source {
			t.Errorf("%s: %q %q recommends %v source %q, want %q %q %v %q", tc.line, cmd.verb, cmd.pkgs, cmd.recommends, cmd.source, tc.verb, tc.pkgs, tc.recommends, tc.source)
		}
	}
	if _, ok := packageCommand(shell.Call{Args: []string{"dnf", "install", "x"}, Known: []bool{true, true, true}}, nil); ok {
		t.Error("dnf read as apt or apk")
	}
}

func TestPinned(t *testing.T) {
	doc := `FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 jq=1.6-2.1 tini
RUN apt-get install -y jq
`
	d, err := dockerfile.Parse("Dockerfile", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	st := NewStage(d)
	for _, tc := range []struct {
		img, pkg, want string
	}{
		{"debian:bookworm-slim", "curl", "curl=7.88.1-10+deb12u5"},
		{"debian:bookworm-slim", "jq", "jq"}, // installed again unpinned
		{"debian:bookworm-slim", "tini", "tini"},
		{"debian:bullseye-slim", "curl", "curl"}, // another release's versions
		{"alpine:3.20", "curl", "curl"},
	} {
		if got := st.Pinned(LookupImage(tc.img), tc.pkg); got != tc.want {
			t.Errorf("Pinned(%s, %s) = %q, want %q", tc.img, tc.pkg, got, tc.want)
		}
	}
}

func TestAptFrontend(t *testing.T) {
	for _, tc := range []struct {
		doc, want string
		line      int
	}{
		{"FROM debian:bookworm\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update && apt-get install -y ffmpeg\n", "noninteractive", 3},
		{"FROM debian:bookworm\nARG DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y ffmpeg\n", "noninteractive", 3},
		{"FROM debian:bookworm\nRUN apt-get update && DEBIAN_FRONTEND=readline apt-get install -y ffmpeg\n", "readline", 2},
		{"FROM debian:bookworm\nRUN export DEBIAN_FRONTEND=noninteractive; apt-get install -y ffmpeg\n", "noninteractive", 2},
		// Set only for another command, declared without a value, not a
		// frontend's name, or not known: apt's own.
		{"FROM debian:bookworm\nRUN DEBIAN_FRONTEND=noninteractive echo && apt-get install -y ffmpeg\n", "", 0},
		{"FROM debian:bookworm\nARG DEBIAN_FRONTEND\nRUN apt-get install -y ffmpeg\n", "", 0},
		{"FROM debian:bookworm\nRUN DEBIAN_FRONTEND='x; rm -rf /' apt-get install -y ffmpeg\n", "", 0},
		{"FROM debian:bookworm\nRUN DEBIAN_FRONTEND=$(cat /f) apt-get install -y ffmpeg\n", "", 0},
		{"FROM alpine:3.20\nENV DEBIAN_FRONTEND=noninteractive\nRUN apk add --no-cache ffmpeg\n", "", 0},
	} {
		d, err := dockerfile.Parse("Dockerfile", []byte(tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if got, line := NewStage(d).AptFrontend(); got != tc.want || line != tc.line {
			t.Errorf("%q: AptFrontend() = %q, %d, want %q, %d", tc.doc, got, line, tc.want, tc.line)
		}
	}
}

func TestLibraryPackage(t *testing.T) {
	for _, tc := range []struct {
		image, dev, want string
		known            bool
	}{
		{"debian:bookworm-slim", "libmagickwand-dev", "libmagickcore-6.q16-6-extra", true},
		{"debian:trixie-slim", "libmagickwand-dev", "libmagickcore-7.q16-10-extra", true},
		{"debian:trixie-slim", "libtiff-dev", "libtiff6", true},
		{"debian:trixie-slim", "libssl-dev", "libssl3t64", true},
		{"debian:bullseye-slim", "libssl-dev", "libssl1.1", true},
		{"alpine:3.16", "openssl-dev", "libssl1.1", true},
		{"alpine:3.20", "libpq-dev", "libpq", true},
		{"debian:bookworm-slim", "libopenblas-dev", "libopenblas0", true},
		{"alpine:3.20", "openblas-dev", "openblas", true},
		{"debian:trixie-slim", "libgfortran", "libgfortran5", true},
		{"debian:trixie-slim", "libevent-dev", "libevent-2.1-7t64", true},
		{"debian:trixie-slim", "tk-dev", "libtk8.6", true},
		{"alpine:3.20", "tk-dev", "tk", true},
		{"debian:trixie-slim", "libfontconfig-dev", "libfontconfig1", true},
		{"debian:bullseye-slim", "libcairo2-dev", "libcairo2", true},
		{"debian:buster-slim", "libjson-c-dev", "", false}, // libjson-c3 then: not named
		{"alpine:3.20", "libreadline-dev", "readline", true},
		{"debian:forky-slim", "libxml2-dev", "", false}, // not released: names may move
		{"ubuntu:24.04", "libpq-dev", "libpq5", true},
		{"ubuntu:22.04", "libssl-dev", "libssl3", true},
		{"ubuntu:jammy-20240111", "libssl-dev", "libssl3", true},
		{"ubuntu:focal", "libssl-dev", "libssl1.1", true},
		{"ubuntu:24.04", "libpng-dev", "libpng16-16t64", true},
		{"ubuntu:22.04", "default-libmysqlclient-dev", "", false}, // MySQL's library there, not MariaDB's
		{"ubuntu:latest", "libssl-dev", "", false},                // the release moves: installed as it is
		{"ubuntu:18.04", "libpq-dev", "", false},                  // not read
		{"debian:bookworm-slim", "libgdal-dev", "libgdal32", true},
		{"debian:trixie-slim", "libgeos-dev", "libgeos-c1v5", true}, // provided by libgeos-c1t64
		{"debian:bullseye-slim", "libproj-dev", "libproj19", true},
		{"debian:buster-slim", "libgdal-dev", "", false}, // not checked: installed as it is
		{"alpine:3.20", "gdal-dev", "gdal", true},
		{"debian:bookworm-slim", "libfoo-dev", "", false},
	} {
		got, known := LibraryPackage(LookupImage(tc.image), tc.dev)
		if got != tc.want || known != tc.known {
			t.Errorf("LibraryPackage(%s, %s) = %q, %v; want %q, %v", tc.image, tc.dev, got, known, tc.want, tc.known)
		}
	}
}

func TestProgramPackage(t *testing.T) {
	for _, tc := range []struct{ image, program, want string }{
		{"debian:trixie-slim", "dig", "bind9-dnsutils"}, // trixie has no dnsutils
		{"alpine:3.20", "dig", "bind-tools"},
		{"debian:bookworm-slim", "pg_isready", "postgresql-client"},
		{"debian:bookworm-slim", "identify", "imagemagick"},
		{"alpine:3.20", "identify", "imagemagick"},
		{"alpine:3.20", "free", ""}, // busybox's
		{"debian:bookworm-slim", "sftp", "openssh-client"},
		{"alpine:3.20", "wget", ""}, // busybox's
		{"debian:bookworm-slim", "no-such-program", ""},
	} {
		if got := ProgramPackage(LookupImage(tc.image), tc.program); got != tc.want {
			t.Errorf("ProgramPackage(%s, %s) = %q, want %q", tc.image, tc.program, got, tc.want)
		}
	}
	for _, tc := range []struct {
		pkg, program string
		want         bool
	}{
		{"bind9-dnsutils", "dig", true},
		{"dnsutils", "dig", true}, // bookworm's name, which builds still install
		{"bind-tools", "dig", true},
		{"curl", "dig", false},
		{"postgresql-client-15", "pg_dump", true},
		{"postgresql-client-common", "pg_dump", false},
		{"postgresql-client-", "pg_dump", false},
	} {
		if got := ProgramPackageOf(tc.pkg, tc.program); got != tc.want {
			t.Errorf("ProgramPackageOf(%s, %s) = %v, want %v", tc.pkg, tc.program, got, tc.want)
		}
	}
}

// TestBusyboxLacks: GNU options that busybox's applets do not take, read
// as the applets read their words.
func TestBusyboxLacks(t *testing.T) {
	for _, tc := range []struct {
		words       []string
		pkg, option string
	}{
		{[]string{"grep", "-oP", `(?<=v)\d+`}, "grep", "-P"},
		{[]string{"/bin/grep", "--perl-regexp", "x"}, "grep", "--perl-regexp"},
		{[]string{"grep", "-m1", "-P", "x"}, "grep", "-P"},
		{[]string{"grep", "-mP", "x"}, "", ""},      // -m's value
		{[]string{"grep", "-e", "-P", "f"}, "", ""}, // -e's pattern
		{[]string{"grep", "-qiE", "x"}, "", ""},
		{[]string{"grep", "--", "-P"}, "", ""},
		{[]string{"env", "-C", "/srv", "git", "log"}, "coreutils", "-C"},
		{[]string{"env", "-u", "HOME", "git"}, "", ""},
		{[]string{"env", "-i", "A=1", "grep", "-C", "3", "x"}, "", ""}, // grep's -C
		{[]string{"timeout", "20", "curl", "--signal"}, "", ""},
		{[]string{"timeout", "--signal=KILL", "20", "ssh"}, "coreutils", "--signal"},
		{[]string{"timeout", "-s", "KILL", "20", "ssh"}, "", ""},
		{[]string{"find", "/data", "-type", "f", "-printf", "%p\n"}, "findutils", "-printf"},
		{[]string{"find", "/data", "-name", "*.log", "-delete"}, "", ""},
		{[]string{"readlink", "-f", "/proc/self/exe"}, "", ""},
		{[]string{"readlink", "-m", "x"}, "coreutils", "-m"},
		{[]string{"sed", "-i", "s/a/b/", "f"}, "", ""},
		{[]string{"grep", "", "x"}, "", ""},
		{[]string{"date", "-d", "7 days ago", "+%F"}, "coreutils", `-d "7 days ago"`},
		{[]string{"date", "--date=yesterday", "+%Y%m%d"}, "coreutils", `--date "yesterday"`},
		{[]string{"date", "-d+1hour"}, "coreutils", `-d "+1hour"`},
		{[]string{"date", "-d", "@1700000000"}, "", ""},
		{[]string{"date", "-d", "2024-01-31 12:00"}, "", ""},
		{[]string{"date", "-u", "+%s"}, "", ""},
		{[]string{"date", "-d", ""}, "", ""},
		{[]string{"date", "+%s%N"}, "coreutils", "+%s%N"},
		{[]string{"date", "-u", "+%H:%M:%S.%3N"}, "coreutils", "+%H:%M:%S.%3N"},
		{[]string{"date", "+%s%%N"}, "", ""}, // a percent sign, then N
		{[]string{"date", "+%s"}, "", ""},
		{[]string{"ps", "-p", "1"}, "procps", "-p"},
		{[]string{"ps", "-o", "pid=", "-p", ""}, "procps", "-p"},
		{[]string{"ps", "-eo", "pid,args"}, "", ""},
		{[]string{"ps", "aux"}, "", ""},
		{[]string{"ps", "-aux"}, "procps", "-u"},
		{[]string{"ps", "--no-headers", "-o", "rss"}, "procps", "--no-headers"},
		{[]string{"xargs", "-d", "\n", "rm", "-f"}, "findutils", "-d"},
		{[]string{"xargs", "-L1", "echo"}, "findutils", "-L"},
		{[]string{"xargs", "-n1", "-P4", "curl", "-d", "x"}, "", ""}, // curl's -d
		{[]string{"xargs", "-r", "--no-run-if-empty", "rm"}, "", ""},
		{[]string{"xargs", "-0", "-I{}", "mv", "{}", "/x"}, "", ""},
		{[]string{"wget", "--no-verbose", "--tries=1", "--spider", "--timeout=3", "http://localhost:8080/"}, "", ""},
		{[]string{"wget", "-qO-", "-T", "2", "http://x/"}, "", ""},
		{[]string{"wget", "-nv", "-O", "/tmp/x", "http://x/"}, "", ""},
		{[]string{"wget", "--retry-connrefused", "--waitretry=1", "-t", "30", "http://x/"}, "wget", "--retry-connrefused"},
		{[]string{"wget", "-q", "--read-timeout=20", "http://x/"}, "wget", "--read-timeout"},
		{[]string{"wget", "-qr", "http://x/"}, "wget", "-r"},
		{[]string{"sed", "-z", `s/\n/,/g`}, "sed", "-z"},
		{[]string{"sed", "-nz", "1p"}, "sed", "-z"},
		{[]string{"sed", "-e", "-z", "f"}, "", ""},         // -e's command
		{[]string{"sed", "-i.bus", "s/a/b/", "f"}, "", ""}, // -i's suffix
		{[]string{"sed", "-u", "s/^/[app] /"}, "sed", "-u"},
		{[]string{"sed", "-nE", "s/x/y/p"}, "", ""},
		{[]string{"tail", "--pid=42", "-f", "/dev/null"}, "coreutils", "--pid"},
		{[]string{"tail", "-n", "+1", "-F", "/var/log/app.log"}, "", ""},
		{[]string{"tail", "-s", "1", "-f", "x"}, "", ""},
		{[]string{"stat", "-c", "%Y", "f"}, "", ""},
		{[]string{"stat", "--printf=%s", "f"}, "coreutils", "--printf"},
		{[]string{"du", "-sh", "/data"}, "", ""},
		{[]string{"du", "-h", "--max-depth=1", "/data"}, "coreutils", "--max-depth"},
		{[]string{"mktemp", "-d"}, "", ""},
		{[]string{"mktemp", "/tmp/app.XXXXXX"}, "", ""},
		{[]string{"mktemp", "-p", "/tmp", "app.XXXXXX"}, "", ""},
		{[]string{"mktemp", "/tmp/app.XXXXXX.yaml"}, "coreutils", "/tmp/app.XXXXXX.yaml"},
		{[]string{"mktemp", "-d", "/tmp/run.XXX"}, "coreutils", "/tmp/run.XXX"},
		{[]string{"mktemp", "--suffix=.json"}, "coreutils", "--suffix"},
		{[]string{"mktemp", ""}, "", ""},
		{[]string{"mktemp", "-p", "/tmp/XXXX", "a.XXXXXX"}, "", ""}, // -p's folder
		{[]string{"hostname", "-I"}, "", "-I"},
		{[]string{"hostname", "-i"}, "", ""},
		{[]string{"hostname", "-sI"}, "", "-I"},
	} {
		pkg, option := BusyboxLacks(tc.words)
		if pkg != tc.pkg || option != tc.option {
			t.Errorf("BusyboxLacks(%q) = %q, %q, want %q, %q", tc.words, pkg, option, tc.pkg, tc.option)
		}
	}
}
