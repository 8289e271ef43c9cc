package transforms

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
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
	// Every file each COPY brings, classified; a later COPY to the same
	// path replaces an earlier one's file.
	perCopy := make([][]landed, len(copies))
	final := map[string]landed{}
	for i, cp := range copies {
		for _, l := range cp.Landings {
			fs, err := opts.Context.Files(l, cp.Copy.Exclude)
			if err != nil {
				return rewrite.Skipf(cp.In.Line(), "cannot list what this %s brings: %v", strings.ToUpper(cp.In.Name()), err)
			}
			for _, f := range fs {
				if pl.isArtifact(f.Dest) || pl.removedAfter(f.Dest, cp.Index) {
					continue // carried as an artifact, or gone by the end of the build
				}
				class, why := classify(tc, pl.build.CompiledIn, f.Src)
				switch {
				case drop != nil && matches(drop, f.Src):
					class, why = noise, "matches a drop pattern"
				case keep != nil && matches(keep, f.Src):
					class, why = runTime, "matches a keep pattern"
				}
				lf := landed{File: f, class: class, why: why}
				perCopy[i] = append(perCopy[i], lf)
				final[f.Dest] = lf
			}
		}
	}
	for i, cp := range copies {
		files := perCopy[i]
		pl.noteLeftBehind(cp.In, files)
		run := 0
		for _, f := range files {
			if f.class == runTime {
				run++
			}
		}
		if run == 0 && len(cp.Opaque) == 0 {
			continue
		}
		kw := strings.ToUpper(cp.In.Name())
		for _, f := range files {
			if f.class == runTime {
				pl.rt.carried[f.Dest] = f.Src
			}
		}
		if run == len(files) && pl.repeatable(cp, lastStep) {
			pl.rt.repeats = append(pl.rt.repeats, cp.In)
			for _, f := range files {
				pl.pass.Notef(cp.In.Line(), "carried %s → %s (%s): the %s is repeated in the runtime stage", f.Src, f.Dest, f.why, kw)
			}
			for _, o := range cp.Opaque {
				pl.pass.Notef(cp.In.Line(), "carried %s (what this %s adds): the %s is repeated in the runtime stage", o, kw, kw)
			}
			continue
		}
		for _, c := range cover(files, cp.Landings, final) {
			pl.addFromBuilder(c.dest, c.dir, cp.In.Line(), c.src+" ("+c.why+")")
		}
		for _, o := range cp.Opaque {
			pl.addFromBuilder(o, false, cp.In.Line(), "what this "+kw+" adds, which the Dockerfile does not show")
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
// stage and do the same: after the build step (RUNs before it do what
// msrewrite does not model, so what they leave under its destination is
// unknown; the RUNs after it are known, see runWrites), no later RUN
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
			continue // runWrites reads only the RUNs after the build step
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
	return isDigits(user) && (group == "" || isDigits(group))
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
// every run-time file of a COPY and no build-only file: a folder when all
// the files any COPY put in it are run-time files (final holds them all,
// by image path), else what inside it is.
func cover(files []landed, landings []buildctx.Landing, final map[string]landed) []covered {
	var out []covered
	allRunUnder := func(dir string) bool {
		for p, f := range final {
			if strings.HasPrefix(p, dir+"/") && f.class != runTime {
				return false
			}
		}
		return true
	}
	var walk func(src, dest string, fs []landed)
	walk = func(src, dest string, fs []landed) {
		allRun := len(fs) > 0 && allRunUnder(dest)
		whys := map[string]bool{}
		for _, f := range fs {
			allRun = allRun && f.class == runTime
			whys[f.why] = true
		}
		if allRun {
			var list []string
			for w := range whys {
				list = append(list, w)
			}
			sort.Strings(list)
			out = append(out, covered{src: src + "/", dest: dest, why: strings.Join(list, "; "), dir: true})
			return
		}
		children := map[string][]landed{}
		var names []string
		for _, f := range fs {
			rest := strings.TrimPrefix(f.Dest, dest+"/")
			name, _, _ := strings.Cut(rest, "/")
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
				if cs[0].class == runTime {
					out = append(out, covered{src: cs[0].Src, dest: childDest, why: cs[0].why})
				}
				continue
			}
			walk(path.Join(src, name), childDest, cs)
		}
	}
	for _, l := range landings {
		var fs []landed
		for _, f := range files {
			if f.Dest == l.Dest || strings.HasPrefix(f.Dest, l.Dest+"/") {
				fs = append(fs, f)
			}
		}
		if !l.Dir {
			for _, f := range fs {
				if f.Dest == l.Dest && f.class == runTime {
					out = append(out, covered{src: f.Src, dest: f.Dest, why: f.why})
				}
			}
			continue
		}
		walk(strings.TrimPrefix(l.Src, "./"), l.Dest, fs)
	}
	return out
}

// addFromBuilder carries an image path from the builder, at the same
// path, once: a path inside a folder already carried is not copied again.
func (pl *plan) addFromBuilder(p string, dir bool, line int, why string) {
	for _, c := range pl.rt.copies {
		d := strings.TrimSuffix(c.dst, "/")
		if d == p || strings.HasSuffix(c.src, "/") && under(p, d) {
			return
		}
	}
	src, dst := p, p
	if dir {
		src, dst = p+"/", p+"/"
	}
	pl.rt.copies = append(pl.rt.copies, copyFrom{pl.alias, src, dst})
	pl.pass.Notef(line, "carried %s: %s", p, why)
}

// noteLeftBehind says, for --explain, what of a COPY stays in the
// builder, and why.
func (pl *plan) noteLeftBehind(in *dockerfile.Instruction, files []landed) {
	byReason := map[string][]string{}
	var reasons []string
	for _, f := range files {
		if f.class == runTime {
			continue
		}
		key := f.class.String() + ": " + f.why
		if byReason[key] == nil {
			reasons = append(reasons, key)
		}
		byReason[key] = append(byReason[key], f.Src)
	}
	if len(reasons) == 0 {
		return
	}
	var parts []string
	for _, r := range reasons {
		names := byReason[r]
		list := strings.Join(names[:min(3, len(names))], ", ")
		if len(names) > 3 {
			list += fmt.Sprintf(" and %d more", len(names)-3)
		}
		parts = append(parts, list+" ("+r+")")
	}
	pl.pass.Notef(in.Line(), "stays in the builder: %s", strings.Join(parts, "; "))
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
