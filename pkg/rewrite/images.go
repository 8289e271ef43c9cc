package rewrite

import (
	"strings"
	"sync"
	"sync/atomic"
)

// The image table: every base image msrewrite chooses or reasons about is
// described here and nowhere else.

// Alpine is the default runtime base, pinned to a current stable release
// (never `latest`, so a rewrite builds the same tomorrow).
const Alpine = "alpine:3.23"

// Libc values of an image.
const (
	Glibc  = "glibc"
	Musl   = "musl"
	NoLibc = "none" // scratch and static distroless: static binaries only
)

// DefaultPath is the PATH Docker gives a container whose image sets none,
// and the one the alpine and debian images set.
const DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// Image is what msrewrite knows of a base image.
type Image struct {
	Ref string
	// Repo is the repository without a docker.io/ or library/ prefix
	// ("golang", "mcr.microsoft.com/dotnet/sdk").
	Repo string
	// Mirror is the prefix written before an official image's name
	// (docker.io/library/, public.ecr.aws/docker/library/); "" for none.
	Mirror string
	// Family is the repository's last path element ("golang", "alpine", ...).
	Family string
	// Tag is the tag as written, "" for none.
	Tag string
	// Libc is Glibc, Musl, NoLibc or "" when unknown.
	Libc string
	// Release is the distribution release: "bookworm", "3.19", ...; "" when
	// the tag does not say.
	Release string
	// Shell tells whether /bin/sh exists.
	Shell bool
	// Programs are the commands on its PATH that a CMD may use.
	Programs Words
	// Toolchain are the commands of the build toolchain the image exists
	// for (go, cargo, javac), on its PATH too: a runtime image chosen for
	// its artifacts leaves them out, and no package of another
	// distribution is the same toolchain.
	Toolchain Words
	// Env is the environment the image sets.
	Env map[string]string
	// Workdir is the working directory the image sets ("/" when none).
	Workdir string
	// CACerts tells whether it carries a CA bundle.
	CACerts bool
	// MimeTypes tells whether it has /etc/mime.types (Debian's
	// media-types, alpine's mailcap), where Go's mime package and
	// Python's mimetypes find the types their own tables lack.
	MimeTypes bool
	// Known tells whether msrewrite recognised the image at all.
	Known bool
}

// BusyboxPrograms are the programs of busybox, as in alpine: the applets
// of alpine's busybox package that scripts commonly run (its
// configuration, aports main/busybox/busyboxconfig, leaves logname out),
// and getent, which the image's musl-utils brings.
var BusyboxPrograms = WordSet(`sh ash awk base64 cat chgrp chmod chown cp cut date diff dirname basename du echo env expr false
	find free grep gunzip gzip head hostname id ip kill less ln ls md5sum mkdir mktemp mv nc netstat nslookup ping printf
	ps pwd readlink rm rmdir sed seq sha256sum sleep sort stat tail tar tee test [ timeout top touch tr true uname uniq
	unzip vi wc wget which whoami xargs realpath nohup yes od cmp comm dd df expand fold nice nl paste printenv split sync
	tac tty unlink truncate install mkfifo sha1sum sha512sum getopt setsid flock more mount umount logger su adduser
	addgroup killall pgrep pkill pidof watch crond crontab hexdump zcat egrep fgrep usleep
	nproc shuf uptime cksum run-parts clear groups link chpasswd getent`)

// DebianPrograms are the programs of a Debian image, slim or not, of
// bullseye, bookworm and trixie: those in the bin and sbin folders of its
// essential and required packages, apt and their dependencies (the
// minbase variant debootstrap makes), checked against the releases' lists
// by the debianlists test. procps is not among them: no ps, and no kill
// but the shells' builtin. Ubuntu's focal lacks four.
var DebianPrograms = basePrograms.With("basenc dpkg-realpath faillock scriptlive")

// UbuntuPrograms are the programs of an Ubuntu image of focal, jammy or
// noble, read the same way from Ubuntu's lists.
var UbuntuPrograms = basePrograms

// basePrograms are the programs Debian's and Ubuntu's images share.
var basePrograms = WordSet(`sh bash dash awk base64 cat chgrp chmod chown cp cut date diff dirname basename du echo env expr
	false find getent grep gunzip gzip head hostname id ln ls md5sum mkdir mktemp mv nproc perl printf pwd readlink rm
	rmdir sed seq sha256sum sleep sort stat tail tar tee test [ timeout touch tr true uname uniq wc xargs which whoami
	realpath nohup yes od cmp comm dd df expand fold nice nl paste printenv split sync tac tty unlink truncate install
	shuf join fmt mkfifo link logname groups sha1sum sha512sum cksum diff3 sdiff getopt setsid flock more mount umount
	logger run-parts tempfile tput clear su runuser setpriv useradd groupadd usermod chpasswd zcat egrep fgrep
	add-shell agetty apt apt-cache apt-cdrom apt-config apt-get apt-mark arch b2sum base32 bashbug
	blkdiscard blkid blkzone blockdev captoinfo chage chcon chcpu chfn chgpasswd chmem choom chroot chrt chsh
	clear_console csplit deb-systemd-helper deb-systemd-invoke debconf debconf-apt-progress debconf-communicate
	debconf-copydb debconf-escape debconf-set-selections debconf-show dir dircolors dmesg dnsdomainname domainname
	dpkg dpkg-deb dpkg-divert dpkg-maintscript-helper dpkg-preconfigure dpkg-query dpkg-reconfigure
	dpkg-split dpkg-statoverride dpkg-trigger expiry factor fallocate findfs findmnt fsck fsfreeze
	fstab-decode fstrim getconf getty gpasswd groupdel groupmod grpck grpconv grpunconv gzexe hostid i386 iconv
	iconvconfig infocmp infotocap installkernel invoke-rc.d ionice ipcmk ipcrm ipcs ischroot isosize killall5
	ldattach ldconfig ldd linux32 linux64 locale localedef login losetup lsblk lscpu lsipc lslocks lslogins lsmem
	lsns mawk mcookie mkfs mkhomedir_helper mknod mkswap mountpoint namei newgrp newusers nisdomainname nologin
	nsenter numfmt pam-auth-update pam_getenv pam_timestamp_check partx passwd pathchk pidof pinky pivot_root pldd
	pr prlimit ptx pwck pwconv pwunconv rbash readprofile remove-shell renice reset rev rgrep rmt-tar rtcwake
	runcon savelog script scriptreplay service setarch setterm sg sha224sum sha384sum shadowconfig shred
	start-stop-daemon stdbuf stty sulogin sum swaplabel swapoff swapon switch_root tabs tarcat taskset tic toe tset
	tsort tzselect uncompress unexpand unix_chkpwd unix_update unshare update-alternatives update-passwd
	update-rc.d userdel users vdir vigr vipw wall wdctl whereis who wipefs x86_64 ypdomainname zcmp zdiff zdump
	zegrep zfgrep zforce zgrep zic zless zmore znew zramctl`)

// BuildpackDepsSCM are the programs buildpack-deps:<release>-scm adds to
// Debian (ca-certificates, curl, gnupg, netbase, wget, then git,
// mercurial, openssh-client, subversion and procps, with what they depend
// on: OpenSSL's command, Python 3 for mercurial, the whole of Perl for
// git): the golang image is built on it. Those of bullseye, bookworm and
// trixie alike, read from their lists by the debianlists test.
const BuildpackDepsSCM = `curl wget gpg git hg svn ssh scp sftp ssh-keygen ssh-keyscan ssh-add ssh-agent ps kill top free
	pgrep pkill watch uptime vmstat update-ca-certificates
	addgroup adduser c_rehash chg corelist cpan delgroup deluser dirmngr dirmngr-client enc2xs encguess
	git-receive-pack git-shell git-upload-archive git-upload-pack gpg-agent gpg-connect-agent gpgconf gpgsm h2ph
	h2xs hg-ssh instmodsh json_pp libnetcfg openssl pdb3 perlbug perldoc perlivp perlthanks piconv pidwait
	pinentry-curses pl2pm pmap pod2html pod2man pod2text pod2usage podchecker prove ptar ptardiff ptargrep pwdx
	py3clean py3compile py3versions pydoc3 pygettext3 python3 select-editor sensible-browser sensible-editor
	sensible-pager shasum skill slabtop snice splain ssh-argv0 ssh-copy-id streamzip svnadmin svnauthz
	svnauthz-validate svnbench svndumpfilter svnfsfs svnlook svnmucc svnrdump svnserve svnsync svnversion sysctl
	tload ucf ucfq ucfr w xsubpp zipdetails`

// CACertificatesPrograms are the programs Debian's ca-certificates brings
// with the openssl it depends on: an image that installs the bundle
// (python's slim images) has them.
const CACertificatesPrograms = `openssl c_rehash update-ca-certificates`

// CgoToolchain are the programs the golang image's cgo toolchain (gcc,
// g++, libc6-dev, make and pkg-config, over buildpack-deps' scm image)
// brings: the compilers, binutils and their helpers.
const CgoToolchain = `gcc g++ cc c++ make pkg-config
	addr2line ar as c++filt c89-gcc c99-gcc cpp elfedit gcc-ar gcc-nm gcc-ranlib gcov gcov-dump gcov-tool gencat
	gmake gprof ld ld.bfd make-first-existing-target nm objcopy objdump ranlib readelf rpcgen size strings strip
	x86_64-linux-gnu-addr2line x86_64-linux-gnu-ar x86_64-linux-gnu-as x86_64-linux-gnu-c++filt
	x86_64-linux-gnu-cpp x86_64-linux-gnu-elfedit x86_64-linux-gnu-g++ x86_64-linux-gnu-gcc x86_64-linux-gnu-gcc-ar
	x86_64-linux-gnu-gcc-nm x86_64-linux-gnu-gcc-ranlib x86_64-linux-gnu-gcov x86_64-linux-gnu-gcov-dump
	x86_64-linux-gnu-gcov-tool x86_64-linux-gnu-gprof x86_64-linux-gnu-ld x86_64-linux-gnu-ld.bfd
	x86_64-linux-gnu-nm x86_64-linux-gnu-objcopy x86_64-linux-gnu-objdump x86_64-linux-gnu-ranlib
	x86_64-linux-gnu-readelf x86_64-linux-gnu-size x86_64-linux-gnu-strings x86_64-linux-gnu-strip`

// BuildpackDepsFull are the programs the full buildpack-deps:<release>
// adds to its -scm image (its C toolchain, autotools, ImageMagick and the
// development packages' -config scripts among them): the rust, gcc,
// python and node images (but their slim variants) are built on it.
const BuildpackDepsFull = BuildpackDepsSCM + "\n" + CgoToolchain + `
	convert identify mogrify composite autoconf automake patch unzip xz bzip2 file
	X11 autoheader autom4te autoreconf autoscan autoupdate bunzip2 bzcat bzcmp bzdiff bzegrep bzexe bzfgrep bzgrep
	bzip2recover bzless bzmore compile_et curl-config derb dh_autotools-dev_restoreconfig
	dh_autotools-dev_updateconfig dpkg-architecture dpkg-buildflags dpkg-buildpackage dpkg-checkbuilddeps
	dpkg-distaddfile dpkg-genbuildinfo dpkg-genchanges dpkg-gencontrol dpkg-gensymbols dpkg-mergechangelogs
	dpkg-name dpkg-parsechangelog dpkg-scanpackages dpkg-scansources dpkg-shlibdeps dpkg-source dpkg-vendor
	escapesrc fc-cache fc-cat fc-conflist fc-list fc-match fc-pattern fc-query fc-scan fc-validate funzip
	gapplication gdbus gdbus-codegen gdk-pixbuf-csource gdk-pixbuf-pixdata gdk-pixbuf-thumbnailer genbrk genccode
	gencfu gencmn gencnval gendict gennorm2 genrb gensprep gio gio-querymodules glib-compile-resources
	glib-compile-schemas glib-genmarshal glib-gettextize glib-mkenums gobject-query gresource gsettings gtester
	gtester-report icuinfo icupkg ifnames krb5-config krb5-config.mit libpng-config libpng16-config libtoolize
	libwmf-config lzmainfo m4 makeconv mariadb-config mariadb_config mysql_config ncurses6-config ncursesw6-config
	pcre2-config pg_config pkgdata uconv unxz unzipsfx update-mime-database xml2-config xslt-config xzcat xzcmp
	xzdiff xzegrep xzfgrep xzgrep xzless xzmore zipgrep zipinfo`

// With adds the words of names to a set.
func (ws Words) With(names string) Words { return ws + " " + Words(names) }

// Words is a set of names written as text, separated by white space. The
// tables are asked a few times a file: a lookup in the text costs less
// than the maps this replaced, which every run built at program start.
type Words string

// WordSet makes a set of the words of s, for tables of names written as text.
func WordSet(s string) Words { return Words(s) }

// Has tells whether w is one of the words.
func (ws Words) Has(w string) bool {
	if w == "" || strings.ContainsAny(w, " \t\n") {
		return false
	}
	s := string(ws)
	for {
		i := strings.Index(s, w)
		if i < 0 {
			return false
		}
		end := i + len(w)
		if (i == 0 || isSpace(s[i-1])) && (end == len(s) || isSpace(s[end])) {
			return true
		}
		s = s[i+1:]
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// debianReleases are the Debian code names an image tag may carry.
var debianReleases = []string{"stretch", "buster", "bullseye", "bookworm", "trixie", "forky"}

// images remembers LookupImage's answers: a run over a tree asks about the
// same few references for every file, and building their maps again was
// 2.5% of such a run. Bounded, as references come from the input.
var images struct {
	sync.Map
	n atomic.Int32
}

// LookupImage describes ref, a reference as written in FROM (variables
// already expanded). The Image is shared: callers must not change its Env.
func LookupImage(ref string) Image {
	if img, ok := images.Load(ref); ok {
		return img.(Image)
	}
	img := lookupImage(ref)
	if images.n.Add(1) <= 1024 {
		images.Store(ref, img)
	}
	return img
}

// ImageFamily is what msrewrite knows of the official images of one
// repository, beyond the base distributions this file describes.
type ImageFamily struct {
	// Repo is the repository, as Image.Repo ("golang").
	Repo string
	// Describe fills in an image of the repository from its tag. img
	// arrives with Ref, Repo, Family and Tag set, Docker's default PATH
	// and working directory, and Known false.
	Describe func(img *Image)
}

// families are the registered image families, by repository.
var families = map[string]ImageFamily{}

// RegisterImages adds image families: toolchains register the images
// they build in beside their detectors, from init functions (as image
// formats register with image.RegisterFormat), before any lookup.
func RegisterImages(fams ...ImageFamily) {
	for _, f := range fams {
		families[f.Repo] = f
	}
}

func lookupImage(ref string) Image {
	img := Image{Ref: ref, Workdir: "/", Env: map[string]string{"PATH": DefaultPath}}
	name := ref
	if i := strings.Index(name, "@"); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name, img.Tag = name[:i], name[i+1:]
	}
	img.Family = name[strings.LastIndex(name, "/")+1:]
	full := name
	for _, m := range officialMirrors {
		if rest, ok := strings.CutPrefix(name, m); ok {
			full, img.Mirror = rest, m
			break
		}
	}
	img.Repo = full
	switch {
	case full == "scratch":
		img.Known, img.Libc = true, NoLibc
		img.Env = map[string]string{}
	case full == "alpine":
		img.Known, img.Libc, img.Shell, img.CACerts = true, Musl, true, true
		img.Release = img.Tag
		// Before 3.7 the image had no CA bundle at all; from 3.7 its
		// TLS library brings /etc/ssl/cert.pem (docker-library/python
		// dropped its ca-certificates install on 3.7 for that reason).
		img.CACerts = !AlpineBefore(img.Tag, 7)
		img.Programs = BusyboxPrograms
	case full == "debian":
		img.Known, img.Libc, img.Shell = true, Glibc, true
		img.Release = debianRelease(img.Tag)
		img.Programs = DebianPrograms
	case full == "ubuntu":
		img.Known, img.Libc, img.Shell = true, Glibc, true
		img.Release = img.Tag
		img.Programs = UbuntuPrograms
	case strings.HasPrefix(full, "gcr.io/distroless/static"):
		img.Known, img.Libc, img.CACerts = true, NoLibc, true
	case strings.HasPrefix(full, "gcr.io/distroless/base"), strings.HasPrefix(full, "gcr.io/distroless/cc"):
		img.Known, img.Libc, img.CACerts = true, Glibc, true
	case families[full].Describe != nil:
		families[full].Describe(&img)
	default:
		if strings.Contains(full, "alpine") {
			img.Libc = Musl
		} else if strings.Contains(full, "debian") || strings.Contains(full, "ubuntu") {
			img.Libc = Glibc
		}
		img.Shell = true
	}
	return img
}

// DebianSlim is the glibc runtime for a Debian release.
func DebianSlim(release string) string { return "debian:" + release + "-slim" }

// GlibcRuntime is the slim glibc image of a builder's distribution and
// release: Ubuntu's own image for an Ubuntu builder, Debian slim otherwise.
// A builder whose tag names no version or release (golang, gcc:latest)
// moves to each new Debian stable release, its glibc with it; a runtime
// pinned to today's release would then be older than what the binary
// was linked against. debian:stable-slim moves on the release's day, the
// language images days later, so the runtime is never the older.
func GlibcRuntime(builder Image) string {
	if builder.Family == "ubuntu" {
		if builder.Release == "" {
			return "ubuntu" // as untagged as the builder, so the same release
		}
		return "ubuntu:" + builder.Release
	}
	if FollowsStable(builder) {
		return DebianSlim("stable")
	}
	return DebianSlim(builder.Release)
}

// FollowsStable tells whether a Debian-based image's tag names neither a
// version nor a release (golang, gcc:latest, rust:slim, debian:stable):
// the image moves to each new Debian stable release.
func FollowsStable(img Image) bool {
	switch img.Tag {
	case "", "latest", "slim", "stable", "stable-slim":
		return img.Libc == Glibc && img.Family != "ubuntu"
	}
	return false
}

// LanguageImage reads the tag of an official language image built on
// Debian or alpine (golang, rust, gcc): VERSION, VERSION-RELEASE,
// VERSION-slim-RELEASE, VERSION-alpine[X.Y], or a variant alone. It
// returns the version; defaultRelease names the Debian release when the
// tag does not.
func LanguageImage(img *Image, defaultRelease func(version string) string) string {
	return LanguageImageNamed(img, "", defaultRelease)
}

// LanguageImageNamed is LanguageImage for a family whose tags also name
// versions with words (node:iron, node:lts-alpine): named are those words.
func LanguageImageNamed(img *Image, named Words, defaultRelease func(version string) string) string {
	img.Known, img.Shell, img.CACerts = true, true, true
	version, variant, _ := strings.Cut(img.Tag, "-")
	if version != "" && (version[0] < '0' || version[0] > '9') && !named.Has(version) {
		version, variant = "", img.Tag // golang:alpine, rust:slim-bookworm
	}
	// python:3.12-slim-bookworm, but node:20-bookworm-slim.
	variant = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(variant, "slim-"), "slim"), "-slim")
	switch {
	case strings.HasPrefix(variant, "alpine"):
		img.Libc, img.Release = Musl, strings.TrimPrefix(variant, "alpine")
		img.Programs = BusyboxPrograms
		if img.Release != "" && !AlpineRelease(img.Release) {
			img.Known = false
		}
		return version
	}
	img.Libc = Glibc
	img.Programs = DebianPrograms
	for _, r := range debianReleases {
		if variant == r {
			img.Release = r
		}
	}
	if img.Release == "" {
		if variant != "" && variant != "latest" {
			img.Known = false // windowsservercore and the like
		}
		img.Release = defaultRelease(version)
	}
	return version
}

// AlpineRelease tells whether s is an alpine release number such as 3.19.
func AlpineRelease(s string) bool {
	major, minor, ok := strings.Cut(s, ".")
	return ok && Digits(major) && Digits(minor)
}

// Digits tells whether s is one or more ASCII digits.
func Digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// debianRelease reads a debian image tag: a code name or a version number,
// with -slim or a date after it.
func debianRelease(tag string) string {
	name, _, _ := strings.Cut(tag, "-")
	major, _, _ := strings.Cut(name, ".")
	switch major {
	case "10":
		return "buster"
	case "11":
		return "bullseye"
	case "12":
		return "bookworm"
	case "13":
		return "trixie"
	case "", "latest", "stable":
		return "trixie"
	}
	return name
}

// AlpineRuntime is the musl runtime for an alpine release ("" for the default).
func AlpineRuntime(release string) string {
	if release == "" {
		return Alpine
	}
	return "alpine:" + release
}

// officialMirrors are the prefixes under which Docker Hub's official
// images are pulled as they are: Docker Hub's own long names (which
// Podman needs where short names are not resolved), Amazon ECR Public's
// copy of the Docker Official Images and Google's Docker Hub mirror.
// registry.hub.docker.com is Docker Hub's older registry name, which the
// code corpus's files still pull official images through.
// docker.io/library/ comes before docker.io/, which it starts.
var officialMirrors = []string{"docker.io/library/", "index.docker.io/library/", "registry-1.docker.io/library/",
	"registry.hub.docker.com/library/", "docker.io/", "library/", "public.ecr.aws/docker/library/", "mirror.gcr.io/library/"}

// OnMirror writes an official image's reference (alpine:3.23) under the
// prefix the builder's image was pulled through, so that the runtime
// image comes from the same place: a build that reaches only ECR Public,
// or runs under Podman, can pull both. Any other reference is returned as
// it is.
func OnMirror(builder Image, ref string) string {
	name, _, _ := strings.Cut(ref, "@")
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name = name[:i]
	}
	if builder.Mirror == "" || strings.Contains(name, "/") {
		return ref // another registry's (gcr.io/distroless, mcr.microsoft.com)
	}
	return builder.Mirror + ref
}
