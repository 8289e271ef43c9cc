package transforms

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Run-time files: what the build put into the image from the build
// context, that the program may read, reaches the runtime stage at the
// same path (DESIGN §1, subtractive carry-over). Every file a COPY or ADD
// brings is carried unless classify shows it is build-only; the project's
// keep and drop patterns override.

// landed is one file a COPY put into the image, classified.
type landed struct {
	buildctx.File
	class fileClass
	why   string
}

// summary is what one landing of a COPY brings, classified by the tables:
// the run-time files, and what stays in the builder, by reason. It is
// worked out once per context (buildctx.Context.Memo), however many
// Dockerfiles of a folder copy the same thing: a folder of thousands of
// Dockerfiles that each COPY . . would otherwise classify the folder once
// per Dockerfile.
type summary struct {
	// run are the run-time files, with Dest relative to the landing's
	// destination ("" for a landing that is one file).
	run []landed
	// left are the files that are not, as reasons (in order) with the
	// files (context paths) each reason holds.
	left     []string
	leftBy   map[string][]string
	leftDirs []string // folders (relative, "." for the landing) holding a file that is left
	// leftDest is where each file left lands, relative to the landing's
	// destination ("" for a landing that is one file).
	leftDest map[string]string
}

type summaryKey struct {
	toolchain, src, exclude string
	dir                     bool
	readAtRunTime           string // Build.ReadAtRunTime's paths
}

// summarize classifies what a landing brings; with keep patterns (which
// can make any file a run-time file) it is worked out for the caller.
func (pl *plan) summarize(tc *rewrite.Toolchain, l buildctx.Landing, exclude []string, keep *patternmatcher.PatternMatcher) (*summary, error) {
	ctx := pl.pass.Options.Context
	compute := func() any {
		rel := l
		rel.Dest = ""
		files, err := ctx.Files(rel, exclude)
		if err != nil {
			return err
		}
		sm := &summary{leftBy: map[string][]string{}}
		dirs := map[string]bool{}
		reads := slices.Sorted(maps.Keys(pl.build.ReadAtRunTime))
		for _, f := range files {
			class, why := classify(tc, nil, f.Src)
			if class == buildInput || class == noise {
				if read, ok := readAtRunTime(pl.build.ReadAtRunTime, reads, f.Src); ok {
					class, why = runTime, read
				}
			}
			if keep != nil && matches(keep, f.Src) {
				class, why = runTime, "matches a keep pattern"
			}
			if class == runTime {
				sm.run = append(sm.run, landed{File: f, class: class, why: why})
				continue
			}
			sm.leave(f.Src, class.String()+": "+why)
			if sm.leftDest == nil {
				sm.leftDest = map[string]string{}
			}
			sm.leftDest[f.Src] = f.Dest
			if d := path.Dir(f.Dest); !dirs[d] {
				dirs[d] = true
				sm.leftDirs = append(sm.leftDirs, d)
			}
		}
		return sm
	}
	var v any
	if keep != nil {
		v = compute()
	} else {
		v = ctx.Memo(summaryKey{tc.Name, l.Src, strings.Join(exclude, "\x00"), l.Dir, strings.Join(slices.Sorted(maps.Keys(pl.build.ReadAtRunTime)), "\x00")}, compute)
	}
	if err, ok := v.(error); ok {
		return nil, err
	}
	return v.(*summary), nil
}

// readAtRunTime is why a context file is read at run time when it is, or
// is in a folder that is, one of paths (whose keys, sorted, are keys).
func readAtRunTime(paths map[string]string, keys []string, src string) (string, bool) {
	for _, p := range keys {
		if src == p || strings.HasPrefix(src, p+"/") {
			return paths[p], true
		}
	}
	return "", false
}

// leave records a file that stays in the builder, and why.
func (sm *summary) leave(src, reason string) {
	if sm.leftBy[reason] == nil {
		sm.left = append(sm.left, reason)
	}
	sm.leftBy[reason] = append(sm.leftBy[reason], src)
}

// carryFiles decides how the runtime stage gets the run-time files:
// repeating a COPY whose files are all run-time files (it reads the
// context itself and keeps its own cache layer), or COPY --from the
// builder of the smallest set of files and folders that covers them.
func (pl *plan) carryFiles() error {
	st, opts := pl.stage, pl.pass.Options
	copies, err := st.ContextCopies(opts.Context)
	if err != nil {
		return err
	}
	keep, err := matcher(opts.Keep)
	if err != nil {
		return err
	}
	drop, err := matcher(opts.Drop)
	if err != nil {
		return err
	}
	lastStep := pl.lastStep()
	tc := pl.toolchain()
	pl.rt.carried = map[string]string{}
	// What each COPY brings: the run-time files at their image paths, and
	// what stays behind; mixed are the image folders holding a file that
	// stays, which no COPY --from may take whole.
	runs := make([][]landed, len(copies))
	lefts := make([][]*summary, len(copies)) // what stays behind, per COPY
	mixed := map[string]bool{}
	markMixed := func(d string) {
		for ; !mixed[d]; d = path.Dir(d) {
			mixed[d] = true
			if d == "/" || d == "." {
				break
			}
		}
	}
	for i, cp := range copies {
		if mgr := sourcesCopy(cp); mgr != "" {
			// A mirror's list of the image's own sources.
			switch kw := strings.ToUpper(cp.In.Name()); {
			case slices.Contains(pl.rt.sourceCopies, cp.In):
			case pl.sharesSources(mgr, true) && cp.Plain:
				pl.rt.sourceCopies = append(pl.rt.sourceCopies, cp.In) // render.go decides
			default:
				pl.pass.Notef(cp.In.Line(), "not carried: this %s brings the builder's package sources, which %s does not share: its installs use its own", kw, pl.build.Runtime)
			}
			continue
		}
		left := &summary{leftBy: map[string][]string{}} // beyond the tables: compiled in, dropped
		for _, l := range cp.Landings {
			sm, err := pl.summarize(tc, l, cp.Copy.Exclude, keep)
			if err != nil {
				return rewrite.Skipf(cp.In.Line(), "cannot list what this %s brings: %v", strings.ToUpper(cp.In.Name()), err)
			}
			if pl.inWholeDir(l.Dest) {
				// The folder comes whole, build inputs and all: its files
				// are only recorded, for the scripts CMD may run.
				for _, f := range sm.run {
					pl.rt.carried[path.Join(l.Dest, f.Dest)] = f.Src
				}
				continue
			}
			for _, d := range sm.leftDirs {
				markMixed(path.Join(l.Dest, d))
			}
			// What lands in a folder the runtime stage copies whole as an
			// artifact (a class path folder, an application folder) goes
			// with it: it does not stay.
			staying := &summary{leftBy: map[string][]string{}}
			for _, r := range sm.left {
				for _, src := range sm.leftBy[r] {
					if dest := path.Join(l.Dest, sm.leftDest[src]); !pl.isArtifact(dest) {
						staying.leave(src, r)
						if opts.Explain {
							pl.recordLeft(dest, r)
						}
					}
				}
			}
			lefts[i] = append(lefts[i], staying)
			for _, f := range sm.run {
				f.Dest = path.Join(l.Dest, f.Dest)
				if pl.isArtifact(f.Dest) || pl.removedAfter(f.Dest, cp.Index) {
					continue // carried as an artifact, or gone by the end of the build
				}
				reason := ""
				switch why, compiled := pl.build.CompiledIn[f.Src]; {
				case compiled && (keep == nil || !matches(keep, f.Src)):
					reason = compiledIn.String() + ": " + why
				case toolHome(tc, f.Dest) != "" && (keep == nil || !matches(keep, f.Src)):
					// settings.xml copied into /root/.m2
					reason = buildInput.String() + ": " + toolHome(tc, f.Dest)
				case drop != nil && matches(drop, f.Src):
					reason = noise.String() + ": matches a drop pattern"
				}
				if reason != "" {
					left.leave(f.Src, reason)
					markMixed(path.Dir(f.Dest))
					if opts.Explain {
						pl.recordLeft(f.Dest, reason)
					}
					continue
				}
				runs[i] = append(runs[i], f)
			}
		}
		lefts[i] = append(lefts[i], left)
	}
	for i, cp := range copies {
		pl.noteLeftBehind(cp.In, lefts[i])
		run := runs[i]
		if len(run) == 0 && len(cp.Opaque) == 0 {
			continue
		}
		kw := strings.ToUpper(cp.In.Name())
		for _, f := range run {
			pl.rt.carried[f.Dest] = f.Src
		}
		if !slices.ContainsFunc(lefts[i], func(sm *summary) bool { return len(sm.left) > 0 }) && pl.repeatable(cp, lastStep) {
			pl.rt.repeats = append(pl.rt.repeats, cp.In)
			for _, f := range run {
				pl.pass.Notef(cp.In.Line(), "carried %s → %s (%s): the %s is repeated in the runtime stage", f.Src, f.Dest, f.why, kw)
			}
			for _, o := range cp.Opaque {
				pl.pass.Notef(cp.In.Line(), "carried %s (what this %s adds): the %s is repeated in the runtime stage", o, kw, kw)
			}
			continue
		}
		for _, c := range cover(run, cp.Landings, mixed, cp.DestExisted) {
			pl.addFromBuilder(c.dest, c.dir, cp.In.Line(), c.src+" ("+c.why+")")
		}
		for _, o := range cp.Opaque {
			if o == cp.Copy.Dest && cp.DestExisted || rewrite.IsSystemDir(o) {
				return rewrite.Skipf(cp.In.Line(), "this %s unpacks into %s, which holds the image's own files too: what it added cannot be told apart to carry", kw, o)
			}
			why := "what this ADD adds, which the Dockerfile does not show"
			if kw == "COPY" {
				why = "the file this COPY writes from its here-document" // COPY neither downloads nor unpacks
			}
			pl.addFromBuilder(o, false, cp.In.Line(), why)
		}
	}
	return nil
}

// toolchain is the toolchain that recognised the build.
func (pl *plan) toolchain() *rewrite.Toolchain {
	for i := range pl.pass.Toolchains {
		if pl.pass.Toolchains[i].Name == pl.build.Toolchain {
			return &pl.pass.Toolchains[i]
		}
	}
	return &rewrite.Toolchain{Name: pl.build.Toolchain}
}

// repeatable tells whether a COPY can be written again in the runtime
// stage and do the same: after the build step (what the build tools write
// under its destination is not modelled, see runWrites), no later RUN
// writing under its destination, words without variables, no owner by
// name (which the runtime stage's /etc/passwd may not have), and a
// destination that does not depend on a WORKDIR the runtime stage lacks.
func (pl *plan) repeatable(cp rewrite.CopyIn, lastStep int) bool {
	before := pl.stage.Before[cp.Index]
	switch {
	case cp.Index < lastStep || !cp.Plain:
		return false
	case cp.Chown != "" && !numericOwner(cp.Chown):
		return false
	case before.Workdir != pl.stage.Final.Workdir && !absDest(cp.In):
		return false
	}
	for _, w := range pl.rt.writes {
		if w.index <= cp.Index {
			continue // written before the COPY: the COPY's files are on top
		}
		for _, l := range cp.Landings {
			if under(w.path, l.Dest) || under(l.Dest, w.path) {
				return false
			}
		}
		for _, o := range cp.Opaque {
			if under(w.path, o) || under(o, w.path) {
				return false
			}
		}
	}
	return true
}

// absDest tells whether a COPY's destination is written as an absolute path.
func absDest(in *dockerfile.Instruction) bool {
	args := in.Node.Next
	for args != nil && args.Next != nil {
		args = args.Next
	}
	return args != nil && path.IsAbs(args.Value)
}

func numericOwner(s string) bool {
	user, group, _ := strings.Cut(s, ":")
	return rewrite.Digits(user) && (group == "" || rewrite.Digits(group))
}

// under tells whether p is dir or inside it.
func under(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

// covered is one COPY --from the runtime stage makes for run-time files.
type covered struct {
	src, dest, why string
	dir            bool
}

// cover is the smallest list of files and folders whose copy carries
// every run-time file of a COPY (run) and no file that stays behind: a
// folder when none of the files any COPY put in it stays (mixed holds
// those that have one) and the COPY made it, else what inside it is. A
// folder that was there before (the COPY's destination when existed, a
// folder every base image has) holds what the base image and the build
// put there too: copied whole, the builder's /etc would replace the
// runtime's.
func cover(run []landed, landings []buildctx.Landing, mixed map[string]bool, existed bool) []covered {
	var out []covered
	var walk func(src, dest string, fs []landed, made bool)
	walk = func(src, dest string, fs []landed, made bool) {
		if len(fs) == 0 {
			return
		}
		if made && !mixed[dest] && !rewrite.IsSystemDir(dest) {
			whys := map[string]bool{}
			var list []string
			for _, f := range fs {
				if !whys[f.why] {
					whys[f.why] = true
					list = append(list, f.why)
				}
			}
			sort.Strings(list)
			out = append(out, covered{src: src + "/", dest: dest, why: strings.Join(list, "; "), dir: true})
			return
		}
		children := map[string][]landed{}
		var names []string
		for _, f := range fs {
			rel := strings.TrimPrefix(strings.TrimPrefix(f.Dest, dest), "/")
			name, _, _ := strings.Cut(rel, "/")
			if _, ok := children[name]; !ok {
				names = append(names, name)
			}
			children[name] = append(children[name], f)
		}
		sort.Strings(names)
		for _, name := range names {
			cs := children[name]
			childDest := path.Join(dest, name)
			if len(cs) == 1 && cs[0].Dest == childDest {
				out = append(out, covered{src: cs[0].Src, dest: childDest, why: cs[0].why})
				continue
			}
			walk(path.Join(src, name), childDest, cs, true)
		}
	}
	for _, l := range landings {
		var fs []landed
		for _, f := range run {
			if under(f.Dest, l.Dest) {
				fs = append(fs, f)
			}
		}
		if !l.Dir {
			for _, f := range fs {
				if f.Dest == l.Dest {
					out = append(out, covered{src: f.Src, dest: f.Dest, why: f.why})
				}
			}
			continue
		}
		walk(strings.TrimPrefix(l.Src, "./"), l.Dest, fs, !existed)
	}
	return out
}

// recordLeft records, for verify, an image path the runtime stage
// leaves out on purpose.
func (pl *plan) recordLeft(p, why string) {
	if pl.build.LeftInBuilder == nil {
		pl.build.LeftInBuilder = map[string]string{}
	}
	pl.build.LeftInBuilder[p] = why
}

// addFromBuilder carries an image path from the builder, at the same
// path, once: a path inside a folder already carried is not copied again.
func (pl *plan) addFromBuilder(p string, dir bool, line int, why string) {
	src, dst := p, p
	if dir {
		src, dst = p+"/", p+"/"
	}
	if pl.rt.addCopy(copyFrom{pl.alias, src, dst}) {
		pl.pass.Notef(line, "carried %s: %s", p, why)
	}
}

// noteLeftBehind says, for --explain, what of a COPY stays in the
// builder, and why.
func (pl *plan) noteLeftBehind(in *dockerfile.Instruction, parts []*summary) {
	if !pl.pass.Options.Explain {
		return
	}
	left := &summary{leftBy: map[string][]string{}}
	for _, sm := range parts {
		for _, r := range sm.left {
			for _, src := range sm.leftBy[r] {
				left.leave(src, r)
			}
		}
	}
	if len(left.left) == 0 {
		return
	}
	var notes []string
	for _, r := range left.left {
		names := left.leftBy[r]
		list := strings.Join(names[:min(3, len(names))], ", ")
		if len(names) > 3 {
			list += fmt.Sprintf(" and %d more", len(names)-3)
		}
		notes = append(notes, list+" ("+r+")")
	}
	pl.pass.Notef(in.Line(), "stays in the builder: %s", strings.Join(notes, "; "))
}

// matcher reads keep or drop patterns; nil for none.
func matcher(patterns []string) (*patternmatcher.PatternMatcher, error) {
	if len(patterns) == 0 {
		return nil, nil
	}
	return patternmatcher.New(patterns)
}

func matches(m *patternmatcher.PatternMatcher, p string) bool {
	ok, err := m.MatchesOrParentMatches(p)
	return err == nil && ok
}

// carryImageCopies repeats in the runtime stage each COPY --from of
// another image (tini, a health probe, a static tool): what it brings
// cannot be listed or sorted, so all of it is kept, read from that image
// again. It is refused where the repeat would not land the same files:
// words to evaluate, a relative destination under another WORKDIR, an
// owner by name, or a later RUN that changes what it brought.
func (pl *plan) carryImageCopies() error {
	st := pl.stage
	for i, in := range st.Body {
		c, ok := in.Cmd.(*instructions.CopyCommand)
		if !ok || c.From == "" {
			continue
		}
		words := append([]string{c.From, c.DestPath, c.Chown, c.Chmod}, c.SourcePaths...)
		before := st.Before[i]
		dest := shell.Resolve(before.Workdir, c.DestPath)
		switch {
		case slices.ContainsFunc(words, func(w string) bool { return strings.Contains(w, "$") }):
			return rewrite.Skipf(in.Line(), "this COPY --from=%s brings files of another image, and its words would need evaluating in the runtime stage: not handled", c.From)
		case !path.IsAbs(c.DestPath) && before.Workdir != st.Final.Workdir:
			return rewrite.Skipf(in.Line(), "this COPY --from=%s brings files of another image to a folder relative to a WORKDIR the runtime stage does not have", c.From)
		case c.Chown != "" && !numericOwner(c.Chown):
			return rewrite.Skipf(in.Line(), "this COPY --from=%s gives its files to %s, a user the runtime image may not have", c.From, c.Chown)
		}
		for _, w := range pl.rt.writes {
			if w.index > i && (under(w.path, dest) || under(dest, w.path)) {
				return rewrite.Skipf(w.line, "%s changes %s, which COPY --from=%s on line %d brought from another image", w.by, w.path, c.From, in.Line())
			}
		}
		pl.rt.repeats = append(pl.rt.repeats, in)
		intoDir := rewrite.CopyIntoFolder(c.DestPath, dest == before.Workdir || rewrite.IsSystemDir(dest), len(c.SourcePaths))
		for _, src := range c.SourcePaths {
			switch {
			case !intoDir:
				pl.rt.fromImages = append(pl.rt.fromImages, dest)
			case !strings.ContainsAny(path.Base(src), "*?["):
				pl.rt.fromImages = append(pl.rt.fromImages, path.Join(dest, path.Base(src)))
			}
		}
		pl.pass.Notef(in.Line(), "COPY --from=%s brings files of another image, which msrewrite cannot list: it is repeated in the runtime stage", c.From)
	}
	return nil
}

// sourcesCopy is the package manager whose own sources file a COPY or
// ADD of the build context replaces (a mirror's list), when that is all
// it brings; "" otherwise. A file it adds is another repository, whose
// packages need its key as well.
func sourcesCopy(cp rewrite.CopyIn) string {
	if len(cp.Opaque) > 0 {
		return ""
	}
	mgr := ""
	for _, l := range cp.Landings {
		m := rewrite.SourcesOf(l.Dest)
		if l.Dir || m == "" || !rewrite.OwnSources(l.Dest) || mgr != "" && m != mgr {
			return ""
		}
		mgr = m
	}
	return mgr
}

// sharesSources tells whether the runtime image can read the builder's
// package sources: the same package manager and, for a whole file (which
// names the release) or apt's (whose files differ between releases),
// the same release.
func (pl *plan) sharesSources(mgr string, whole bool) bool {
	if mgr != rewrite.PackageManager(pl.runtime) {
		return false
	}
	return mgr != "apt-get" && !whole || pl.runtime.Release != "" && pl.runtime.Release == pl.stage.BaseImage.Release
}

// toolHome says why an image path is the build tool's own, wherever the
// file came from: a hidden folder the toolchain's build inputs name
// (Maven's .m2, cargo's .cargo), or inside one, which only the tool
// reads; "" for any other path.
func toolHome(tc *rewrite.Toolchain, dest string) string {
	rel := strings.TrimPrefix(dest, "/")
	for _, r := range tc.BuildInputs {
		if strings.HasPrefix(r.Dir, ".") && (r.Match(rel) || path.Base(rel) == r.Dir) {
			return r.Why
		}
	}
	return ""
}
