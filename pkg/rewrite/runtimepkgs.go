package rewrite

import "strings"

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

// programPackages are the programs a service commonly runs.
var programPackages = map[string]ProgramRow{
	"git":        {"git", "git"},
	"curl":       {"curl", "curl"},
	"wget":       {"wget", ""},
	"bash":       {"", "bash"},
	"ssh":        {"openssh-client", "openssh-client"},
	"scp":        {"openssh-client", "openssh-client"},
	"rsync":      {"rsync", "rsync"},
	"make":       {"make", "make"},
	"ffmpeg":     {"ffmpeg", "ffmpeg"},
	"ffprobe":    {"ffmpeg", "ffmpeg"},
	"convert":    {"imagemagick", "imagemagick"},
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
	"ps":         {"procps", ""},
	"kill":       {"procps", ""},
	"ping":       {"iputils-ping", ""},
	"nc":         {"netcat-openbsd", ""},
	"gpg":        {"gpg", "gnupg"},
	"openssl":    {"openssl", "openssl"},
	"tesseract":  {"tesseract-ocr", "tesseract-ocr"},
	"exiftool":   {"libimage-exiftool-perl", "exiftool"},
	"python3":    {"python3", "python3"},
	"node":       {"nodejs", "nodejs"},
	"docker":     {"docker.io", "docker-cli"},
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
		return row.Debian
	}
	return ""
}

// InstallLine is the RUN that installs packages on an image, in one layer
// that keeps no package lists; "" when the image has no package manager.
func InstallLine(img Image, pkgs []string) string {
	list := strings.Join(pkgs, " ")
	switch PackageManager(img) {
	case "apk":
		return "RUN apk add --no-cache " + list
	case "apt-get":
		return "RUN apt-get update && apt-get install -y --no-install-recommends " + list + " && rm -rf /var/lib/apt/lists/*"
	}
	return ""
}
