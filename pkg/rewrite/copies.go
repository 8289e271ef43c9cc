package rewrite

import (
	"errors"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// CopyIn is a COPY or ADD of the stage that puts something into the
// image: files of the build context, a heredoc, a download or an archive's
// content.
type CopyIn struct {
	In    *dockerfile.Instruction
	Index int // the instruction's place in Body
	Copy  buildctx.Copy
	// Landings are the context paths it brings (none for a heredoc or a
	// download).
	Landings []buildctx.Landing
	// Opaque are image paths whose content the Dockerfile does not show:
	// an ADD's download, an archive ADD unpacks, a heredoc's file.
	Opaque []string
	// Chown and Chmod are the options as evaluated ("" when not given).
	Chown, Chmod string
	// Plain tells whether the instruction's words are free of variables,
	// so that it can be written again elsewhere as it is.
	Plain bool
	// DestExisted tells that the destination folder was there before the
	// COPY (a working directory, a folder made or filled before, a folder
	// every base image has): the builder's copy of it holds more than
	// what the COPY brought.
	DestExisted bool
}

// CopyIntoFolder tells whether a COPY or ADD puts its sources inside its
// destination rather than at it, as BuildKit reads the instruction: a
// destination written with a trailing slash or as ".", a folder that was
// there before (existed), or several sources.
func CopyIntoFolder(written string, existed bool, sources int) bool {
	return strings.HasSuffix(written, "/") || written == "." || existed || sources > 1
}

// IsSystemDir tells whether an image path is a folder every Linux base
// image has.
func IsSystemDir(p string) bool { return systemDirs.Has(p) }

// archiveExts are the file names ADD unpacks, as Docker recognises them.
var archiveExts = []string{".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst"}

// remote tells whether an ADD source is a URL or a Git repository.
func remote(src string) bool {
	return strings.Contains(src, "://") || strings.HasPrefix(src, "git@")
}

// systemDirs are folders every Linux base image has: a file copied to one
// of them goes inside it.
var systemDirs = WordSet(`/ /bin /etc /home /lib /mnt /opt /root /run /sbin /srv /tmp /usr /usr/bin /usr/lib
	/usr/local /usr/local/bin /usr/local/lib /usr/local/sbin /usr/local/share /usr/sbin /usr/share /var /var/lib
	/var/log /var/run /var/tmp`)

// ContextCopies lists the stage's COPY and ADD instructions that put
// something into the image (not COPY --from), each matched in the build
// context. Without a context (nil), a stage that copies from one is a
// Skip that names --context, as is a source the context lacks.
func (st *Stage) ContextCopies(ctx *buildctx.Context) ([]CopyIn, error) {
	if c, ok := st.copies[ctx]; ok {
		return c.list, c.err
	}
	list, err := st.contextCopies(ctx)
	if st.copies == nil {
		st.copies = map[*buildctx.Context]contextCopies{}
	}
	st.copies[ctx] = contextCopies{list, err}
	return list, err
}

type contextCopies struct {
	list []CopyIn
	err  error
}

func (st *Stage) contextCopies(ctx *buildctx.Context) ([]CopyIn, error) {
	var out []CopyIn
	known := map[string]bool{} // folders that exist when a COPY runs
	for i, in := range st.Body {
		before := st.Before[i]
		if before.Workdir != "" {
			known[before.Workdir] = true
		}
		var sd instructions.SourcesAndDest
		var opts struct {
			chown, chmod string
			exclude      []string
			parents      bool
			unpack       bool
		}
		isAdd := false
		switch c := in.Cmd.(type) {
		case *instructions.CopyCommand:
			if c.From != "" {
				continue
			}
			sd, opts.chown, opts.chmod, opts.exclude, opts.parents = c.SourcesAndDest, c.Chown, c.Chmod, c.ExcludePatterns, c.Parents
		case *instructions.AddCommand:
			sd, opts.chown, opts.chmod, opts.exclude = c.SourcesAndDest, c.Chown, c.Chmod, c.ExcludePatterns
			opts.unpack, isAdd = c.Unpack == nil || *c.Unpack, true
		case *instructions.RunCommand:
			st.knownDirs(i, known)
			continue
		default:
			continue
		}
		kw := strings.ToUpper(in.Name())
		cp := CopyIn{In: in, Index: i, Plain: true}
		words := append(append([]string{sd.DestPath, opts.chown, opts.chmod}, sd.SourcePaths...), opts.exclude...)
		for _, w := range words {
			cp.Plain = cp.Plain && !strings.Contains(w, "$")
		}
		dest, ok := st.Expand(sd.DestPath, before)
		if !ok || before.Workdir == "" && !path.IsAbs(dest) {
			return nil, Skipf(in.Line(), "cannot tell where this %s puts its files", kw)
		}
		cp.Copy.Dest = shell.Resolve(before.Workdir, dest)
		cp.DestExisted = known[cp.Copy.Dest] || systemDirs.Has(cp.Copy.Dest)
		cp.Copy.DestDir = CopyIntoFolder(dest, cp.DestExisted, len(sd.SourcePaths)+len(sd.SourceContents))
		if cp.Chown, ok = st.Expand(opts.chown, before); !ok {
			return nil, Skipf(in.Line(), "cannot evaluate %s --chown", kw)
		}
		if cp.Chmod, ok = st.Expand(opts.chmod, before); !ok {
			return nil, Skipf(in.Line(), "cannot evaluate %s --chmod", kw)
		}
		cp.Copy.Parents = opts.parents
		for _, e := range opts.exclude {
			v, ok := st.Expand(e, before)
			if !ok {
				return nil, Skipf(in.Line(), "cannot evaluate %s --exclude", kw)
			}
			cp.Copy.Exclude = append(cp.Copy.Exclude, v)
		}
		for _, h := range sd.SourceContents {
			cp.Opaque = append(cp.Opaque, destOf(cp.Copy, h.Path))
		}
		for _, s := range sd.SourcePaths {
			v, ok := st.Expand(s, before)
			if !ok {
				return nil, Skipf(in.Line(), "cannot evaluate a source of this %s", kw)
			}
			if isAdd && remote(v) {
				cp.Opaque = append(cp.Opaque, destOf(cp.Copy, path.Base(v)))
				continue
			}
			cp.Copy.Sources = append(cp.Copy.Sources, v)
		}
		if len(cp.Copy.Sources) > 0 {
			if ctx == nil {
				return nil, Skipf(in.Line(), "%s reads the build context, which cannot be seen here: give the file's name (--stdin-filename) or pass --context DIR", kw)
			}
			ls, err := ctx.Resolve(cp.Copy)
			var missing *buildctx.MissingError
			switch {
			case errors.As(err, &missing):
				return nil, Skipf(in.Line(), "%s names %s, which the build context (%s) does not have: pass --context with the folder docker build is given", kw, missing.Source, ctx.Name)
			case err != nil:
				return nil, Skipf(in.Line(), "%s: %v", kw, err)
			}
			for _, l := range ls {
				if isAdd && opts.unpack && !l.Dir && isArchive(l.Src) {
					cp.Opaque = append(cp.Opaque, cp.Copy.Dest) // unpacked into the folder
					continue
				}
				cp.Landings = append(cp.Landings, l)
				if l.Dir {
					known[l.Dest] = true
				} else {
					known[path.Dir(l.Dest)] = true
				}
			}
		}
		out = append(out, cp)
	}
	return out, nil
}

// RemoteAdds are the files the stage's ADDs download from a URL (not a
// Git repository), where they land: a download's content, as curl's,
// is not known. Words that cannot be evaluated are left out.
func (st *Stage) RemoteAdds() []string {
	var out []string
	for i, in := range st.Body {
		add, ok := in.Cmd.(*instructions.AddCommand)
		if !ok {
			continue
		}
		before := st.Before[i]
		dest, ok := st.Expand(add.DestPath, before)
		if !ok || before.Workdir == "" && !path.IsAbs(dest) {
			continue
		}
		into := strings.HasSuffix(dest, "/") || systemDirs.Has(shell.Resolve(before.Workdir, dest)) || len(add.SourcePaths) > 1
		dest = shell.Resolve(before.Workdir, dest)
		for _, src := range add.SourcePaths {
			v, ok := st.Expand(src, before)
			if !ok || !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") || gitURL(v) {
				continue
			}
			if into {
				u, _, _ := strings.Cut(v, "?")
				out = append(out, path.Join(dest, path.Base(u)))
			} else {
				out = append(out, dest)
			}
		}
	}
	return out
}

// gitURL tells whether an ADD source is a Git repository BuildKit
// clones: a .git URL, with or without a #ref.
func gitURL(src string) bool {
	u, _, _ := strings.Cut(src, "#")
	return strings.HasSuffix(u, ".git") || strings.Contains(src, ".git#")
}

// destOf is where a file named name lands with a COPY's destination.
func destOf(cp buildctx.Copy, name string) string {
	if cp.DestDir {
		return path.Join(cp.Dest, name)
	}
	return cp.Dest
}

func isArchive(name string) bool {
	for _, ext := range archiveExts {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// knownDirs adds the folders a RUN's mkdir makes.
func (st *Stage) knownDirs(i int, known map[string]bool) {
	if !st.Mentions(i, "mkdir") {
		return
	}
	calls, _, err := st.Calls(i)
	if err != nil {
		return
	}
	for _, c := range calls {
		if c.Name() != "mkdir" || c.Dir == "" {
			continue
		}
		dirs, _ := MadeDirs(c)
		for _, d := range dirs {
			known[d] = true
		}
	}
}

// MadeDirs reads a mkdir call (in a known folder): the folders it makes,
// those whose names can be evaluated, and the mode it sets them to (-m,
// --mode; "" when it sets none), whose value is not a folder.
func MadeDirs(c shell.Call) (dirs []string, mode string) {
	for j := 1; j < len(c.Args); j++ {
		switch a := c.Args[j]; {
		case a == "-m" || a == "--mode":
			mode = a // no value: the call fails, but a mode was asked for
			if j+1 < len(c.Args) {
				mode = c.Args[j+1]
			}
			j++
		case strings.HasPrefix(a, "--mode="):
			mode = strings.TrimPrefix(a, "--mode=")
		case strings.HasPrefix(a, "-m") && !strings.HasPrefix(a, "--"):
			mode = a[2:]
		case c.Known[j] && !strings.HasPrefix(a, "-"):
			dirs = append(dirs, shell.Resolve(c.Dir, a))
		}
	}
	return dirs, mode
}
