package transforms

import (
	"encoding/json"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// runtimeOnly are the instructions that only describe the final image:
// they leave the builder for the runtime stage, with their comments.
var runtimeOnly = map[string]bool{"cmd": true, "entrypoint": true, "expose": true, "label": true, "maintainer": true,
	"volume": true, "healthcheck": true, "stopsignal": true}

// runtimePlan is what the runtime stage holds, decided before it is
// written (render.go writes it in this order).
type runtimePlan struct {
	// args are the builder's ARGs that the stage's words use, copied as written.
	args map[*dockerfile.Instruction]bool
	// imageArgs are variables the builder image sets and the runtime
	// image does not, which the stage's words use while it builds: each
	// is declared as an ARG with the value the builder saw, so the words
	// evaluate as they did there and the container's environment stays
	// the runtime image's.
	imageArgs map[string]string
	// env are the ENV lines, each with its line ending; envKeys the names they set.
	env     []string
	envKeys map[string]bool
	// envFrom is where the first of those ENV lines that sets each name
	// starts: an instruction before it (or that ENV itself, whose values
	// see the variables as they were) does not see the name set.
	envFrom map[string]int
	// pathDirs are put in front of PATH.
	pathDirs []string
	workdir  string
	copies   []copyFrom
	// copiedDst and copiedDirs index copies by destination, copiedAbove
	// the folders above one (addCopy).
	copiedDst, copiedDirs, copiedAbove map[string]bool
	// carried are the run-time files the runtime stage gets from the
	// build context, by image path, with their context path.
	carried map[string]string
	// shells are the SHELL instructions the runtime stage repeats.
	shells []*dockerfile.Instruction
	// repeats are COPY and ADD instructions written again as they are.
	repeats []*dockerfile.Instruction
	// fromImages are the paths a repeated COPY --from of another image
	// puts into the image, as far as its words tell.
	fromImages []string
	// downloads are the files RUNs download (curl -o, wget -O): what they
	// hold, a program built for some C library or data, is not known.
	downloads []string
	// unpacked are the folders RUNs unpacked an archive into, whose
	// files are not known either.
	unpacked []string
	// wholeDirs are folders the build context filled whose owner or mode
	// a RUN then set down through them (chown -R): the runtime stage
	// copies each whole from the builder instead of file by file.
	wholeDirs []string
	// topChanges set again the owner or mode of folder artifacts, which
	// COPY --from does not carry ("chown app:app /app"), in order; and
	// run again what changes the runtime image's own files (ldconfig,
	// keytool -importcert -cacerts), after the copies.
	topChanges []string
	// imported are the certificate files keytool imports, which the
	// runtime stage reads to import them again.
	imported []runWrite
	// writes are what the RUNs write (runwrites.go); removals those
	// that remove, again, for removedAfter.
	writes, removals []runWrite
	// usersBy names the RUN that adds users or groups ("a RUN after the
	// build"); "" for none.
	usersBy string
	// preseeds are the answers RUNs give debconf for the packages they
	// install, which the runtime stage gives before its own installs.
	preseeds []preseed
	// alternatives are the update-alternatives runs the runtime stage
	// runs again after its copies.
	alternatives []alternatives
	// ldconfig is the ldconfig command a RUN ran, which the runtime stage
	// runs again after its copies; ldconfigBy names that RUN.
	ldconfig, ldconfigBy string
	ldconfigLine         int
	// homes are the users' home folders those RUNs make, all in /home.
	homes []runWrite
	// user is the last USER, copied as written.
	user *dockerfile.Instruction
	// moved are the runtime-only instructions, with the comments above them.
	moved []string
	// installs are the packages the runtime stage installs (checkPrograms).
	installs []string
	// recommends says one of them was installed with apt's recommended
	// packages, which the runtime stage installs too.
	recommends bool
	// sourceEdits are the sed -i commands by which RUNs point the
	// package manager at a mirror, repeated before the runtime stage's
	// installs where its package manager is the one they edit.
	sourceEdits []sourceEdit
	// sourceCopies are the COPYs of package sources from the build
	// context, repeated before those installs.
	sourceCopies []*dockerfile.Instruction
}

// sourceEdit is a command that edits a package manager's sources in place.
type sourceEdit struct {
	line    int
	manager string // rewrite.SourcesOf's
	command string
	args    []*dockerfile.Instruction // the ARGs command uses
}

// readNoise adds to what the build reads at run time the noise the
// container reads: the repository's .git where it runs git (git
// rev-parse HEAD for the version), and the root's README or changelog
// the sources name.
func (pl *plan) readNoise() {
	read := maps.Clone(pl.build.ReadAtRunTime) // shared by the documents of the context
	if read == nil {
		read = map[string]string{}
	}
	if ctx := pl.pass.Options.Context; ctx != nil {
		if _, dir := ctx.Stat(".git"); dir && pl.runsGit() {
			read[".git"] = "the container runs git, which reads the repository"
		}
	}
	for name, why := range noiseRead(pl.pass.Options.Context, pl.toolchain(), pl.build.Sources) {
		read[name] = why
	}
	if len(read) > 0 {
		pl.build.ReadAtRunTime = read
	}
}

// install adds a package to those the runtime stage installs, once.
func (rt *runtimePlan) install(pkg string) {
	if !slices.Contains(rt.installs, pkg) {
		rt.installs = append(rt.installs, pkg)
	}
}

// copyFrom is a COPY --from=stage src dst line.
type copyFrom struct{ from, src, dst string }

// addCopy adds a COPY --from line, unless what it copies is there
// already: the same destination, or a folder copied whole above it.
// (A runtime stage can carry thousands of files: the lines are indexed.)
func (rt *runtimePlan) addCopy(c copyFrom) bool {
	dst := strings.TrimSuffix(c.dst, "/")
	if rt.covered(dst) {
		return false
	}
	if rt.copiedDst == nil {
		rt.copiedDst, rt.copiedDirs, rt.copiedAbove = map[string]bool{}, map[string]bool{}, map[string]bool{}
	}
	rt.copiedDst[dst] = true
	for d := path.Dir(dst); !rt.copiedAbove[d]; d = path.Dir(d) {
		rt.copiedAbove[d] = true
		if d == "/" || d == "." {
			break
		}
	}
	if strings.HasSuffix(c.src, "/") {
		rt.copiedDirs[dst] = true
	}
	rt.copies = append(rt.copies, c)
	return true
}

// covered tells whether an image path is copied already.
func (rt *runtimePlan) covered(p string) bool {
	if rt.copiedDst[p] {
		return true
	}
	for d := path.Dir(p); ; d = path.Dir(d) {
		if rt.copiedDirs[d] {
			return true
		}
		if d == "/" || d == "." {
			return false
		}
	}
}

// carry decides what the runtime stage holds besides the artifacts'
// copies, and checks that everything it refers to (variables, programs,
// the working directory, the user) will exist there.
func (pl *plan) carry() error {
	st, b := pl.stage, pl.build
	rt := &pl.rt
	rt.args, rt.envKeys, rt.envFrom = map[*dockerfile.Instruction]bool{}, map[string]bool{}, map[string]int{}
	rt.imageArgs = map[string]string{}
	rt.pathDirs = unique(b.PathPrefix, func(s string) string { return s })
	var carried []*dockerfile.Instruction // instructions whose words the runtime stage evaluates
	for _, in := range st.Body {
		switch {
		case runtimeOnly[in.Name()]:
			text, how := pl.lines(in.CommentStart, in.End), ""
			if c := b.Command; c != nil && c.In == in {
				var err error
				if text, err = pl.commandText(in, c); err != nil {
					return err
				}
				how = ", rewritten: " + c.Why
			}
			rt.moved = append(rt.moved, text)
			for l := in.CommentStart; l < in.End; l++ {
				pl.deleted[l] = true
			}
			pl.pass.Notef(in.Line(), "%s moves to the runtime stage%s", strings.ToUpper(in.Name()), how)
			carried = append(carried, in)
		case in.Name() == "user":
			rt.user = in
		case in.Name() == "shell":
			// The builder's RUNs keep it; the command lines moved after
			// it, and images built FROM this one, run with it too.
			rt.moved = append(rt.moved, pl.lines(in.Start, in.End))
			rt.shells = append(rt.shells, in)
			pl.pass.Notef(in.Line(), "SHELL is repeated in the runtime stage, after its RUNs: the command lines after it, and images built from this one, run with it")
		}
	}
	pl.tidyBlankLines()
	carried = append(carried, pl.carryEnv(carried)...)
	if rt.user != nil {
		carried = append(carried, rt.user)
	}
	if err := pl.checkRefs(carried); err != nil {
		return err
	}
	if b.Prune != nil {
		pl.pass.Notef(0, "stage %s: %s", b.Prune.Name, b.Prune.Why)
	}
	for _, a := range b.Artifacts {
		if a.Link != "" {
			if err := pl.linkAgain(a); err != nil {
				return err
			}
			continue
		}
		src, dst := a.Path, a.Path
		switch {
		case a.Dir:
			src += "/"
			dst = src
		case a.Glob:
			dst = path.Dir(a.Path) + "/"
		}
		from := pl.alias
		if a.FromPrune && b.Prune != nil {
			from = b.Prune.Name
		}
		rt.addCopy(copyFrom{from, src, dst})
	}
	if !pl.runtime.CACerts && builderCACerts(st) {
		rt.addCopy(copyFrom{pl.alias, "/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/"})
		pl.pass.Notef(0, "%s has no CA certificates: the builder's bundle is copied", b.Runtime)
	}
	// What the build put into the image besides the artifacts, before
	// the programs are looked for: CMD may run a carried script.
	rt.downloads = append(rt.downloads, st.RemoteAdds()...)
	if err := pl.runWrites(); err != nil {
		return err
	}
	for _, w := range rt.imported {
		if !pl.removedAfter(w.path, w.index-1) {
			continue
		}
		// Removed once imported: a COPY of the build context that brings
		// that file alone is repeated for the runtime stage's import.
		if in := pl.copyOfOneFile(w.path); in != nil {
			if !slices.Contains(rt.repeats, in) {
				rt.repeats = append(rt.repeats, in)
				// and removed after the import, as the build does
				rt.topChanges = append(rt.topChanges, "rm -f "+w.path)
				pl.pass.Notef(in.Line(), "keytool imports %s, which the build then removes: this COPY is repeated in the runtime stage for its import, and the file removed after it", w.path)
			}
			continue
		}
		return rewrite.Skipf(w.line, "keytool imports %s, which the build removes: the runtime stage could not import it again", w.path)
	}
	pl.rt.wholeDirs = pl.wholeFolders()
	pl.readNoise()
	if err := pl.carryFiles(); err != nil {
		return err
	}
	if err := pl.carryImageCopies(); err != nil {
		return err
	}
	var folderChanges, links []runWrite
	last := pl.lastStep()
	for k, w := range rt.writes {
		switch {
		case w.meta && pl.insideFolderArtifact(w.path):
			// COPY --from copies the folders inside the one it copies
			// with their owner and mode: only the top one's are lost.
			continue
		case w.meta && pl.isFolderArtifact(w.path) && pl.canChangeAgain(w):
			// The top one's: the runtime stage sets them again.
			pl.changeAgain(w)
			continue
		case w.meta && (w.recursive || !pl.knownFile(w.path)):
			// Decided once every copy is known (folderChange); a folder
			// mkdir -m makes is carried as any other.
			folderChanges = append(folderChanges, w)
			if !w.dir {
				continue
			}
		}
		switch {
		case rewrite.SourcesOf(w.path) != "":
			// The builder's package sources: of its own release, which
			// the runtime image's may not be. Its installs use its own
			// (sourceEdits repeats a mirror's edit).
			pl.pass.Notef(w.line, "%s: not carried: the builder's package sources, for its image's release; the runtime stage keeps its own", w.path)
		case pl.inBuildDir(w, last):
		case toolHome(pl.toolchain(), w.path) != "" && !w.removed:
			pl.pass.Notef(w.line, "%s: not carried: %s, which only the build reads", w.path, toolHome(pl.toolchain(), w.path))
		case w.removed || pl.isArtifact(w.path) || pl.removedAfter(w.path, w.index) || pl.removedLater(k):
		case !w.dir && pl.leftInBuilder(w.path):
			// A build input the RUN changed (chmod +x mvnw, sed -i on a
			// manifest) is a build input still.
		case w.dir && pl.madeAnyway(w.path):
			// The folder exists in the runtime stage without its copy,
			// which would bring whatever the build put in it.
		case w.link != "":
			links = append(links, w) // once every copy is known
		default:
			pl.addFromBuilder(w.path, w.dir, w.line, "written by "+w.by)
		}
	}
	for _, w := range links {
		switch {
		case rt.covered(w.path):
			// A folder copied whole brings the link as a link.
		case pl.keptAt(w.link):
			if err := pl.relink(w.line, w.link, w.path); err != nil {
				return err
			}
		case shell.IsShell(w.path) && shell.IsShell(w.link):
			// ln -sf /bin/bash /bin/sh: the image's sh is bash, for a
			// shell-form CMD as for the build's RUNs.
			if err := pl.shellLink(w); err != nil {
				return err
			}
		case binDirs.Has(path.Dir(w.link)) && pl.runtimeHasAt(w.link):
			// ln -s /usr/local/bin/node /usr/bin/node: the runtime
			// image's own node, not a copy of the builder's.
			if err := pl.relink(w.line, w.link, w.path); err != nil {
				return err
			}
		case binDirs.Has(path.Dir(w.link)) && pl.runtime.Libc != st.BaseImage.Libc:
			return rewrite.Skipf(w.line, "%s links %s to the builder's %s, built for %s: a copy of it on %s (%s) could not run", w.by, w.path, w.link, st.BaseImage.Libc, pl.build.Runtime, pl.runtime.Libc)
		default:
			// What it points to is the builder's own (a zone file for
			// /etc/localtime): its content is copied in its place.
			pl.addFromBuilder(w.path, false, w.line, "written by "+w.by+", a link to "+w.link+", whose content is copied")
		}
	}
	for _, w := range rt.writes {
		if w.tree && rt.copiedDst[w.path] {
			rt.dropInside(pl.alias, w.path) // the folder's copy brings them
		}
	}
	for _, w := range folderChanges {
		if err := pl.folderChange(w); err != nil {
			return err
		}
	}
	if rt.usersBy != "" {
		pl.copyUsers()
		pl.pass.Notef(0, "%s adds users or groups: the builder's /etc/passwd and /etc/group are copied", rt.usersBy)
	}
	if len(rt.homes) > 0 {
		// COPY --from keeps the owner of what is inside the folder it
		// copies, not of the folder itself: /home carries the homes
		// with theirs.
		h := rt.homes[0]
		rt.dropInside(pl.alias, "/home") // the copy of /home brings them, owners and all
		pl.addFromBuilder("/home", true, h.line, "the home folder "+h.path+", which a"+strings.TrimPrefix(h.by, "this")+" makes, with its owner (a copy of /home keeps it)")
	}
	if rt.ldconfig != "" {
		// The loader's cache lists the builder's libraries: the runtime
		// stage builds its own, with the libraries it carried.
		if !pl.runtime.Shell || pl.runtime.Libc != rewrite.Glibc {
			return rewrite.Skipf(rt.ldconfigLine, "%s runs ldconfig for the libraries it installs, which %s cannot run again", rt.ldconfigBy, pl.build.Runtime)
		}
		rt.topChanges = append(rt.topChanges, rt.ldconfig)
		pl.pass.Notef(rt.ldconfigLine, "%s runs ldconfig: the runtime stage runs it again after its copies", rt.ldconfigBy)
	}
	if err := pl.checkPrograms(); err != nil {
		return err
	}
	for _, a := range rt.alternatives {
		if !pl.runtime.Shell || !rewrite.SameDistribution(pl.stage.BaseImage, pl.runtime) {
			return rewrite.Skipf(a.line, "%s runs update-alternatives, which %s, not the builder's distribution and release, cannot run again", a.by, pl.build.Runtime)
		}
		for _, p := range a.paths {
			// A program of the runtime's by name, where the packages
			// put programs (or a JVM's, which the JRE installed again
			// keeps where the JDK's package had it).
			where := binDirs.Has(path.Dir(p)) || strings.HasPrefix(p, "/usr/lib/jvm/")
			if !pl.isArtifact(p) && !(where && pl.runtimeHasAt(p)) {
				return rewrite.Skipf(a.line, "%s points an alternative at %s, which %s does not have", a.by, p, pl.build.Runtime)
			}
		}
		rt.topChanges = append(rt.topChanges, a.cmd)
		for _, l := range a.links {
			pl.runtime.Programs = pl.runtime.Programs.With(path.Base(l))
		}
		pl.pass.Notef(a.line, "%s runs update-alternatives: the runtime stage runs it again after its copies (%s)", a.by, a.cmd)
	}
	for _, in := range rt.shells {
		if err := pl.checkProgram(in, in.Cmd.(*instructions.ShellCommand).Shell[0], "/", false); err != nil {
			return err
		}
	}
	if err := pl.checkCommand(pl.prog.In); err != nil {
		return err
	}
	if err := pl.checkPassedCommand(); err != nil {
		return err
	}
	for _, in := range st.Body {
		if in.Name() == "healthcheck" {
			if err := pl.checkCommand(in); err != nil {
				return err
			}
		}
	}
	if rt.workdir = st.Final.Workdir; rt.workdir == "" {
		return rewrite.Skipf(st.From.Line(), "the working directory cannot be known, and a relative CMD path depends on it")
	}
	pl.recordFolders()
	if err := pl.carryZones(); err != nil {
		return err
	}
	pl.carryMimeTypes()
	pl.workdirOwner()
	return pl.carryUser()
}

// workdirOwner gives the working directory the owner it had: BuildKit
// makes a WORKDIR that does not exist yet as the current USER
// (moby/buildkit#1002), so `USER node` then `WORKDIR /home/node/app`
// leaves the program a folder it may write. The runtime stage makes its
// WORKDIR, and COPY --from the folder, as root: the owner is set again
// after the copies. A folder that existed before (a COPY or RUN made it,
// an earlier WORKDIR, one every image has) keeps root's, as it did.
func (pl *plan) workdirOwner() {
	st := pl.stage
	dir := st.Final.Workdir
	if dir == "" || rewrite.IsSystemDir(dir) || st.BaseImage.Workdir != "" && under(st.BaseImage.Workdir, dir) {
		return
	}
	copies, _ := st.ContextCopies(pl.pass.Options.Context)
	owner, spec := "", "" // the user's name, and USER as written
	for i, in := range st.Body {
		after := st.Final.Workdir
		if i+1 < len(st.Body) {
			after = st.Before[i+1].Workdir
		}
		if in.Name() != "workdir" || after != dir {
			continue
		}
		before := func(w runWrite) bool { return w.index < i && under(w.path, dir) }
		existed := st.Before[i].Workdir != "" && under(st.Before[i].Workdir, dir) ||
			slices.ContainsFunc(copies, func(cp rewrite.CopyIn) bool { return cp.Index < i && under(cp.Copy.Dest, dir) }) ||
			slices.ContainsFunc(pl.rt.writes, before) || slices.ContainsFunc(pl.rt.homes, before)
		if !existed {
			owner, spec = nonRootUser(st.Before[i].User), st.Before[i].User
		}
		break
	}
	if owner == "" || strings.Contains(owner, "$") {
		return
	}
	if pl.insideBuilderCopy(dir) {
		return // a folder above is copied whole: the owner comes with it
	}
	// BuildKit gives the folder the user's primary group too: chown's
	// "user:" is that user's login group.
	if _, err := strconv.Atoi(spec); err != nil && !strings.Contains(spec, ":") {
		spec += ":"
	}
	w := runWrite{path: dir, change: "chown " + spec, by: "WORKDIR as USER " + owner}
	if !pl.canChangeAgain(w) {
		return
	}
	pl.rt.topChanges = append(pl.rt.topChanges, w.change+" "+dir)
	pl.pass.Notef(0, "WORKDIR %s was made as USER %s (BuildKit makes a missing WORKDIR as the current user): the runtime stage runs %s %s", dir, owner, w.change, dir)
}

// carryZones gives the runtime stage a time zone database when TZ is set
// or the program (or a script the container runs) loads zones by name,
// and the runtime image has none
// (alpine, scratch). The builder's is copied: Debian's tzdata (priority
// required: in every Debian image) or the one the build installed. An
// alpine builder without it served the program from Go's own copy in
// GOROOT, which the runtime lacks: there, tzdata is installed.
func (pl *plan) carryZones() error {
	why := pl.build.TimeZones
	switch {
	case pl.rt.envKeys["TZ"]:
		why = "TZ is set"
	case why == "":
		why = pl.scriptZones
	}
	if why == "" || hasZoneinfo(pl.runtime) {
		return nil
	}
	switch {
	case hasZoneinfo(pl.stage.BaseImage) || pl.builderInstalls("tzdata"):
		pl.rt.addCopy(copyFrom{pl.alias, "/usr/share/zoneinfo", "/usr/share/zoneinfo"})
		pl.pass.Notef(0, "%s: the builder's time zone database is copied", why)
	case rewrite.PackageManager(pl.runtime) == "apk":
		pl.rt.install("tzdata")
		pl.pass.Notef(0, "%s: the builder has no /usr/share/zoneinfo to copy, so tzdata is installed in the runtime stage", why)
	default:
		return rewrite.Skipf(pl.stage.From.Line(), "%s, and %s has no time zone database, nor has the builder one to copy", why, pl.build.Runtime)
	}
	return nil
}

// mimeTypesPackages are the packages that ship /etc/mime.types (Debian's
// media-types, and mime-support and python3, which depend on it; Debian's
// and alpine's mailcap).
var mimeTypesPackages = []string{"media-types", "mime-support", "mailcap", "python3", "python3-pip"}

// carryMimeTypes copies the builder's /etc/mime.types when the artifacts
// may read it (Build.MimeTypes) and the runtime stage would have none:
// Debian's slim images and alpine's do not, and a file typed in the
// original is then served or stored untyped.
func (pl *plan) carryMimeTypes() {
	why := pl.build.MimeTypes
	if why == "" || pl.runtime.MimeTypes || !pl.stage.BaseImage.MimeTypes && !slices.ContainsFunc(mimeTypesPackages, pl.builderInstalls) {
		return
	}
	if slices.ContainsFunc(pl.build.Libraries, func(l rewrite.Library) bool { return slices.Contains(mimeTypesPackages, l.Package) }) {
		return // the runtime stage installs it
	}
	pl.rt.addCopy(copyFrom{pl.alias, "/etc/mime.types", "/etc/"})
	pl.pass.Notef(0, "%s: %s has none, so the builder's is copied", why, pl.build.Runtime)
}

// isFolderArtifact tells whether a path is a folder artifact.
func (pl *plan) isFolderArtifact(p string) bool {
	return slices.ContainsFunc(pl.build.Artifacts, func(a rewrite.Artifact) bool { return a.Dir && a.Path == p })
}

// linkAgain has the runtime stage make a symbolic link to an artifact
// again (relink).
func (pl *plan) linkAgain(a rewrite.Artifact) error {
	return pl.relink(a.Line, a.Link, a.Path)
}

// relink has the runtime stage make the symbolic link at at to target
// again, after the copies. COPY --from copies what a link points to
// (moby/moby#40449): a program run through a copy runs from another
// folder (a binary that finds its files beside os.Executable, a script
// that requires its neighbours), and what is written through a copied
// folder link stays in the container rather than in the volume it
// pointed to. Without a shell to make the link, the file is left alone.
func (pl *plan) relink(line int, target, at string) error {
	if !pl.runtime.Shell || !pl.runtime.Programs.Has("ln") {
		return rewrite.Skipf(line, "ln -s links %s to %s: %s has no shell to make the link again, and COPY --from would copy what it points to in its place", at, target, pl.build.Runtime)
	}
	cmd := "ln -sfn " + target + " " + at
	if dir := path.Dir(at); !pl.folderMade(dir) {
		cmd = "mkdir -p " + dir + " && " + cmd
	}
	pl.rt.topChanges = append(pl.rt.topChanges, cmd)
	pl.pass.Notef(line, "%s links to %s, which COPY --from would copy in its place: the runtime stage runs %s", at, target, cmd)
	return nil
}

// shellLink makes a link of one shell to another (ln -sf /bin/bash
// /bin/sh) again in the runtime stage, with the shell it points to
// installed there when the runtime image lacks it.
func (pl *plan) shellLink(w runWrite) error {
	name := path.Base(w.link)
	if !pl.runtime.Programs.Has(name) {
		pkg := rewrite.ProgramPackage(pl.runtime, name)
		if pkg == "" {
			return rewrite.Skipf(w.line, "%s makes %s %s, which %s lacks and msrewrite knows no package of", w.by, w.path, name, pl.build.Runtime)
		}
		pl.rt.install(pkg)
		pl.runtime.Programs = pl.runtime.Programs.With(name)
		pl.pass.Notef(w.line, "%s makes %s %s, which %s lacks: its package %s is installed in the runtime stage", w.by, w.path, name, pl.build.Runtime, pkg)
	}
	return pl.relink(w.line, w.link, w.path)
}

// runtimeHasAt tells whether the runtime image has a program of the
// builder's at the same path: one it has by name, or one a package the
// runtime stage installs again brings (python3 for Debian's python3-pip),
// when it is the slim image of the same family (node, python) or of the
// same distribution and release, whose programs are where the builder's
// are.
func (pl *plan) runtimeHasAt(program string) bool {
	builder, name := pl.stage.BaseImage, path.Base(program)
	same := pl.runtime.Family == builder.Family || rewrite.SameDistribution(builder, pl.runtime)
	installed := slices.ContainsFunc(pl.build.Libraries, func(lib rewrite.Library) bool {
		return lib.Package == name || slices.Contains(lib.Programs, name) || rewrite.ProgramPackageOf(lib.Package, name)
	})
	return same && (pl.runtime.Programs.Has(name) || pl.runtime.Toolchain.Has(name) || installed)
}

// folderMade tells whether a folder is there when the runtime stage's
// last RUN runs: one every image has, its WORKDIR or above it, or above
// what it copies.
func (pl *plan) folderMade(dir string) bool {
	rt := &pl.rt
	return rewrite.IsSystemDir(dir) || rt.copiedAbove[dir] || rt.copiedDirs[dir] || rt.workdir != "" && under(rt.workdir, dir)
}

// keptAt tells whether the runtime stage has what a path names, at the
// same path: an artifact, what it copies from the builder, a file the
// build context brings, or what every container has when it runs
// (/dev/stdout, which logs are linked to, is no file of the image).
func (pl *plan) keptAt(p string) bool {
	if pl.isArtifact(p) || pl.rt.covered(p) || under(p, "/dev") || under(p, "/proc") {
		return true
	}
	for dst := range pl.rt.carried {
		if dst == p || strings.HasPrefix(dst, p+"/") {
			return true
		}
	}
	return false
}

// changeAgain has the runtime stage set a folder's owner or mode again,
// after the copies: COPY --from makes the folder it copies to as root.
func (pl *plan) changeAgain(w runWrite) {
	pl.rt.topChanges = append(pl.rt.topChanges, w.change+" "+w.path)
	pl.pass.Notef(w.line, "%s sets the owner or mode of %s, which COPY --from does not carry: the runtime stage runs %s %s", w.by, w.path, w.change, w.path)
}

// folderChange decides a RUN's owner or mode change of a folder (or what
// may be one) that is not an artifact. Inside a folder the runtime stage
// copies whole, COPY --from keeps it. On the folder itself, the runtime
// stage sets it again when it can: the folder is copied whole or made
// anyway (a working directory) and, for a recursive change, everything
// in it comes from that one copy, whose content keeps its owners.
func (pl *plan) folderChange(w runWrite) error {
	rt := &pl.rt
	if pl.insideBuilderCopy(w.path) {
		return nil
	}
	whole := rt.copiedDirs[w.path] && pl.copiedFromBuilder(w.path)
	// A folder of wholeDirs must come whole: carryFiles left its files to
	// this copy.
	if !whole && w.recursive && (slices.Contains(rt.wholeDirs, w.path) || pl.canChangeAgain(w) && pl.onlyRunsFill(w.path)) {
		// `mkdir -p /var/lib/svc/queue && chown -R svc /var/lib/svc`, or
		// OpenShift's `chgrp -R 0 /app && chmod -R g=u /app`: the folder
		// is copied whole (build inputs too: what is inside must keep the
		// owner and mode the RUN gave it), and only its top is set again.
		why := "its owner or mode set by " + w.by + ", which a copy of the whole folder keeps inside it"
		if pl.inWholeDir(w.path) {
			why += " (build inputs and all: what the COPYs brought comes with it)"
		}
		rt.dropInside(pl.alias, w.path)
		pl.dropRepeatsInside(w.path)
		pl.addFromBuilder(w.path, true, w.line, why)
		whole = true
	}
	ok := pl.canChangeAgain(w)
	switch {
	case w.recursive:
		ok = ok && whole && !pl.landsInside(w.path)
	default:
		ok = ok && (whole || pl.madeAnyway(w.path))
	}
	if !ok {
		return rewrite.Skipf(w.line, "%s sets the owner or mode of %s, a folder or what may be one: COPY --from copies a folder's content, not the folder", w.by, w.path)
	}
	pl.changeAgain(w)
	return nil
}

// onlyRunsFill tells whether only the RUNs put what a folder holds: no
// COPY of the build context lands in it or above it, and it is not one
// every base image has (a copy of it would bring the builder's own files)
// nor the working directory or one above it.
func (pl *plan) onlyRunsFill(dir string) bool {
	if rewrite.IsSystemDir(dir) || under(pl.stage.Final.Workdir, dir) {
		return false
	}
	src, below, ok := pl.contextSource(dir)
	return ok && src == "" && !below
}

// wholeFolders finds the folders the build context filled whose owner or
// mode a RUN sets recursively, and that the runtime stage can copy whole
// and set again at the top (folderChange).
func (pl *plan) wholeFolders() []string {
	var dirs []string
	for _, w := range pl.rt.writes {
		if w.meta && w.recursive && !pl.insideFolderArtifact(w.path) && !pl.isFolderArtifact(w.path) &&
			pl.canChangeAgain(w) && pl.contextFilled(w.path) && !slices.Contains(dirs, w.path) {
			dirs = append(dirs, w.path)
		}
	}
	return dirs
}

// inWholeDir tells whether an image path is inside a folder the runtime
// stage copies whole (wholeFolders).
func (pl *plan) inWholeDir(p string) bool {
	return slices.ContainsFunc(pl.rt.wholeDirs, func(d string) bool { return under(p, d) })
}

// contextFilled tells whether COPYs of the build context filled a folder
// (it, or a folder above it, is one they land in) that may be copied
// whole from the builder: not one every base image has, and not one a
// stage other than the builder (the prune stage) puts in the runtime.
func (pl *plan) contextFilled(dir string) bool {
	if rewrite.IsSystemDir(dir) || slices.ContainsFunc(pl.rt.copies, func(c copyFrom) bool {
		return c.from != pl.alias && under(strings.TrimSuffix(c.dst, "/"), dir)
	}) {
		return false
	}
	src, below, ok := pl.contextSource(dir)
	return ok && (src != "" || below)
}

// builderCACerts tells whether the builder has a CA bundle: its image's,
// or one the build installed: ca-certificates, or curl, wget or git with
// the packages they recommend (as apt installs unless told not to),
// which is how ubuntu and debian builders usually get it.
func builderCACerts(st *rewrite.Stage) bool {
	if st.BaseImage.CACerts {
		return true
	}
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			// Debian's python3-pip (and Python 2's python-pip) depends
			// on ca-certificates.
			if p == "ca-certificates" || p == "python3-pip" || p == "python-pip" || inst.Recommends && (p == "curl" || p == "wget" || p == "git") {
				return true
			}
		}
	}
	return false
}

// dropRepeatsInside drops the COPYs of the build context the runtime
// stage would repeat into dir: a copy of the folder from the builder
// brings their files, with what the RUNs did to them.
func (pl *plan) dropRepeatsInside(dir string) {
	copies, err := pl.stage.ContextCopies(pl.pass.Options.Context)
	if err != nil {
		return
	}
	pl.rt.repeats = slices.DeleteFunc(pl.rt.repeats, func(in *dockerfile.Instruction) bool {
		for _, cp := range copies {
			if cp.In == in {
				return under(cp.Copy.Dest, dir)
			}
		}
		return false
	})
}

// dropInside drops the copies from stage from that put something inside
// dir: a copy of dir itself is to bring them.
func (rt *runtimePlan) dropInside(from, dir string) {
	rt.copies = slices.DeleteFunc(rt.copies, func(c copyFrom) bool {
		inside := c.from == from && under(c.dst, dir) && strings.TrimSuffix(c.dst, "/") != dir
		if inside {
			delete(rt.copiedDst, strings.TrimSuffix(c.dst, "/"))
			delete(rt.copiedDirs, strings.TrimSuffix(c.dst, "/"))
		}
		return inside
	})
}

// insideBuilderCopy tells whether a folder above p is copied whole from
// the builder: COPY --from keeps the owner and mode of what is inside.
func (pl *plan) insideBuilderCopy(p string) bool {
	for d := path.Dir(p); ; d = path.Dir(d) {
		if pl.rt.copiedDirs[d] && pl.copiedFromBuilder(d) {
			return true
		}
		if d == "/" || d == "." {
			return false
		}
	}
}

// copiedFromBuilder tells whether the runtime stage copies the folder
// dir from the builder (not from an image or a prune stage).
func (pl *plan) copiedFromBuilder(dir string) bool {
	return slices.ContainsFunc(pl.rt.copies, func(c copyFrom) bool {
		return c.from == pl.alias && strings.TrimSuffix(c.dst, "/") == dir
	})
}

// landsInside tells whether anything but the folder's own copy puts
// files strictly inside dir in the runtime stage: another copy, a
// repeated COPY or ADD of the build context, a COPY --from of an image.
func (pl *plan) landsInside(dir string) bool {
	for _, c := range pl.rt.copies {
		if under(c.dst, dir) && strings.TrimSuffix(c.dst, "/") != dir {
			return true
		}
	}
	if slices.ContainsFunc(pl.rt.fromImages, func(p string) bool { return under(p, dir) }) {
		return true
	}
	copies, err := pl.stage.ContextCopies(pl.pass.Options.Context)
	if err != nil {
		return len(pl.rt.repeats) > 0
	}
	for _, cp := range copies {
		if !slices.Contains(pl.rt.repeats, cp.In) {
			continue
		}
		if under(cp.Copy.Dest, dir) || under(dir, cp.Copy.Dest) {
			return true
		}
	}
	return false
}

// canChangeAgain tells whether the runtime stage can set the owner or
// mode a RUN set the same way: with a shell and the command, and an owner
// that is a number or a name the runtime resolves as the builder did (the
// builder's /etc/passwd is copied, or the runtime is the builder's own
// image family).
func (pl *plan) canChangeAgain(w runWrite) bool {
	name, value, _ := strings.Cut(w.change, " ")
	if name == "" || value == "" || !pl.runtime.Shell || !pl.runtime.Programs.Has(name) {
		return false
	}
	owner := name == "chown" || name == "chgrp"
	return !owner || numericOwner(value) || pl.rt.usersBy != "" || pl.runtime.Repo == pl.stage.BaseImage.Repo
}

// nonRootUser is the user a USER value names when it is not root (by
// name or uid 0), "" for root or none.
func nonRootUser(user string) string {
	if u, _, _ := strings.Cut(user, ":"); u != "root" && u != "0" {
		return u
	}
	return ""
}

// insideFolderArtifact tells whether a path is strictly inside a folder
// artifact, which the runtime stage copies whole.
func (pl *plan) insideFolderArtifact(p string) bool {
	for _, a := range pl.build.Artifacts {
		if a.Dir && strings.HasPrefix(p, a.Path+"/") {
			return true
		}
	}
	return false
}

// bareBuilder tells whether a language image lacks the development
// packages its full variant has from buildpack-deps (libpq-dev,
// libssl-dev, ...): a slim or alpine builder, where what a native package
// links is what the build installed, which the runtime stage installs too.
func bareBuilder(img rewrite.Image) bool {
	return strings.Contains(img.Tag, "slim") || img.Libc == rewrite.Musl || distroImage(img)
}

// hasZoneinfo tells whether an image has /usr/share/zoneinfo: Debian's
// images (tzdata is priority required) and distroless, not alpine,
// scratch, or Ubuntu's minimized images.
func hasZoneinfo(img rewrite.Image) bool {
	switch {
	case !img.Known || img.Family == "ubuntu":
		return false
	case strings.HasPrefix(img.Repo, "gcr.io/distroless/"):
		return true
	}
	return img.Libc == rewrite.Glibc
}

// builderInstalls tells whether the builder installs a package with its
// package manager and keeps it.
func (pl *plan) builderInstalls(pkg string) bool {
	for _, inst := range pl.stage.Installs() {
		if slices.Contains(inst.Packages, pkg) {
			return true
		}
	}
	return false
}

// carryEnv keeps the ENV the program sees at run time, without the
// build's own knobs (unless a carried instruction uses one), and returns
// the ENV instructions it keeps.
func (pl *plan) carryEnv(carried []*dockerfile.Instruction) []*dockerfile.Instruction {
	st, b, doc, rt := pl.stage, pl.build, pl.stage.Doc, &pl.rt
	refs := map[string]bool{}
	for _, in := range carried {
		for _, r := range pl.refs(in) {
			refs[r] = true
		}
	}
	// A value the runtime keeps may use a build-only name (PATH=
	// ...:${GOPATH}/bin): that name is kept too, and what its value uses.
	for changed := true; changed; {
		changed = false
		for _, in := range st.Body {
			env, ok := in.Cmd.(*instructions.EnvCommand)
			if !ok {
				continue
			}
			for _, kv := range env.Env {
				if b.BuildOnly != nil && b.BuildOnly(kv.Key) && !refs[kv.Key] {
					continue
				}
				for _, r := range st.Refs(kv.Value) {
					if !refs[r] {
						refs[r], changed = true, true
					}
				}
			}
		}
	}
	var kept []*dockerfile.Instruction
	for _, in := range st.Body {
		env, ok := in.Cmd.(*instructions.EnvCommand)
		if !ok {
			continue
		}
		var keep []instructions.KeyValuePair
		for _, kv := range env.Env {
			if b.BuildOnly == nil || !b.BuildOnly(kv.Key) || refs[kv.Key] {
				keep = append(keep, kv)
			}
		}
		switch {
		case len(keep) == 0:
			pl.pass.Notef(in.Line(), "ENV stays in the builder only: it steers the build")
			continue
		case len(keep) < len(env.Env) && !doc.PlainValues(keep):
			// A value that cannot be written on a new line safely: copy
			// the line whole, build-only names and all.
			keep = env.Env
			rt.env = append(rt.env, pl.lines(in.Start, in.End))
		case len(keep) == len(env.Env):
			rt.env = append(rt.env, pl.lines(in.Start, in.End))
		default:
			var parts []string
			for _, kv := range keep {
				parts = append(parts, kv.Key+"="+kv.Value)
			}
			rt.env = append(rt.env, pl.line(doc.Keyword("ENV")+" "+strings.Join(parts, " ")))
		}
		for _, kv := range keep {
			if !rt.envKeys[kv.Key] {
				rt.envFrom[kv.Key] = in.Start
			}
			rt.envKeys[kv.Key] = true
		}
		kept = append(kept, in)
	}
	return kept
}

// carryUser checks the final USER can be carried, making sure that user
// exists in the runtime stage.
func (pl *plan) carryUser() error {
	last := pl.rt.user
	if last == nil {
		return nil
	}
	u := pl.stage.Final.User
	name, group, _ := strings.Cut(u, ":")
	if strings.Contains(u, "$") {
		return rewrite.Skipf(last.Line(), "USER %s cannot be evaluated", u)
	}
	numeric := func(s string) bool { _, err := strconv.Atoi(s); return s == "" || err == nil }
	if !numeric(name) && name != "root" || !numeric(group) && group != "root" {
		pl.copyUsers()
		pl.pass.Notef(last.Line(), "USER %s is a name: the builder's /etc/passwd and /etc/group are copied so it resolves to the same uid and gid", u)
	}
	return nil
}

// copyOfOneFile is the COPY or ADD of the build context that brings one
// file, to p, and nothing else, with words free of variables; nil for
// none.
func (pl *plan) copyOfOneFile(p string) *dockerfile.Instruction {
	copies, err := pl.stage.ContextCopies(pl.pass.Options.Context)
	if err != nil {
		return nil
	}
	for _, cp := range copies {
		if cp.Plain && len(cp.Opaque) == 0 && len(cp.Landings) == 1 && !cp.Landings[0].Dir && cp.Landings[0].Dest == p {
			return cp.In
		}
	}
	return nil
}

// madeAnyway tells whether a folder exists in the runtime stage without
// being copied: the working directory or a folder above it, or a folder
// above something copied there.
func (pl *plan) madeAnyway(dir string) bool {
	return under(pl.stage.Final.Workdir, dir) || pl.rt.copiedAbove[dir]
}

// knownFile tells whether an image path is known to be a file, not a
// folder: one a COPY brought from the build context, an artifact, or one a
// RUN wrote by redirection, touch or tee.
func (pl *plan) knownFile(p string) bool {
	if src, dir, ok := pl.contextSource(p); ok && src != "" && !dir {
		return true
	}
	for _, a := range pl.build.Artifacts {
		if a.Path == p && !a.Dir {
			return true
		}
	}
	for _, w := range pl.rt.writes {
		if w.path == p && w.file {
			return true
		}
	}
	return slices.Contains(pl.stage.RemoteAdds(), p) // ADD https://.../wait /wait
}

// contextSource is the build context path a COPY put at an image path,
// the last COPY that did; if a COPY puts something below p, p is a
// folder. ok is false when a COPY puts there what the Dockerfile does not
// show (an ADD's download or archive, a heredoc), or the COPYs cannot be
// matched in the context.
func (pl *plan) contextSource(p string) (src string, dir, ok bool) {
	ix := pl.landingIndex()
	if ix == nil || ix.aboveOpaque[p] {
		return "", false, false
	}
	if ix.above[p] {
		return "", true, true
	}
	best := -1
	if r, found := ix.at[p]; found {
		best, src, dir = r.order, r.l.Src, r.l.Dir
	}
	for a := p; ; a = path.Dir(a) {
		if ix.opaque[a] {
			return "", false, false
		}
		for _, r := range ix.dirsAt[a] {
			if r.order < best {
				continue
			}
			rel := path.Join(r.l.Src, strings.TrimPrefix(strings.TrimPrefix(p, a), "/"))
			if exists, d := pl.pass.Options.Context.Stat(rel); exists {
				best, src, dir = r.order, rel, d
			}
		}
		if a == "/" || a == "." {
			return src, dir, true
		}
	}
}

// landings index the COPYs' landings by image path, so that asking about
// a path costs its depth, not the number of COPYs: every path a RUN
// writes is asked about.
type landings struct {
	at                 map[string]landingRef   // a landing's destination
	dirsAt             map[string][]landingRef // a folder landing's destination
	above, aboveOpaque map[string]bool         // folders above a destination
	opaque             map[string]bool         // what the Dockerfile does not show
}

type landingRef struct {
	order int // later COPYs win
	l     buildctx.Landing
}

// landingIndex is the index of the stage's landings, made once; nil when
// the COPYs cannot be matched in the context.
func (pl *plan) landingIndex() *landings {
	if pl.landings != nil {
		return pl.landings
	}
	copies, err := pl.stage.ContextCopies(pl.pass.Options.Context)
	if err != nil {
		return nil
	}
	ix := &landings{at: map[string]landingRef{}, dirsAt: map[string][]landingRef{}, above: map[string]bool{},
		aboveOpaque: map[string]bool{}, opaque: map[string]bool{}}
	markAbove := func(set map[string]bool, p string) {
		for d := path.Dir(p); !set[d]; d = path.Dir(d) {
			set[d] = true
			if d == "/" || d == "." {
				return
			}
		}
	}
	n := 0
	for _, cp := range copies {
		for _, o := range cp.Opaque {
			ix.opaque[o] = true
			markAbove(ix.aboveOpaque, o)
		}
		for _, l := range cp.Landings {
			n++
			r := landingRef{n, l}
			ix.at[l.Dest] = r
			if l.Dir {
				ix.dirsAt[l.Dest] = append(ix.dirsAt[l.Dest], r)
			}
			markAbove(ix.above, l.Dest)
		}
	}
	pl.landings = ix
	return ix
}

// leftInBuilder tells whether an image path holds a file of the build
// context that carryFiles left in the builder.
func (pl *plan) leftInBuilder(p string) bool {
	src, dir, ok := pl.contextSource(p)
	_, carried := pl.rt.carried[p]
	return ok && !dir && src != "" && !carried
}

// copyUsers copies the builder's /etc/passwd and /etc/group, once.
func (pl *plan) copyUsers() {
	for _, f := range []string{"/etc/passwd", "/etc/group"} {
		pl.rt.addCopy(copyFrom{pl.alias, f, f})
	}
}

// refs lists the variables an instruction's build-time words use.
func (pl *plan) refs(in *dockerfile.Instruction) []string {
	var words []string
	switch c := in.Cmd.(type) {
	case *instructions.EnvCommand:
		for _, kv := range c.Env {
			words = append(words, kv.Value)
		}
	case *instructions.LabelCommand:
		for _, kv := range c.Labels {
			words = append(words, kv.Key, kv.Value)
		}
	case *instructions.ExposeCommand:
		words = append(words, c.Ports...)
	case *instructions.VolumeCommand:
		words = append(words, c.Volumes...)
	case *instructions.UserCommand:
		words = append(words, c.User)
	case *instructions.StopSignalCommand:
		words = append(words, c.Signal)
	case *instructions.ArgCommand:
		for _, a := range c.Args {
			if a.Value != nil {
				words = append(words, *a.Value)
			}
		}
	}
	var out []string
	for _, w := range words {
		out = append(out, pl.stage.Refs(w)...)
	}
	return out
}

// runtimeRefs lists the variables a shell-form CMD, ENTRYPOINT or
// HEALTHCHECK uses when the container runs.
func (pl *plan) runtimeRefs(in *dockerfile.Instruction) []string {
	line, ok := in.CommandLine()
	if !ok || !line.PrependShell {
		return nil
	}
	return pl.stage.Refs(strings.Join(line.CmdLine, " "))
}

// checkRefs makes every variable the runtime stage uses defined there as it
// was in the builder: stage ARGs are copied, meta-ARGs re-declared, a
// variable only the builder image sets is declared with the builder's
// value where the build evaluates it, and stops the rewrite where the
// container's command line does.
func (pl *plan) checkRefs(carried []*dockerfile.Instruction) error {
	st, rt := pl.stage, &pl.rt
	queue := append([]*dockerfile.Instruction(nil), carried...)
	for len(queue) > 0 {
		in := queue[0]
		queue = queue[1:]
		for _, name := range pl.refs(in) {
			if start, set := rt.envFrom[name]; set && start < in.Start {
				continue // `ENV A=$A` reads the ARG A: the ENV sets A after
			}
			if arg := st.Final.Arg(name); arg != nil {
				if !rt.args[arg] {
					rt.args[arg] = true
					queue = append(queue, arg)
				}
				continue
			}
			if pl.imageOnly(name) {
				if err := pl.imageArg(in, name); err != nil {
					return err
				}
			}
		}
		for _, name := range pl.runtimeRefs(in) {
			if !rt.envKeys[name] && pl.imageOnly(name) {
				return rewrite.Skipf(in.Line(), "%s uses $%s, which the builder image sets and %s does not", strings.ToUpper(in.Name()), name, pl.build.Runtime)
			}
		}
	}
	return nil
}

// inBuildDir tells whether a RUN's write, up to the build's last step
// (Body[last]), is a build folder the build left behind, or inside one,
// and says so; what a RUN puts there after the build is put there for
// the program.
func (pl *plan) inBuildDir(w runWrite, last int) bool {
	if len(pl.build.BuildDirs) == 0 || w.index > last {
		return false
	}
	for _, d := range pl.build.BuildDirs {
		if w.path == d.Dir || strings.HasPrefix(w.path, d.Dir+"/") {
			pl.pass.Notef(w.line, "%s: not carried: the build folder %s, which %s leaves behind", w.path, d.Dir, d.What)
			return true
		}
	}
	return false
}

// imageOnly tells whether the builder image sets a variable that the
// runtime image does not.
func (pl *plan) imageOnly(name string) bool {
	_, inBuilder := pl.stage.BaseImage.Env[name]
	_, inRuntime := pl.runtime.Env[name]
	return inBuilder && !inRuntime
}

// imageArg declares, in the runtime stage, a variable of the builder
// image that in uses while the stage builds ($GOPATH in `ENV
// APP_HOME=$GOPATH/src/app`), with the value in saw in the builder.
func (pl *plan) imageArg(in *dockerfile.Instruction, name string) error {
	st := pl.stage
	state := st.Final
	if i := slices.Index(st.Body, in); i >= 0 {
		state = st.Before[i]
	}
	v, set, known := state.Get(name)
	refuse := func(why string) error {
		return rewrite.Skipf(in.Line(), "%s uses $%s, which the builder image sets and %s does not, and %s", strings.ToUpper(in.Name()), name, pl.build.Runtime, why)
	}
	old, declared := pl.rt.imageArgs[name]
	switch {
	case !set || !known:
		return refuse("its value there is not known")
	case strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:+@%,=-") != "":
		// Every value the known images set is a plain word; another
		// would need quoting in the escape character's terms.
		return refuse("its value is not a plain word")
	case declared && old != v:
		return refuse("a line before saw another value")
	case !declared:
		pl.pass.Notef(in.Line(), "%s uses $%s, which is %s in the builder and which %s does not set: the runtime stage declares ARG %s=%s, for its build only", strings.ToUpper(in.Name()), name, v, pl.build.Runtime, name, v)
	}
	pl.rt.imageArgs[name] = v
	return nil
}

// commandText is a CMD or ENTRYPOINT written anew in the form of the one
// it replaces, with the comments above it.
func (pl *plan) commandText(in *dockerfile.Instruction, c *rewrite.Command) (string, error) {
	text := ""
	if in.CommentStart < in.Start {
		text = pl.lines(in.CommentStart, in.Start)
	}
	kw := pl.stage.Doc.Keyword(strings.ToUpper(in.Name()))
	if c.Shell {
		line, word, ok := shell.Join(c.Args)
		if !ok {
			return "", rewrite.Skipf(in.Line(), "the argument %q cannot be written in the shell form", word)
		}
		return text + pl.line(kw+" "+line), nil
	}
	var words strings.Builder
	enc := json.NewEncoder(&words)
	enc.SetEscapeHTML(false)
	quoted := make([]string, len(c.Args))
	for i, a := range c.Args {
		words.Reset()
		_ = enc.Encode(a) // a string always encodes
		quoted[i] = strings.TrimSuffix(words.String(), "\n")
	}
	return text + pl.line(kw+" ["+strings.Join(quoted, ", ")+"]"), nil
}

// recordFolders records, for verify, the folders the builder stage writes
// to and the variables the runtime stage keeps.
func (pl *plan) recordFolders() {
	st, b := pl.stage, pl.build
	if !pl.pass.Options.Explain {
		return
	}
	seen := map[string]bool{"/": true} // the whole image is not the Dockerfile's
	add := func(d string) {
		if d != "" && !seen[d] {
			seen[d] = true
			b.Folders = append(b.Folders, d)
		}
	}
	// The WORKDIRs the file sets, not the image's own.
	for i, in := range st.Body {
		if in.Name() != "workdir" {
			continue
		}
		if i+1 < len(st.Body) {
			add(st.Before[i+1].Workdir)
		} else {
			add(st.Final.Workdir)
		}
	}
	if copies, err := st.ContextCopies(pl.pass.Options.Context); err == nil {
		for _, cp := range copies {
			for _, l := range cp.Landings {
				add(l.Dest)
			}
		}
	}
	for _, a := range b.Artifacts {
		if a.Dir {
			add(a.Path)
		} else {
			add(path.Dir(a.Path))
		}
	}
	for k := range pl.rt.envKeys {
		if k != "PATH" { // PATH is checked by the programs it finds
			b.Env = append(b.Env, k)
		}
	}
	slices.Sort(b.Env)
}
