package rewrite

import (
	"slices"
	"strconv"
	"strings"
)

// What a runtime stage installs with its image's own package manager, so
// that a program the artifact runs, or a library it loads, is there: one
// table per kind, each row naming the package of each distribution family.
// A row's packages are the ones that ship the program at /usr/bin/NAME
// (packages.debian.org, pkgs.alpinelinux.org); "" where the family's
// images have it already (busybox's applets on alpine, bash on Debian)
// or msrewrite knows no package that ships it.

// ProgramRow is the package that provides a program on each family.
type ProgramRow struct {
	Debian, Alpine string
}

// formerPackages are packages that brought a program in releases before
// the current one, and that builds still install: bookworm's dnsutils
// depends on bind9-dnsutils, and trixie has no dnsutils.
var formerPackages = map[string]string{"dnsutils": "bind9-dnsutils"}

// programPackages are the programs a service commonly runs.
var programPackages = map[string]ProgramRow{
	"git":  {"git", "git"},
	"curl": {"curl", "curl"},
	"wget": {"wget", ""},
	"bash": {"", "bash"},
	"dash": {"", "dash"},
	"perl": {"", "perl"}, // perl-base is essential on Debian
	// coreutils, diffutils, ncurses and passwd tools Debian always has
	// and busybox leaves out.
	"fmt":        {"", "coreutils"},
	"join":       {"", "coreutils"},
	"logname":    {"", "coreutils"}, // not in alpine's busybox configuration
	"diff3":      {"", "diffutils"},
	"sdiff":      {"", "diffutils"},
	"tput":       {"", "ncurses"},
	"useradd":    {"", "shadow"},
	"groupadd":   {"", "shadow"},
	"usermod":    {"", "shadow"},
	"ssh":        {"openssh-client", "openssh-client"},
	"scp":        {"openssh-client", "openssh-client"},
	"rsync":      {"rsync", "rsync"},
	"make":       {"make", "make"},
	"ffmpeg":     {"ffmpeg", "ffmpeg"},
	"ffprobe":    {"ffmpeg", "ffmpeg"},
	"convert":    {"imagemagick", "imagemagick"},
	"identify":   {"imagemagick", "imagemagick"},
	"mogrify":    {"imagemagick", "imagemagick"},
	"composite":  {"imagemagick", "imagemagick"},
	"montage":    {"imagemagick", "imagemagick"},
	"magick":     {"", "imagemagick"},
	"gs":         {"ghostscript", "ghostscript"},
	"pg_dump":    {"postgresql-client", "postgresql-client"},
	"pg_restore": {"postgresql-client", "postgresql-client"},
	"psql":       {"postgresql-client", "postgresql-client"},
	"mysqldump":  {"default-mysql-client", "mysql-client"},
	"mysql":      {"default-mysql-client", "mysql-client"},
	"sqlite3":    {"sqlite3", "sqlite"},
	"jq":         {"jq", "jq"},
	"zip":        {"zip", "zip"},
	"unzip":      {"unzip", ""},
	"xz":         {"xz-utils", "xz"},
	"bzip2":      {"bzip2", ""},
	"patch":      {"patch", "patch"},
	"file":       {"file", "file"},
	"ps":         {"procps", ""},
	"kill":       {"procps", ""},
	"pgrep":      {"procps", ""},
	"pkill":      {"procps", ""},
	"top":        {"procps", ""},
	"free":       {"procps", ""},
	"sftp":       {"openssh-client", "openssh-client"},
	// OpenSSH's client tools: alpine packs ssh-keygen apart.
	"ssh-keygen":  {"openssh-client", "openssh-keygen"},
	"ssh-keyscan": {"openssh-client", "openssh-client"},
	"ssh-agent":   {"openssh-client", "openssh-client"},
	"ssh-add":     {"openssh-client", "openssh-client"},
	"watch":       {"procps", ""},
	"uptime":      {"procps", ""},
	"vmstat":      {"procps", "procps"}, // not a busybox applet; alpine's procps installs it
	// buildpack-deps' -scm tools besides git (the golang image has them).
	"hg":                     {"mercurial", "mercurial"},
	"svn":                    {"subversion", "subversion"},
	"update-ca-certificates": {"ca-certificates", "ca-certificates"},
	"ping":                   {"iputils-ping", ""},
	"nc":                     {"netcat-openbsd", ""},
	"gpg":                    {"gpg", "gnupg"},
	"openssl":                {"openssl", "openssl"},
	"tesseract":              {"tesseract-ocr", "tesseract-ocr"},
	"exiftool":               {"libimage-exiftool-perl", "exiftool"},
	"python3":                {"python3", "python3"},
	"node":                   {"nodejs", "nodejs"},
	"npm":                    {"npm", "npm"},
	"npx":                    {"npm", "npm"},
	"docker":                 {"docker.io", "docker-cli"},
	// Process supervisors and init programs a CMD starts. tini is in
	// /usr/bin on Debian and /sbin on alpine, as each distribution's
	// files name it; a builder of one and a runtime of the other do not
	// meet here (apt packages keep the runtime on the builder's Debian).
	"supervisord":   {"supervisor", "supervisor"},
	"supervisorctl": {"supervisor", "supervisor"},
	"nginx":         {"nginx", "nginx"},
	"tini":          {"tini", "tini"},
	"dumb-init":     {"dumb-init", "dumb-init"},
	"pdftoppm":      {"poppler-utils", "poppler-utils"},
	"pdftotext":     {"poppler-utils", "poppler-utils"},
	// fontconfig's tools, which PDF and chart renderers' wrappers run.
	"fc-list":  {"fontconfig", "fontconfig"},
	"fc-match": {"fontconfig", "fontconfig"},
	"fc-cache": {"fontconfig", "fontconfig"},
	// Graphviz's layout programs, which documentation tools run.
	"dot":   {"graphviz", "graphviz"},
	"neato": {"graphviz", "graphviz"},
	// What entrypoint scripts commonly run before the program: fill a
	// template from the environment, wait for a database, drop root.
	"envsubst":   {"gettext-base", "gettext"},
	"pg_isready": {"postgresql-client", "postgresql-client"},
	"redis-cli":  {"redis-tools", "redis"},
	"dig":        {"bind9-dnsutils", "bind-tools"},
	"gosu":       {"gosu", ""},
	"su-exec":    {"", "su-exec"},
	"sudo":       {"sudo", "sudo"},
	"runuser":    {"", "runuser"}, // util-linux's: essential on Debian
	"setpriv":    {"", "setpriv"}, // util-linux's on Debian (no package of that name in bullseye, bookworm or trixie)
	// Scheduled jobs beside the program (busybox's crond and crontab on
	// alpine).
	"cron":    {"cron", ""},
	"crontab": {"cron", ""},
	// The browser puppeteer's Docker advice installs and points
	// PUPPETEER_EXECUTABLE_PATH at (alpine names it chromium-browser too).
	"chromium":         {"chromium", "chromium"},
	"chromium-browser": {"", "chromium"},
}

// IsSystemProgram tells whether a program is one the table knows as a
// distribution's, not one a language's package manager installs.
func IsSystemProgram(name string) bool {
	_, ok := programPackages[name]
	return ok
}

// ProgramPackageOf tells whether the table says a package provides a
// program, on either family; a package of one version counts as the
// unversioned one, which only depends on a release's version
// (postgresql-client-15 brings pg_dump).
func ProgramPackageOf(pkg, program string) bool {
	row, ok := programPackages[program]
	if now, renamed := formerPackages[pkg]; renamed {
		pkg = now
	}
	of := func(name string) bool {
		if name == "" {
			return false
		}
		version, versioned := strings.CutPrefix(pkg, name+"-")
		return pkg == name || versioned && version != "" && strings.Trim(version, "0123456789.") == ""
	}
	return ok && (of(row.Debian) || of(row.Alpine))
}

// PackageManager is the package manager a runtime image installs with:
// "apk" (alpine), "apt-get" (Debian and Ubuntu), or "" when it has none
// msrewrite knows (scratch, distroless, an unknown image).
func PackageManager(img Image) string {
	switch {
	case !img.Known || !img.Shell:
		return ""
	case img.Libc == Musl && (img.Family == "alpine" || strings.Contains(img.Tag, "alpine")):
		return "apk"
	case img.Libc == Glibc && img.Release != "":
		return "apt-get"
	}
	return ""
}

// debianPastSupport are the Debian releases whose archives apt-get can no
// longer use as the images ship them: stretch and buster moved to
// archive.debian.org, and bullseye's security support ended on
// 2026-08-31, after which its Release files expire and apt-get update
// fails (docker-library/official-images#22200).
var debianPastSupport = []string{"jessie", "stretch", "buster", "bullseye"}

// InstallBlocked says why packages cannot be installed on an image
// whose package manager msrewrite knows; "" when they can.
func InstallBlocked(img Image) string {
	if PackageManager(img) == "apt-get" && slices.Contains(debianPastSupport, img.Release) {
		return "Debian " + img.Release + " is past its support: apt-get update fails in " + img.Ref
	}
	return ""
}

// ProgramPackage is the package that installs a program on an image, ""
// when msrewrite knows none.
func ProgramPackage(img Image, program string) string {
	row, ok := programPackages[program]
	if !ok {
		return ""
	}
	switch PackageManager(img) {
	case "apk":
		return row.Alpine
	case "apt-get":
		if img.Family == "ubuntu" && ubuntuLacks[row.Debian] {
			return ""
		}
		return row.Debian
	}
	return ""
}

// ubuntuLacks are Debian packages of programPackages that Ubuntu's apt
// cannot install in a container (read from focal's, jammy's and noble's
// lists): Ubuntu ships Chromium only as a snap, and its chromium-browser
// package is a stub that installs the snap, which no container runs.
var ubuntuLacks = map[string]bool{"chromium": true}

// InstallLine is the RUN that installs packages on an image, in one layer
// that keeps no package lists; "" when the image has no package manager.
// recommends keeps apt's recommended packages, for packages installed
// again as the build installed them; frontend is the DEBIAN_FRONTEND apt
// runs with (Stage.AptFrontend), "" for apt's own.
func InstallLine(img Image, pkgs []string, recommends bool, frontend string) string {
	list := strings.Join(pkgs, " ")
	switch PackageManager(img) {
	case "apk":
		return "RUN apk add --no-cache " + list
	case "apt-get":
		run := "RUN "
		if strings.Contains(img.Tag, "slim") && slices.ContainsFunc(pkgs, javaPackage) {
			// Debian's slim images have no /usr/share/man/man1, where the
			// JRE's postinst links java's manual page through
			// update-alternatives, which fails without the folder
			// (debuerreotype/debuerreotype#10; seen on the engine).
			run += "mkdir -p /usr/share/man/man1 && "
		}
		install := "apt-get install -y "
		if frontend != "" {
			install = "DEBIAN_FRONTEND=" + frontend + " " + install
		}
		if !recommends {
			install += "--no-install-recommends "
		}
		return run + "apt-get update && " + install + list + " && rm -rf /var/lib/apt/lists/*"
	}
	return ""
}

// javaPackage tells whether a Debian package is a JRE or JDK, or one that
// brings it (default-jre, openjdk-17-jre-headless).
func javaPackage(pkg string) bool {
	return strings.HasPrefix(pkg, "openjdk-") || strings.HasPrefix(pkg, "default-jre") || strings.HasPrefix(pkg, "default-jdk")
}

// libraryRow is a development package a build links against (its Debian
// and alpine names) and the package with the shared library a binary
// linked against it loads at run time. Debian's runtime names change with
// the soname and, in trixie, with the 64-bit time_t transition ("t64"):
// debian gives the name per release, "*" for every release not named.
// ubuntu gives Ubuntu's per release, by codename, with no default: a
// release it does not name installs the development package again.
type libraryRow struct {
	dev    []string
	debian string
	alpine string
	ubuntu string
}

// libraryPackages is the table of shared libraries; sources: the
// packages' pages on packages.debian.org for each release, and
// pkgs.alpinelinux.org. Ubuntu's names were read from the -dev packages'
// dependencies in focal's, jammy's and noble's lists (main and
// universe); Ubuntu's default MySQL client library is MySQL's, not
// MariaDB's, and its libjpeg is libjpeg-turbo8, so those two rows name
// none there.
var libraryPackages = []libraryRow{
	{[]string{"libssl-dev", "openssl-dev"}, "stretch=libssl1.1 buster=libssl1.1 bullseye=libssl1.1 bookworm=libssl3 *=libssl3t64", "libssl3", "focal=libssl1.1 jammy=libssl3 noble=libssl3t64"},
	{[]string{"libsqlite3-dev", "sqlite-dev"}, "*=libsqlite3-0", "sqlite-libs", "focal=libsqlite3-0 jammy=libsqlite3-0 noble=libsqlite3-0"},
	{[]string{"libpq-dev", "postgresql-dev"}, "*=libpq5", "libpq", "focal=libpq5 jammy=libpq5 noble=libpq5"},
	{[]string{"libcurl4-openssl-dev", "curl-dev"}, "stretch=libcurl3 bookworm=libcurl4 bullseye=libcurl4 buster=libcurl4 *=libcurl4t64", "libcurl", "focal=libcurl4 jammy=libcurl4 noble=libcurl4t64"},
	{[]string{"default-libmysqlclient-dev", "libmariadb-dev", "mariadb-connector-c-dev", "mariadb-dev"}, "stretch= *=libmariadb3", "mariadb-connector-c", ""},
	{[]string{"zlib1g-dev", "zlib-dev"}, "*=zlib1g", "zlib", "focal=zlib1g jammy=zlib1g noble=zlib1g"},
	{[]string{"libffi-dev"}, "stretch=libffi6 buster=libffi6 bullseye=libffi7 *=libffi8", "libffi", "focal=libffi7 jammy=libffi8 noble=libffi8"},
	{[]string{"libyaml-dev", "yaml-dev"}, "*=libyaml-0-2", "yaml", "focal=libyaml-0-2 jammy=libyaml-0-2 noble=libyaml-0-2"},
	{[]string{"libgmp-dev", "gmp-dev"}, "*=libgmp10", "gmp", "focal=libgmp10 jammy=libgmp10 noble=libgmp10"},
	{[]string{"libsodium-dev"}, "stretch=libsodium18 *=libsodium23", "libsodium", "focal=libsodium23 jammy=libsodium23 noble=libsodium23"},
	{[]string{"libzmq3-dev", "zeromq-dev"}, "*=libzmq5", "libzmq", "focal=libzmq5 jammy=libzmq5 noble=libzmq5"},
	{[]string{"libpcap-dev"}, "stretch=libpcap0.8 buster=libpcap0.8 bullseye=libpcap0.8 bookworm=libpcap0.8 *=libpcap0.8t64", "libpcap", "focal=libpcap0.8 jammy=libpcap0.8 noble=libpcap0.8t64"},
	{[]string{"libpng-dev"}, "stretch=libpng16-16 buster=libpng16-16 bullseye=libpng16-16 bookworm=libpng16-16 *=libpng16-16t64", "libpng", "focal=libpng16-16 jammy=libpng16-16 noble=libpng16-16t64"},
	{[]string{"libjpeg-dev", "libjpeg62-turbo-dev", "libjpeg-turbo-dev", "jpeg-dev"}, "*=libjpeg62-turbo", "libjpeg-turbo", ""},
	{[]string{"libmagic-dev", "file-dev"}, "stretch=libmagic1 buster=libmagic1 bullseye=libmagic1 bookworm=libmagic1 *=libmagic1t64", "libmagic", "focal=libmagic1 jammy=libmagic1 noble=libmagic1t64"},
	{[]string{"libglib2.0-dev", "glib-dev"}, "stretch=libglib2.0-0 buster=libglib2.0-0 bullseye=libglib2.0-0 bookworm=libglib2.0-0 *=libglib2.0-0t64", "glib", "focal=libglib2.0-0 jammy=libglib2.0-0 noble=libglib2.0-0t64"},
	{[]string{"libstdc++-dev"}, "*=libstdc++6", "libstdc++", "focal=libstdc++6 jammy=libstdc++6 noble=libstdc++6"},
	// Graphics libraries the full images have as development packages
	// (ImageMagick's brings librsvg's, and it cairo's and fontconfig's),
	// which Rust's -sys crates link when pkg-config finds them; the same
	// names in bullseye, bookworm and trixie (checked in the indexes).
	{[]string{"libfontconfig-dev", "libfontconfig1-dev", "fontconfig-dev"}, "*=libfontconfig1", "fontconfig", "focal=libfontconfig1 jammy=libfontconfig1 noble=libfontconfig1"},
	{[]string{"libcairo2-dev", "cairo-dev"}, "*=libcairo2", "cairo", "focal=libcairo2 jammy=libcairo2 noble=libcairo2"},
	{[]string{"libx11-dev"}, "*=libx11-6", "libx11", "focal=libx11-6 jammy=libx11-6 noble=libx11-6"},
	{[]string{"libxcb1-dev", "libxcb-dev"}, "*=libxcb1", "libxcb", "focal=libxcb1 jammy=libxcb1 noble=libxcb1"},
	// MIT Kerberos' GSSAPI library (libgssapi_krb5.so.2), the same name
	// from stretch to trixie.
	{[]string{"libkrb5-dev", "krb5-dev"}, "*=libgssapi-krb5-2", "krb5-libs", "focal=libgssapi-krb5-2 jammy=libgssapi-krb5-2 noble=libgssapi-krb5-2"},
	// Tk, which the python images' _tkinter links; their slim variants
	// leave its libraries out (libtk8.6 in every release up to trixie).
	{[]string{"tk-dev"}, "*=libtk8.6", "tk", "focal=libtk8.6 jammy=libtk8.6 noble=libtk8.6"},
	// lxml's and Pillow's libraries, which their source builds link (old
	// pins without wheels); forky's names are left to the package as it
	// is until it is released.
	{[]string{"libxml2-dev"}, "stretch=libxml2 buster=libxml2 bullseye=libxml2 bookworm=libxml2 trixie=libxml2", "libxml2", "focal=libxml2 jammy=libxml2 noble=libxml2"},
	{[]string{"libxslt1-dev", "libxslt-dev"}, "stretch=libxslt1.1 buster=libxslt1.1 bullseye=libxslt1.1 bookworm=libxslt1.1 trixie=libxslt1.1", "libxslt", "focal=libxslt1.1 jammy=libxslt1.1 noble=libxslt1.1"},
	{[]string{"libfreetype6-dev", "libfreetype-dev", "freetype-dev"}, "stretch=libfreetype6 buster=libfreetype6 bullseye=libfreetype6 bookworm=libfreetype6 trixie=libfreetype6", "freetype", "focal=libfreetype6 jammy=libfreetype6 noble=libfreetype6"},
	{[]string{"libtiff-dev", "libtiff5-dev", "tiff-dev"}, "stretch=libtiff5 buster=libtiff5 bullseye=libtiff5 bookworm=libtiff6 trixie=libtiff6", "tiff", "focal=libtiff5 jammy=libtiff5 noble=libtiff6"},
	{[]string{"libwebp-dev"}, "stretch=libwebp6 buster=libwebp6 bullseye=libwebp6 bookworm=libwebp7 trixie=libwebp7", "libwebp", "focal=libwebp6 jammy=libwebp7 noble=libwebp7"},
	{[]string{"liblcms2-dev", "lcms2-dev"}, "stretch=liblcms2-2 buster=liblcms2-2 bullseye=liblcms2-2 bookworm=liblcms2-2 trixie=liblcms2-2", "lcms2", "focal=liblcms2-2 jammy=liblcms2-2 noble=liblcms2-2"},
	{[]string{"libopenjp2-7-dev", "openjpeg-dev"}, "stretch=libopenjp2-7 buster=libopenjp2-7 bullseye=libopenjp2-7 bookworm=libopenjp2-7 trixie=libopenjp2-7", "openjpeg", "focal=libopenjp2-7 jammy=libopenjp2-7 noble=libopenjp2-7"},
	{[]string{"libbz2-dev", "bzip2-dev"}, "*=libbz2-1.0", "libbz2", "focal=libbz2-1.0 jammy=libbz2-1.0 noble=libbz2-1.0"},
	{[]string{"liblzma-dev", "xz-dev"}, "*=liblzma5", "xz-libs", "focal=liblzma5 jammy=liblzma5 noble=liblzma5"},
	// ImageMagick's MagickWand, with the -extra coders the development
	// package brings (and depends on MagickWand); trixie moved to
	// ImageMagick 7 (7.1.1.43, soname 10).
	{[]string{"libmagickwand-dev", "imagemagick-dev"}, "stretch=libmagickcore-6.q16-3-extra buster=libmagickcore-6.q16-6-extra bullseye=libmagickcore-6.q16-6-extra bookworm=libmagickcore-6.q16-6-extra trixie=libmagickcore-7.q16-10-extra", "imagemagick-libs", "focal=libmagickcore-6.q16-6-extra jammy=libmagickcore-6.q16-6-extra noble=libmagickcore-6.q16-7-extra"},
	{[]string{"libgomp"}, "*=libgomp1", "libgomp", "focal=libgomp1 jammy=libgomp1 noble=libgomp1"},
	{[]string{"libgfortran"}, "*=libgfortran5", "libgfortran", "focal=libgfortran5 jammy=libgfortran5 noble=libgfortran5"},
	// Libraries C programs link with -l (transforms/c.go), checked against
	// the bullseye, bookworm and trixie indexes; older releases named
	// where their names differ.
	{[]string{"uuid-dev", "util-linux-dev"}, "*=libuuid1", "libuuid", "focal=libuuid1 jammy=libuuid1 noble=libuuid1"},
	{[]string{"libjson-c-dev", "json-c-dev"}, "stretch= buster= bullseye=libjson-c5 bookworm=libjson-c5 trixie=libjson-c5", "json-c", "focal=libjson-c4 jammy=libjson-c5 noble=libjson-c5"},
	{[]string{"libevent-dev"}, "stretch= buster= bullseye=libevent-2.1-7 bookworm=libevent-2.1-7 trixie=libevent-2.1-7t64", "libevent", "focal=libevent-2.1-7 jammy=libevent-2.1-7 noble=libevent-2.1-7t64"},
	{[]string{"libncurses-dev", "ncurses-dev"}, "stretch= *=libncurses6", "ncurses-libs", "focal=libncurses6 jammy=libncurses6 noble=libncurses6"},
	// The wide-character ncurses, which the -dev package of that name
	// (transitional to libncurses-dev since bullseye) is installed for.
	{[]string{"libncursesw5-dev"}, "stretch= *=libncursesw6", "ncurses-libs", "focal=libncursesw6 jammy=libncursesw6 noble=libncursesw6"},
	// GdkPixbuf, which ImageMagick's development package brings into the
	// full images (through librsvg2-dev); the same name from bullseye to
	// trixie.
	{[]string{"libgdk-pixbuf-2.0-dev", "libgdk-pixbuf2.0-dev", "gdk-pixbuf-dev"}, "stretch= buster= *=libgdk-pixbuf-2.0-0", "gdk-pixbuf", "focal=libgdk-pixbuf2.0-0 jammy=libgdk-pixbuf-2.0-0 noble=libgdk-pixbuf-2.0-0"},
	{[]string{"libreadline-dev", "readline-dev"}, "stretch= buster= bullseye=libreadline8 bookworm=libreadline8 trixie=libreadline8t64", "readline", "focal=libreadline8 jammy=libreadline8 noble=libreadline8t64"},
	{[]string{"libpcre2-dev", "pcre2-dev"}, "*=libpcre2-8-0", "pcre2", "focal=libpcre2-8-0 jammy=libpcre2-8-0 noble=libpcre2-8-0"},
	// OpenBLAS, which NumPy's and SciPy's source builds link (alpine's
	// openblas holds the library; Debian's libopenblas0 picks a variant).
	{[]string{"libopenblas-dev", "openblas-dev"}, "stretch=libopenblas-base *=libopenblas0", "openblas", "focal=libopenblas0 jammy=libopenblas0 noble=libopenblas0"},
	// GDAL, GEOS and PROJ, which the GDAL bindings and other geospatial
	// source builds link (read from the -dev packages' dependencies in
	// bullseye's, bookworm's and trixie's package lists; buster's were
	// not checked and stay installed as they are). GEOS's C library
	// keeps its soname and depends on the C++ one of its release;
	// trixie's libgeos-c1t64 provides libgeos-c1v5, so one name installs
	// it on the three.
	{[]string{"libgdal-dev", "gdal-dev"}, "bullseye=libgdal28 bookworm=libgdal32 trixie=libgdal36", "gdal", "focal=libgdal26 jammy=libgdal30 noble=libgdal34t64"},
	{[]string{"libgeos-dev", "geos-dev"}, "bullseye=libgeos-c1v5 bookworm=libgeos-c1v5 trixie=libgeos-c1v5", "geos", "focal=libgeos-c1v5 jammy=libgeos-c1v5 noble=libgeos-c1t64"},
	{[]string{"libproj-dev", "proj-dev"}, "bullseye=libproj19 bookworm=libproj25 trixie=libproj25", "proj", "focal=libproj15 jammy=libproj22 noble=libproj25"},
	// Tesseract and Leptonica, which Go's gosseract and other OCR
	// bindings link (read as GDAL's were; alpine's tesseract-ocr and
	// leptonica hold the libraries). Leptonica's soname moved in trixie.
	{[]string{"libtesseract-dev", "tesseract-ocr-dev"}, "bullseye=libtesseract4 bookworm=libtesseract5 trixie=libtesseract5", "tesseract-ocr", "focal=libtesseract4 jammy=libtesseract4 noble=libtesseract5"},
	{[]string{"libleptonica-dev", "leptonica-dev"}, "bullseye=liblept5 bookworm=liblept5 trixie=libleptonica6", "leptonica", "focal=liblept5 jammy=liblept5 noble=liblept5"},
}

// UbuntuCodename is the release an ubuntu image's tag names: 24.04,
// noble or noble-20240429 are noble; "" for a tag that names no release
// the library table knows (latest, rolling, devel).
func UbuntuCodename(tag string) string {
	codename, _, _ := strings.Cut(tag, "-")
	switch codename {
	case "20.04", "focal":
		return "focal"
	case "22.04", "jammy":
		return "jammy"
	case "24.04", "noble":
		return "noble"
	}
	return ""
}

// LibraryPackage is the package a runtime image needs for a binary linked
// against a development package the build installed; known is false when
// msrewrite cannot tell (an unknown package, release or distribution).
func LibraryPackage(img Image, dev string) (pkg string, known bool) {
	for _, row := range libraryPackages {
		for _, d := range row.dev {
			if d != dev {
				continue
			}
			switch PackageManager(img) {
			case "apk":
				if row.alpine == "libssl3" && AlpineBefore(img.Release, 17) {
					return "libssl1.1", true
				}
				return row.alpine, true
			case "apt-get":
				if img.Family == "ubuntu" {
					codename := UbuntuCodename(img.Release)
					for _, kv := range strings.Fields(row.ubuntu) {
						if rel, name, _ := strings.Cut(kv, "="); rel == codename && codename != "" {
							return name, true
						}
					}
					return "", false
				}
				if !slices.Contains(debianReleases, img.Release) {
					return "", false // a release the table does not name
				}
				var any string
				for _, kv := range strings.Fields(row.debian) {
					rel, name, _ := strings.Cut(kv, "=")
					if rel == img.Release {
						return name, name != ""
					}
					if rel == "*" {
						any = name
					}
				}
				return any, any != ""
			}
			return "", false
		}
	}
	return "", false
}

// AlpineBefore tells whether an alpine release 3.N is older than 3.minor;
// an unknown release is taken as current.
func AlpineBefore(release string, minor int) bool {
	major, rest, ok := strings.Cut(release, ".")
	if !ok || major != "3" {
		return false
	}
	m, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(m)
	return err == nil && n < minor
}

// busyboxLacks are options of GNU tools that busybox's applet of the same
// name does not take, with the alpine package of the GNU tool: a script
// written on Debian may use them, and on alpine the applet stops with
// "unrecognized option". valued are the applet's short options that take
// a value, so that -m1 and -e -P are read as one option with its value;
// find's options are whole words (-printf), not letters; a command
// runner's options (env, timeout, xargs) end at its first operand, after
// which the words are the command's it runs; attached are short options
// whose optional value is the rest of their word (sed -i.bak). Each row
// comes from the applet's usage text and option string in busybox's
// source (coreutils/env.c, coreutils/timeout.c, findutils/grep.c,
// findutils/find.c, findutils/xargs.c, coreutils/readlink.c,
// procps/ps.c, networking/wget.c, editors/sed.c, coreutils/tail.c,
// coreutils/stat.c, coreutils/du.c, coreutils/mktemp.c), checked against
// alpine's busybox configuration (CONFIG_DESKTOP: ps takes -o, -T and
// ignores -aAdefl; wget's long options and timeout are on) and, for the
// options no configuration changes, against a busybox 1.35 build.
var busyboxLacks = map[string]struct {
	pkg, lacks, valued, attached string
	runner                       bool
}{
	// [-HhnlLoqvsriwFEz] [-m N] [-A/B/C N] -e PATTERN -f FILE: no -P.
	"grep": {"grep", "-P --perl-regexp", "efmABC", "", false},
	// [-iu] [-] [name=value]...: no -C, no -S.
	"env": {"coreutils", "-C --chdir -S --split-string", "uCS", "", true},
	// [-s SIG] [-k KILL_SECS] SECS PROG ARGS: no long options.
	"timeout": {"coreutils", "--signal --kill-after --foreground --preserve-status --verbose", "sk", "", true},
	// -print, -print0, -exec, -delete, ...: no -printf, no -regextype.
	"find": {"findutils", "-printf -fprintf -regextype", "", "", false},
	// [-fnv] FILE: no -e, no -m.
	"readlink": {"coreutils", "-e -m --canonicalize-existing --canonicalize-missing", "", "", false},
	// [-0 -a FILE -r -t -p -E STR -e[STR] -I STR -n N -s N -P N -x]
	// PROG ARGS (and --no-run-if-empty): no -d, no -L, no other long
	// options.
	"xargs": {"findutils", "-d -L -l -o --delimiter --max-lines --null --max-args --replace --arg-file " +
		"--max-procs --max-chars --verbose --interactive --open-tty --show-limits --exit --eof", "aEInsP", "", true},
	// [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	// [--post-data STR | --post-file FILE] [-Y on/off]
	// [--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] (and, ignored,
	// -t, --tries, -nv, --no-verbose): no retries on refusal, no separate
	// timeouts, no credentials, methods or recursion.
	"wget": {"wget", "-r -m -l -N -i -x -e -w -b -d -4 -6 --retry-connrefused --waitretry --read-timeout " +
		"--connect-timeout --dns-timeout --content-on-error --method --body-data --body-file --user --password " +
		"--http-user --http-password --max-redirect --recursive --mirror --level --timestamping --limit-rate " +
		"--input-file --execute --wait --progress --show-progress --auth-no-challenge --ca-certificate " +
		"--https-only --inet4-only --inet6-only --debug --verbose", "OoPYUTtn", "", false},
	// [-o COL1,COL2=HEADER] [-T]: no -p, -C, -u, -x, -w, no long options.
	"ps": {"procps", "-p -q -C -u -U -g -G -s -t -x -w -L -H -F -O -N -j -y -M -c " +
		"--pid --ppid --sort --no-headers --headers --format --cols --columns --width --forest --user", "o", "", false},
	// [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... (and their long names):
	// no -z to read NUL-separated lines, no -u, no -s.
	"sed": {"sed", "-z -u -s -l --null-data --zero-terminated --unbuffered --separate --line-length", "ef", "i", false},
	// [-fqvF] [-c N] [-n N] [-s SECONDS], no long options: no --pid to
	// wait for a process, no --retry, no --lines or --follow=name.
	"tail": {"coreutils", "-z --pid --retry --follow --lines --bytes --quiet --silent --verbose " +
		"--sleep-interval --max-unchanged-stats --zero-terminated", "cns", "", false},
	// [-ltf] [-c FMT], no long options: no --printf, no --format.
	"stat": {"coreutils", "--printf --format --terse --dereference --file-system", "c", "", false},
	// [-aHLdclsxhmkb] [-d N], no long options: no --max-depth, no
	// --exclude.
	"du": {"coreutils", "-B -t --max-depth --summarize --human-readable --apparent-size --bytes " +
		"--exclude --threshold --block-size --total --all --time --inodes", "d", "", false},
	// [-dqtu] [-p DIR] [TEMPLATE], no long options: no --suffix (and the
	// template must end in XXXXXX: see mktempTemplate).
	"mktemp": {"coreutils", "--suffix", "p", "", false},
	// [-sidf] [-F FILE] (networking/hostname.c): no -I for every address
	// of the container, which entrypoints read its IP with; Debian's
	// hostname package has it, and no alpine package is known to.
	"hostname": {"", "-I --all-ip-addresses -A --all-fqdns", "F", "", false},
}

// BusyboxLacks is the option of a command's words that busybox's applet
// of its program lacks, and the alpine package of the GNU program that
// takes it; "" for none, and pkg "" with an option when no alpine package
// is known to take it. A word "" (a variable) is no option.
func BusyboxLacks(words []string) (pkg, option string) {
	if len(words) == 0 {
		return "", ""
	}
	name := words[0][strings.LastIndexByte(words[0], '/')+1:]
	if name == "date" {
		if pkg, option := relativeDate(words); pkg != "" {
			return pkg, option
		}
		return dateNanoseconds(words)
	}
	if name == "mktemp" {
		if pkg, option := mktempTemplate(words); pkg != "" {
			return pkg, option
		}
	}
	row, ok := busyboxLacks[name]
	if !ok {
		return "", ""
	}
	lacks := strings.Fields(row.lacks)
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "--" || row.runner && !strings.HasPrefix(w, "-"):
			return "", ""
		case strings.HasPrefix(w, "--") || name == "find":
			if opt, _, _ := strings.Cut(w, "="); slices.Contains(lacks, opt) {
				return row.pkg, opt
			}
		case len(w) > 1 && w[0] == '-':
			for k := 1; k < len(w); k++ {
				if opt := "-" + w[k:k+1]; slices.Contains(lacks, opt) {
					return row.pkg, opt
				}
				if strings.IndexByte(row.valued, w[k]) >= 0 {
					if k == len(w)-1 {
						i++ // -m 1: the next word is its value
					}
					break // -m1: the rest is its value
				}
				if strings.IndexByte(row.attached, w[k]) >= 0 {
					break // -i.bak: the rest is its value, if any
				}
			}
		}
	}
	return "", ""
}

// mktempTemplate finds a template GNU mktemp takes and busybox's does
// not: GNU's needs three X's anywhere in the last part (app.XXXXXX.yaml,
// tmp.XXX), while busybox hands the template to musl's mkstemp or
// mkdtemp, which fail with EINVAL unless it ends in six.
func mktempTemplate(words []string) (pkg, option string) {
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "-p":
			i++ // its folder
		case w == "--":
		case strings.HasPrefix(w, "-"):
		default:
			last := w[strings.LastIndexByte(w, '/')+1:]
			if strings.Contains(last, "XXX") && !strings.HasSuffix(last, "XXXXXX") {
				return "coreutils", w
			}
			return "", ""
		}
	}
	return "", ""
}

// dateNanoseconds finds a date format with %N (+%s%N, +%3N): busybox
// prints it as it is unless built with FEATURE_DATE_NANO, which alpine's
// configuration leaves off, so $(( $(date +%s%N) / 1000000 )) fails.
func dateNanoseconds(words []string) (pkg, option string) {
	for _, w := range words[1:] {
		if !strings.HasPrefix(w, "+") {
			continue
		}
		for i := 0; i < len(w); i++ {
			if w[i] != '%' {
				continue
			}
			j := i + 1
			if j < len(w) && w[j] == '%' {
				i = j // %% is a percent sign
				continue
			}
			for j < len(w) && w[j] >= '0' && w[j] <= '9' {
				j++ // %3N, %6N, %9N
			}
			if j < len(w) && w[j] == 'N' {
				return "coreutils", w
			}
		}
	}
	return "", ""
}

// relativeDate finds a date -d (--date) given a date in words ("7 days
// ago", "yesterday", "+1 hour"): GNU date reads them, busybox's date only
// absolute times and @seconds (coreutils/date.c, parse_datestr).
func relativeDate(words []string) (pkg, option string) {
	for i := 1; i < len(words); i++ {
		opt, value, attached := strings.Cut(words[i], "=")
		switch {
		case words[i] == "-d" || words[i] == "--date":
			if i+1 < len(words) {
				value = words[i+1]
			}
		case strings.HasPrefix(words[i], "-d") && len(words[i]) > 2:
			opt, value = "-d", words[i][2:]
		case !(attached && opt == "--date"):
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(value)) {
			w = strings.TrimSuffix(strings.Trim(w, "+-0123456789"), "s")
			switch w {
			case "ago", "yesterday", "tomorrow", "now", "today", "next", "last", "this",
				"second", "sec", "minute", "min", "hour", "day", "week", "fortnight", "month", "year",
				"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
				return "coreutils", opt + " \"" + value + "\""
			}
		}
	}
	return "", ""
}
