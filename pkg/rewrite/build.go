package rewrite

import (
	"path"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
)

// Build is what a toolchain detector found in the builder stage.
type Build struct {
	Toolchain string
	// Steps are the RUN instructions that build.
	Steps []*dockerfile.Instruction
	// Artifacts are the files (or folders) the runtime stage copies.
	Artifacts []Artifact
	// Runtime is the runtime stage's base image, and Why says why.
	Runtime, Why string
	// Edits change the builder stage (CGO_ENABLED=0, for one).
	Edits []dockerfile.Edit
	// Tail are instructions the builder stage ends with, added by the
	// rewrite (the go build that CMD go run would have made at start).
	Tail []string
	// BuildOnly tells which ENV names matter only while building, so the
	// runtime stage does not carry them.
	BuildOnly func(name string) bool
	// Unresolved are output folders whose file name the build step does not
	// say (`go build` without -o, `go install`); the program CMD or
	// ENTRYPOINT names in one of them becomes the artifact.
	Unresolved []Output
	// PathPrefix are folders the runtime stage puts in front of PATH (a
	// virtualenv's bin, say), where CMD may find its program.
	PathPrefix []string
	// CompiledIn are the context paths of files compiled into an artifact
	// (//go:embed, include_str!), with why: the runtime stage leaves them out.
	CompiledIn map[string]string
	// ReadAtRunTime are context paths (folders or files) the tables call
	// build inputs or noise that the container reads at run time (a jar
	// opening src/main/resources/data.json, git reading .git), with why:
	// they are carried.
	ReadAtRunTime map[string]string
	// Sources are the context paths of the source files the detector read
	// for the artifacts (the Go packages built), where what they name is
	// looked for; nil to look through the toolchain's sources in the
	// context.
	Sources []string
	// Libraries are the shared libraries the artifacts load that the
	// runtime image installs (and the development packages they come
	// from, which the builder may install).
	Libraries []Library
	// BuildPackages are packages the build installs that this build only
	// builds with, beyond the build tools every toolchain shares (the
	// Python node-gyp runs): the runtime stage does without them.
	BuildPackages []string
	// LeftInBuilder are the image paths of files the build put into the
	// image that the runtime stage leaves out on purpose (build inputs,
	// noise, compiled in), with why; filled when Options.Explain is set,
	// for --explain and verify.
	LeftInBuilder map[string]string
	// Folders are the image folders the builder stage writes to (COPY and
	// ADD destinations, WORKDIR, the artifacts'); Env the variables the
	// runtime stage keeps; Ran the programs the artifacts run that the
	// runtime stage has: what verify compares.
	Folders, Env, Ran []string
	// BuildOutputs are the image folders where the build keeps its own
	// intermediate output (target/, obj/, node_modules' development
	// dependencies): what verify does not expect in the runtime stage.
	BuildOutputs []string
	// BuildDirs are folders the build works in and leaves behind once it
	// has installed what it built elsewhere (cmake's build folder after
	// make install): what is written in them is not carried.
	BuildDirs []Output
	// Programs are what the artifacts run besides themselves (exec calls
	// with a literal name): the runtime stage must have each.
	Programs []Exec
	// TimeZones says why the artifacts load time zones by name ("" when
	// nothing says they do): the runtime stage needs a zone database as
	// the builder had one.
	TimeZones string
	// MimeTypes says why the artifacts may read /etc/mime.types ("" when
	// they do not): the runtime stage gets the builder's when its image
	// has none.
	MimeTypes string
	// Command replaces CMD or ENTRYPOINT in the runtime stage (cargo run,
	// which would build again, becomes the binary it runs); nil for none.
	Command *Command
	// RuntimeRun are RUN lines the runtime stage repeats from the builder
	// (corepack enable, npm install -g pnpm), each with the programs it
	// puts on PATH and why.
	RuntimeRun []RuntimeRun
	// RuntimeEnv are variables the runtime stage sets, after its RUN
	// lines, to match what the builder's image sets: an ENV of the
	// Dockerfile's own, carried after them, still has the last word.
	RuntimeEnv []RuntimeEnv
	// CrossBuilt says every build step targets the platform given to the
	// build (GOARCH set in a stage FROM --platform=$BUILDPLATFORM): the
	// runtime stage, on the target platform, can run the artifacts.
	CrossBuilt bool
	// Prune is a stage built from the builder, before the runtime stage,
	// that takes away what only the build needs (development packages);
	// artifacts with FromPrune are copied from it.
	Prune *PruneStage
	// Loader are shared libraries the runtime stage copies from the
	// builder and puts first in the dynamic loader's search, nil for none:
	// the gcc image's own libstdc++, newer than its Debian's.
	Loader *LoaderLibs
}

// LoaderLibs are libraries of the builder's folder Dir that the runtime
// stage copies to the same folder and registers with the loader as the
// builder image does (a file in /etc/ld.so.conf.d, then ldconfig).
type LoaderLibs struct {
	Dir   string
	Files []string
	Why   string
}

// Command is a CMD or ENTRYPOINT the runtime stage writes otherwise.
type Command struct {
	In *dockerfile.Instruction
	// Args are the command's words; Args[0] is the program.
	Args []string
	// Shell writes the command in the shell form, as the one it replaces
	// was: the container still starts it through /bin/sh -c.
	Shell bool
	Why   string
}

// RuntimeEnv is one variable the runtime stage sets, and why.
type RuntimeEnv struct {
	Name, Value, Why string
}

// RuntimeRun is one RUN line of the runtime stage.
type RuntimeRun struct {
	Line     string // without the keyword
	Provides []string
	Why      string
	// From is the builder's call the line repeats, nil for none: the
	// runtime stage writes it as the file does, with the ARGs it uses.
	From *ToolCall
}

// Exec is a program an artifact runs, and where the source says so.
type Exec struct {
	Name string
	// Args are the literal arguments that follow the name, as far as they
	// are known (a script a shell is given: bash scripts/deploy.sh).
	Args []string
	Why  string
	// Required says the program must be there even if the builder lacked
	// it (Prisma picks its engine by running openssl); otherwise a program
	// the builder lacked too is missing in both, as before the rewrite.
	Required bool
}

// PruneStage is an intermediate stage: FROM the builder AS Name, then Run.
type PruneStage struct {
	Name string
	// Run are the stage's instructions, keyword first ("RUN npm prune").
	Run []string
	Why string
}

// Artifact is one file or folder the build leaves for run time, at an
// absolute path that is the same in both stages.
type Artifact struct {
	Path string
	Dir  bool
	// Glob says Path is a pattern of files in one folder (target/*.jar)
	// that a shell-form CMD expands when the container starts: every
	// file it matches is copied into that folder, so that it expands the
	// same.
	Glob bool
	// Line is the build step's line (1-based).
	Line int
	// How says how the path was decided, for --explain.
	How string
	// FromPrune copies it from Build.Prune rather than the builder.
	FromPrune bool
	// Link is the artifact a symbolic link at Path points to (ln -s
	// /app/bin/server /usr/local/bin/server): the runtime stage makes the
	// link again, for COPY --from would copy the file it points to, which
	// then runs from another folder.
	Link string
}

// Output is a folder a build step writes a binary of unknown name into.
type Output struct {
	Dir string
	// Under is true when the binary may be anywhere below Dir (make,
	// cmake), not only in it.
	Under bool
	Line  int
	What  string
}

// Holds tells whether the program at path p may be one this output wrote.
func (o Output) Holds(p string) bool {
	return path.Dir(p) == o.Dir || o.Under && strings.HasPrefix(p, o.Dir+"/")
}
