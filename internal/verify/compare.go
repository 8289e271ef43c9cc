package verify

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// Config is the part of an image's configuration a rewrite must keep.
type Config struct {
	Env          []string            `json:"Env"`
	WorkingDir   string              `json:"WorkingDir"`
	User         string              `json:"User"`
	ExposedPorts map[string]struct{} `json:"ExposedPorts"`
	Volumes      map[string]struct{} `json:"Volumes"`
	Labels       map[string]string   `json:"Labels"`
	Healthcheck  *Healthcheck        `json:"Healthcheck"`
	StopSignal   string              `json:"StopSignal"`
	Entrypoint   []string            `json:"Entrypoint"`
	Cmd          []string            `json:"Cmd"`
	// Shell is SHELL's: images built FROM this one run with it.
	Shell []string `json:"Shell"`
}

// Healthcheck is an image's HEALTHCHECK.
type Healthcheck struct {
	Test        []string `json:"Test"`
	Interval    int64    `json:"Interval"`
	Timeout     int64    `json:"Timeout"`
	StartPeriod int64    `json:"StartPeriod"`
	Retries     int      `json:"Retries"`
}

// Getenv is a variable of the image's environment.
func (c Config) Getenv(name string) (string, bool) {
	for _, kv := range c.Env {
		if k, v, _ := strings.Cut(kv, "="); k == name {
			return v, true
		}
	}
	return "", false
}

// Image is a built image: its configuration, size and files.
type Image struct {
	Ref    string
	Size   int64
	Config Config
	Files  Listing
}

// Spec is what the rewrite says about itself, for the comparison.
type Spec struct {
	// Folders are the image folders the Dockerfile writes to: COPY and
	// ADD destinations, WORKDIR, the artifacts' folders.
	Folders []string
	// LeftInBuilder are paths the rewrite leaves out on purpose, with why.
	LeftInBuilder map[string]string
	// BuildOutputs are where the build keeps its intermediate output: an
	// absolute folder, "*.ext" for a file suffix anywhere, or "dir:NAME"
	// for a folder of that name anywhere.
	BuildOutputs []string
	// Artifacts are the paths (files or folders) the runtime stage copies.
	Artifacts []string
	// Programs are the programs the rewrite says the artifacts run.
	Programs []string
	// Env are the variables the Dockerfile sets in its final stage that
	// the rewrite keeps; Labels the labels it sets.
	Env, Labels []string
	// BuildOnly tells whether a file is one the rewrite's tables leave in
	// the builder, by its path relative to the folder it is under.
	BuildOnly func(rel string) bool
	// CommandChanged says the rewrite writes CMD or ENTRYPOINT anew
	// (cargo run becomes the binary).
	CommandChanged bool
	// UserDirs are set when the rewrite runs the container as an
	// unprivileged user of its own (nonroot), who owns those folders (the
	// WORKDIR, and what a COPY --chown gives it) and what is copied into
	// them: USER, and root's files there now the user's, are what it
	// asked for.
	UserDirs []string
}

// Finding is one way the rewrite's image lacks what the original has.
type Finding struct {
	Kind   string `json:"kind"` // file, library, command, config, run
	Path   string `json:"path,omitempty"`
	Detail string `json:"detail"`
}

func (f Finding) String() string {
	if f.Path == "" {
		return f.Kind + ": " + f.Detail
	}
	return f.Kind + ": " + f.Path + ": " + f.Detail
}

// Compare finds what the rewritten image lacks of what the original,
// built on base, has: files, libraries, programs, configuration.
func Compare(spec Spec, base, orig, rewritten Image) []Finding {
	var out []Finding
	out = append(out, compareFiles(spec, base, orig, rewritten)...)
	out = append(out, checkLibraries(spec, rewritten)...)
	out = append(out, checkCommands(spec, rewritten)...)
	out = append(out, compareConfig(spec, orig.Config, rewritten.Config)...)
	return out
}

// compareFiles checks every file the Dockerfile put under its folders
// (those that differ from the base image's) but what the rewrite leaves
// out on purpose: it must be in the rewrite, with the same type, mode
// and owner.
func compareFiles(spec Spec, base, orig, rewritten Image) []Finding {
	var out []Finding
	paths := make([]string, 0, len(orig.Files))
	for p := range orig.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := orig.Files[p]
		if f.Mode.IsDir() || !under(p, spec.Folders) || unchanged(base.Files[p], f) || spec.leftOut(p) || spec.buildOnly(p) {
			continue
		}
		g, ok := rewritten.Files[p]
		switch {
		case !ok:
			out = append(out, Finding{"file", p, "missing"})
		case f.Mode.Type() != g.Mode.Type():
			out = append(out, Finding{"file", p, fmt.Sprintf("a %s, not a %s", kind(g.Mode), kind(f.Mode))})
		case f.Mode.Perm() != g.Mode.Perm():
			out = append(out, Finding{"file", p, fmt.Sprintf("mode %04o, not %04o", g.Mode.Perm(), f.Mode.Perm())})
		case (f.UID != g.UID || f.GID != g.GID) && !spec.givenToUser(p, f, g):
			out = append(out, Finding{"file", p, fmt.Sprintf("owner %d:%d, not %d:%d", g.UID, g.GID, f.UID, f.GID)})
		case f.Mode&fs.ModeSymlink != 0 && f.Link != g.Link:
			out = append(out, Finding{"file", p, fmt.Sprintf("links to %s, not %s", g.Link, f.Link)})
		}
	}
	// The folders that hold what was compared: their owner and mode
	// decide who may write there (COPY --from makes them root's).
	for _, p := range paths {
		f := orig.Files[p]
		g, ok := rewritten.Files[p]
		if !f.Mode.IsDir() || !ok || !under(p, spec.Folders) || unchanged(base.Files[p], f) {
			continue
		}
		if (f.UID != g.UID || f.GID != g.GID) && !spec.givenToUser(p, f, g) {
			out = append(out, Finding{"file", p + "/", fmt.Sprintf("owner %d:%d, not %d:%d", g.UID, g.GID, f.UID, f.GID)})
		} else if f.Mode.Perm() != g.Mode.Perm() {
			out = append(out, Finding{"file", p + "/", fmt.Sprintf("mode %04o, not %04o", g.Mode.Perm(), f.Mode.Perm())})
		}
	}
	return out
}

// givenToUser tells whether a file of root's in the original is the
// unprivileged user's in the rewrite because nonroot gave it to them:
// under the folder the user owns.
func (s Spec) givenToUser(p string, orig, rewritten *File) bool {
	return orig.UID == 0 && rewritten.UID != 0 && slices.ContainsFunc(s.UserDirs, func(dir string) bool {
		return p == dir || strings.HasPrefix(p, dir+"/")
	})
}

// leftOut tells whether the rewrite leaves a path out on purpose.
func (s Spec) leftOut(p string) bool {
	for q := p; ; q = path.Dir(q) {
		if _, ok := s.LeftInBuilder[q]; ok {
			return true
		}
		if q == "/" {
			break
		}
	}
	for _, o := range s.BuildOutputs {
		switch {
		case strings.HasPrefix(o, "*."):
			if strings.HasSuffix(p, o[1:]) {
				return true
			}
		case strings.HasPrefix(o, "dir:"):
			if slices.Contains(strings.Split(p, "/"), o[len("dir:"):]) {
				return true
			}
		case p == o || strings.HasPrefix(p, strings.TrimSuffix(o, "/")+"/"):
			return true
		}
	}
	return false
}

// buildOnly asks Spec.BuildOnly of a path, relative to each folder it is
// under.
func (s Spec) buildOnly(p string) bool {
	if s.BuildOnly == nil {
		return false
	}
	for _, d := range s.Folders {
		if rel, ok := strings.CutPrefix(p, strings.TrimSuffix(d, "/")+"/"); ok && s.BuildOnly(rel) {
			return true
		}
	}
	return false
}

// under tells whether a path is one of the folders or below one.
func under(p string, folders []string) bool {
	for _, d := range folders {
		if p == d || d == "/" || strings.HasPrefix(p, strings.TrimSuffix(d, "/")+"/") {
			return true
		}
	}
	return false
}

// unchanged tells whether a file is the base image's own.
func unchanged(base, f *File) bool {
	return base != nil && base.Mode == f.Mode && base.Size == f.Size && base.UID == f.UID && base.GID == f.GID &&
		base.Link == f.Link && base.ModTime.Equal(f.ModTime)
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "folder"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	}
	return "file"
}

// checkLibraries checks that every ELF binary and library among the
// artifacts finds its loader and the libraries it needs in the image.
func checkLibraries(spec Spec, img Image) []Finding {
	var out []Finding
	ldPath, _ := img.Config.Getenv("LD_LIBRARY_PATH")
	var elfs []string
	for p, f := range img.Files {
		if f.Data != nil && under(p, spec.Artifacts) {
			elfs = append(elfs, p)
		}
	}
	sort.Strings(elfs)
	versions := map[string]map[string]bool{} // a library's, by its path; nil when unknown
	for _, p := range elfs {
		lk, ok := readLinkage(p, img.Files[p].Data)
		if !ok {
			continue
		}
		if lk.interp != "" && img.Files.Resolve(lk.interp) == "" {
			out = append(out, Finding{"library", p, "its loader " + lk.interp + " is not in the image (a binary for another C library?)"})
			continue
		}
		musl := strings.Contains(lk.interp, "musl")
		if lk.interp == "" && len(lk.needed) > 0 {
			// A shared library: the loader of the image decides.
			musl = len(img.Files.glob("/lib/ld-musl-*")) > 0
		}
		dirs := append(lk.paths, searchPath(img.Files, musl, ldPath)...)
		for _, lib := range lk.needed {
			at := findLibrary(img.Files, lib, dirs)
			if at == "" {
				out = append(out, Finding{"library", p, lib + " is not found"})
				continue
			}
			defined, seen := versions[at]
			if !seen {
				defined, _ = definedVersions(img.Files[at].Data)
				versions[at] = defined
			}
			if defined == nil {
				continue // not kept: nothing to compare with
			}
			for _, v := range lk.versions[lib] {
				if !defined[v] {
					out = append(out, Finding{"library", p, lib + " (" + at + ") lacks the symbol version " + v + " it needs: an older library than the one it was built against"})
					break
				}
			}
		}
	}
	return out
}

// checkCommands checks that CMD and ENTRYPOINT's program, and those the
// rewrite says the artifacts run, are on the image's PATH.
func checkCommands(spec Spec, img Image) []Finding {
	var out []Finding
	cfg := img.Config
	words := append(append([]string{}, cfg.Entrypoint...), cfg.Cmd...)
	if len(words) > 0 {
		prog := words[0]
		if (prog == "/bin/sh" || prog == "sh") && len(words) > 1 && words[1] == "-c" && img.Files.Resolve("/bin/sh") == "" {
			out = append(out, Finding{"command", "/bin/sh", "the shell form needs /bin/sh, which the image lacks"})
		} else if lookPath(img, prog) == "" {
			out = append(out, Finding{"command", prog, "not found on PATH"})
		}
	}
	for _, prog := range spec.Programs {
		if lookPath(img, prog) == "" {
			out = append(out, Finding{"command", prog, "the program runs it, and it is not on PATH"})
		}
	}
	return out
}

// lookPath finds a program as the container would.
func lookPath(img Image, prog string) string {
	if strings.Contains(prog, "/") {
		if !path.IsAbs(prog) {
			prog = path.Join(img.Config.WorkingDir, prog)
		}
		return img.Files.Resolve(prog)
	}
	pathVar, ok := img.Config.Getenv("PATH")
	if !ok {
		pathVar = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	}
	for _, d := range strings.Split(pathVar, ":") {
		if p := img.Files.Resolve(path.Join(d, prog)); p != "" {
			return p
		}
	}
	return ""
}

// compareConfig compares what the Dockerfile sets in the image's
// configuration.
func compareConfig(spec Spec, a, b Config) []Finding {
	var out []Finding
	diff := func(what, x, y string) {
		if x != y {
			out = append(out, Finding{"config", what, fmt.Sprintf("%q, not %q", y, x)})
		}
	}
	for _, k := range spec.Env {
		x, _ := a.Getenv(k)
		y, _ := b.Getenv(k)
		diff("ENV "+k, x, y)
	}
	for _, k := range spec.Labels {
		diff("LABEL "+k, a.Labels[k], b.Labels[k])
	}
	diff("WORKDIR", a.WorkingDir, b.WorkingDir)
	if len(spec.UserDirs) == 0 {
		diff("USER", a.User, b.User)
	}
	diff("EXPOSE", keys(a.ExposedPorts), keys(b.ExposedPorts))
	diff("VOLUME", keys(a.Volumes), keys(b.Volumes))
	diff("STOPSIGNAL", a.StopSignal, b.StopSignal)
	diff("HEALTHCHECK", healthcheck(a.Healthcheck), healthcheck(b.Healthcheck))
	diff("SHELL", strings.Join(a.Shell, " "), strings.Join(b.Shell, " "))
	if !spec.CommandChanged {
		diff("ENTRYPOINT", strings.Join(a.Entrypoint, " "), strings.Join(b.Entrypoint, " "))
		diff("CMD", strings.Join(a.Cmd, " "), strings.Join(b.Cmd, " "))
	}
	return out
}

func healthcheck(h *Healthcheck) string {
	if h == nil {
		return ""
	}
	return fmt.Sprintf("%q every %d timeout %d start %d retries %d", h.Test, h.Interval, h.Timeout, h.StartPeriod, h.Retries)
}

func keys(m map[string]struct{}) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}
