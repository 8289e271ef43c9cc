package transforms

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// CacheMounts keeps the caches of the build tools between builds: the
// steps that fill one get a BuildKit cache mount there, so a rebuild
// downloads and compiles only what changed, and the image does not carry
// the cache.
var CacheMounts = rewrite.Transform{
	Name:     "cache-mounts",
	Optional: true,
	Doc:      "RUN --mount=type=cache on the steps that fill a build tool's cache (Go, npm, pnpm, pip, cargo's registry, Maven)",
	Run:      runCacheMounts,
}

// toolCaches are the cache folders a command fills, as the official
// images set the tools up for root; nil when it fills none.
func toolCaches(c shell.Call) []string {
	name := path.Base(c.Name())
	verb := ""
	if len(c.Args) > 1 && c.Known[1] {
		verb = c.Args[1]
	}
	env := func(name, def string) string {
		if v, set, known := c.Getenv(name); set && known && path.IsAbs(v) {
			return v
		} else if set {
			return "" // set to what cannot be known
		}
		return def
	}
	switch {
	case name == "go" && slices.Contains([]string{"build", "install", "test", "vet", "run", "generate", "get", "mod"}, verb):
		gopath, _, _ := strings.Cut(env("GOPATH", "/go"), ":")
		modCache := env("GOMODCACHE", "")
		if modCache == "" && gopath != "" {
			modCache = path.Join(gopath, "pkg/mod")
		}
		return []string{env("GOCACHE", "/root/.cache/go-build"), modCache}
	case name == "npm" && slices.Contains([]string{"ci", "install", "i"}, verb):
		return []string{env("npm_config_cache", "/root/.npm")}
	case name == "pnpm" && slices.Contains([]string{"install", "i", "fetch"}, verb):
		return []string{"/root/.local/share/pnpm/store"}
	case (name == "pip" || versionless(name) == "pip3") && verb == "install" && !slices.Contains(c.Args, "--no-cache-dir"):
		return []string{"/root/.cache/pip"}
	case name == "cargo" && slices.Contains([]string{"build", "b", "install", "fetch", "run", "r"}, verb):
		home := env("CARGO_HOME", "/root/.cargo")
		if home == "" {
			return []string{""}
		}
		return []string{path.Join(home, "registry"), path.Join(home, "git")}
	case name == "mvn" || name == "mvnw" || name == "./mvnw":
		// The local repository alone: ~/.m2 holds settings.xml too, which
		// a mount over the folder would hide.
		for _, a := range c.Args[1:] {
			if repo, ok := strings.CutPrefix(a, "-Dmaven.repo.local="); ok {
				if !path.IsAbs(repo) {
					return []string{""}
				}
				return []string{path.Clean(repo)}
			}
		}
		return []string{"/root/.m2/repository"}
	}
	return nil
}

func runCacheMounts(p *rewrite.Pass) error {
	doc := p.Doc
	if err := singleStage(doc); err != nil {
		return err
	}
	st := rewrite.NewStage(doc)
	if in := copiesFromImage(st); in != nil {
		return rewrite.Skipf(in.Line(), "cache-mounts: this COPY --from copies from another image, which msrewrite does not arrange around")
	}
	// make and scripts in a golang image, read through their files: the
	// go build they run fills the caches of their RUN. (One that cannot
	// be read gets no mount.)
	if _, err := goReadFurther(st, p); err != nil {
		p.Notef(0, "cache-mounts: make or a script is not read: %v", err)
	}
	inUse, err := startCaches(st, p)
	if err != nil {
		return err
	}
	added, kept := 0, ""
	for i, in := range st.Body {
		if in.Name() != "run" {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			return rewrite.Skipf(in.Line(), "cache-mounts: cannot read the shell of this RUN: %v", err)
		}
		var targets []string
		for _, c := range calls {
			for _, t := range toolCaches(c) {
				if t == "" {
					return rewrite.Skipf(in.Line(), "cache-mounts: a tool's cache folder here depends on a value that cannot be known")
				}
				if !slices.Contains(targets, t) {
					targets = append(targets, t)
				}
			}
		}
		if len(targets) == 0 {
			continue
		}
		if u := nonRootUser(st.Before[i].User); u != "" {
			return rewrite.Skipf(in.Line(), "cache-mounts: this RUN runs as %s, whose cache folders are not root's", u)
		}
		text := doc.Text(in.Start, in.End)
		var mounts []string
		for _, t := range targets {
			if strings.Contains(text, "target="+t) || strings.Contains(text, "dst="+t) || strings.Contains(text, "destination="+t) {
				continue // mounted already
			}
			if used := usedAfter(st, i, t); used != "" {
				return rewrite.Skipf(in.Line(), "cache-mounts: %s is read after the build (%s): a cache mount would leave it empty in the image", t, used)
			}
			if put := putBefore(st, i, t); put != "" {
				return rewrite.Skipf(in.Line(), "cache-mounts: %s puts something in %s, which a cache mount would hide from this RUN", put, t)
			}
			if cmd, ok := inUse[t]; ok {
				kept = fmt.Sprintf("%s runs %s, which reads %s when the container starts: a cache mount would leave it empty in the image", strings.ToUpper(st.Program().In.Name()), cmd, t)
				p.Notef(in.Line(), "cache-mounts: %s", kept)
				continue
			}
			mounts = append(mounts, "--mount=type=cache,target="+t)
		}
		if len(mounts) == 0 {
			continue
		}
		off, ok := afterKeyword(doc, in)
		if !ok {
			return rewrite.Skipf(in.Line(), "cache-mounts: cannot find where this RUN's flags go")
		}
		p.Edits = append(p.Edits, dockerfile.Insert(off, " "+strings.Join(mounts, " ")))
		p.Notef(in.Line(), "cache-mounts: %s kept between builds, out of the image", strings.Join(targets, " and "))
		added++
	}
	switch {
	case added == 0 && kept != "":
		return rewrite.Skipf(st.Program().In.Line(), "cache-mounts: %s", kept)
	case added == 0:
		return rewrite.Skipf(1, "cache-mounts: no RUN fills a build tool's cache that is not mounted already")
	}
	return nil
}

// startCaches are the cache folders the container's own commands read
// when it starts, by folder, with the command: go run's modules, mvn
// spring-boot:run's repository, cargo run's registry. The image holds
// them as the build filled them; a cache mount would send the container
// to the network for them, or fail without one. A command whose program
// cannot be known may read any of them: a Skip.
func startCaches(st *rewrite.Stage, p *rewrite.Pass) (map[string]string, error) {
	prog := st.Program()
	if prog == nil {
		return nil, nil
	}
	inUse := map[string]string{}
	for _, c := range allCommandCalls(st, prog, p.Options.Context) {
		if len(c.words) == 0 || c.words[0] == "" {
			return nil, rewrite.Skipf(prog.In.Line(), "cache-mounts: %s runs a program that cannot be known, which may read a build tool's cache when the container starts", strings.ToUpper(prog.In.Name()))
		}
		for _, t := range toolCaches(shell.NewCall(c.words, c.dir, st.Final.Lookup)) {
			if _, ok := inUse[t]; !ok {
				inUse[t], _, _ = shell.Join(c.words)
			}
		}
	}
	return inUse, nil
}

// usedAfter names the first instruction after the i-th whose text names
// a folder, "" for none.
func usedAfter(st *rewrite.Stage, i int, dir string) string {
	for _, in := range st.Body[i+1:] {
		if strings.Contains(st.Doc.Text(in.Start, in.End), dir) {
			return "line " + strconv.Itoa(in.Line())
		}
	}
	return ""
}

// putBefore names the first instruction before the i-th that puts
// something in a folder: a COPY or ADD into it, or a RUN that names it
// (but as a cache mount's own target); "" for none.
func putBefore(st *rewrite.Stage, i int, dir string) string {
	for k, in := range st.Body[:i] {
		var sd instructions.SourcesAndDest
		switch c := in.Cmd.(type) {
		case *instructions.CopyCommand:
			sd = c.SourcesAndDest
		case *instructions.AddCommand:
			sd = c.SourcesAndDest
		case *instructions.RunCommand:
			text := strings.ReplaceAll(st.Doc.Text(in.Start, in.End), "target="+dir, "")
			if strings.Contains(text, dir) {
				return "line " + strconv.Itoa(in.Line())
			}
			continue
		default:
			continue
		}
		// A destination that cannot be evaluated may be the folder.
		if dest, ok := st.Expand(sd.DestPath, st.Before[k]); !ok || under(shell.Resolve(st.Before[k].Workdir, dest), dir) {
			return "line " + strconv.Itoa(in.Line())
		}
	}
	return ""
}

// afterKeyword is the offset just after an instruction's keyword.
func afterKeyword(doc *dockerfile.Document, in *dockerfile.Instruction) (int, bool) {
	// The keyword's letters only: a continuation may follow them
	// directly (RUN\).
	line, kw := doc.Lines[in.Start], in.Name()
	trimmed := strings.TrimLeft(line, " \t")
	if len(trimmed) < len(kw) || !strings.EqualFold(trimmed[:len(kw)], kw) {
		return 0, false
	}
	return doc.Offset(in.Start) + len(line) - len(trimmed) + len(kw), true
}

// copiesFromImage is the first COPY --from of a single-stage file (it can
// only name an image), nil for none.
func copiesFromImage(st *rewrite.Stage) *dockerfile.Instruction {
	for _, in := range st.Body {
		if c, ok := in.Cmd.(*instructions.CopyCommand); ok && c.From != "" {
			return in
		}
	}
	return nil
}
