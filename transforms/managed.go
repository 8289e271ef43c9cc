package transforms

import (
	"strings"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// Helpers for the managed runtimes (Python, Node), whose programs are
// their sources: the runtime stage copies the whole application folder.

// appFolder is the folder an interpreted program lives in: the final
// WORKDIR, which the runtime stage copies whole (what the build put
// elsewhere is carried as run-time files, runfiles.go).
func appFolder(st *rewrite.Stage) (string, error) {
	dir := st.Final.Workdir
	if dir == "" || dir == "/" {
		return "", rewrite.Skipf(st.From.Line(), "no WORKDIR holds the application: copying / would copy the whole toolchain")
	}
	return dir, nil
}

// slimRuntime is the slim image of a Debian-based language image of the
// same version and release, or the same alpine variant for an alpine one.
// The official images name it two ways: python:3.12-slim-bookworm, but
// node:20-bookworm-slim.
func slimRuntime(img rewrite.Image) string {
	name := img.Ref
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name = name[:i]
	}
	version, _, _ := strings.Cut(img.Tag, "-")
	if version == "" || (version[0] < '0' || version[0] > '9') && !(img.Family == "node" && nodeVersionWords.Has(version)) {
		version = ""
	}
	variant := "slim"
	if img.Libc == rewrite.Musl {
		variant = "alpine" + img.Release
	} else if strings.Contains(img.Tag, img.Release) && img.Release != "" {
		variant = "slim-" + img.Release
		if img.Family == "node" {
			variant = img.Release + "-slim"
		}
	}
	if version == "" {
		return name + ":" + variant
	}
	return name + ":" + version + "-" + variant
}

// chosenByUser is why a runtime image the user named is used.
const chosenByUser = "chosen by the user (--runtime-image or the configuration file)"

// userRuntime applies the runtime image the user chose for b's toolchain,
// and tells whether there was one.
func userRuntime(b *rewrite.Build, p *rewrite.Pass) bool {
	ref := p.Options.RuntimeFor(p.Toolchain.Name)
	if ref == "" {
		return false
	}
	b.Runtime, b.Why = ref, chosenByUser
	return true
}

// distroImage tells whether an image is the official debian or ubuntu
// one, where a build's Python, Java, Node or Rust comes from the
// distribution's packages (or an installer), not from a language image.
func distroImage(img rewrite.Image) bool {
	return img.Known && (img.Repo == "debian" || img.Repo == "ubuntu")
}

// releasesUnsure are the other Debian releases a language image's tag may
// stand for besides img.Release, from each family's table (goReleaseUnsure,
// rustReleaseUnsure, pythonReleases, nodeReleases); none when the tag
// names its release, or for alpine and other images.
func releasesUnsure(img rewrite.Image) []string {
	if img.Libc != rewrite.Glibc || strings.Contains(img.Tag, img.Release) {
		return nil
	}
	switch img.Family {
	case "golang":
		if other := goReleaseUnsure(img); other != "" {
			return []string{other}
		}
	case "rust":
		if other := rustReleaseUnsure(img); other != "" {
			return []string{other}
		}
	case "python":
		return pythonReleases(img.Env["PYTHON_VERSION"])[1:]
	case "node":
		return nodeReleases(img.Env["NODE_VERSION"])[1:]
	}
	return nil
}

// sameOnEvery refuses libraries whose runtime package is named otherwise
// on another Debian release the builder's tag may stand for (others, ""
// for none): msrewrite cannot tell which one the build pulls, and the
// runtime would install a package its release lacks, or a library of
// another soname. A trixie name that only adds "t64" (the 64-bit time_t
// transition) ships the same library under the same soname.
func sameOnEvery(st *rewrite.Stage, builder rewrite.Image, libs []rewrite.Library, others ...string) error {
	for _, other := range others {
		if other == "" {
			continue
		}
		alt := rewrite.LookupImage(rewrite.DebianSlim(other))
		for _, l := range libs {
			if pkg, _ := rewrite.LibraryPackage(alt, l.Dev); pkg != l.Package && pkg+"t64" != l.Package && pkg != l.Package+"t64" {
				if pkg == "" {
					pkg = "none msrewrite knows"
				}
				return rewrite.Skipf(st.From.Line(), "%s (%s): its library is %s on %s and %s on %s, and %s was published on both (name the release in the tag, e.g. %s-%s)",
					l.Dev, l.Why, l.Package, builder.Release, pkg, other, builder.Ref, builder.Ref, builder.Release)
			}
		}
	}
	return nil
}

// namesBeforeT64 gives the runtime stage, where the builder's tag may
// stand for trixie or an older release (others) and the runtime is the
// same tag's slim image, the name a library had before trixie's 64-bit
// time_t transition: bookworm has no libssl3t64, and trixie's provides
// libssl3 on the 64-bit platforms (amd64, arm64) images are built for.
func namesBeforeT64(p *rewrite.Pass, builder rewrite.Image, libs []rewrite.Library, others []string) {
	for i, l := range libs {
		old, ok := strings.CutSuffix(l.Package, "t64")
		if !ok || l.AsIs {
			continue
		}
		for _, other := range others {
			if pkg, _ := rewrite.LibraryPackage(rewrite.LookupImage(rewrite.DebianSlim(other)), l.Dev); pkg == old {
				libs[i].Package = old
				p.Notef(0, "%s may stand for %s or %s: %s is installed by its name before trixie's 64-bit time_t transition, which %s provides on 64-bit platforms", builder.Ref, builder.Release, other, old, l.Package)
				break
			}
		}
	}
}

// tableLibraries are the libraries whose runtime package the library
// table names; the others are installed again by the name the build used,
// which a runtime of the builder's own tag has on whatever release.
func tableLibraries(libs []rewrite.Library) []rewrite.Library {
	var out []rewrite.Library
	for _, l := range libs {
		if !l.AsIs {
			out = append(out, l)
		}
	}
	return out
}
