//go:build e2e

// Package e2e builds and runs every example on a real Docker engine, the
// original single-stage Dockerfile and msrewrite's rewrite, and checks they
// behave the same. Run it with scripts/e2e, which installs the engine,
// starts a private dockerd and builds the stand-in base images.
package e2e

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
	"github.com/pelletier/go-toml/v2"
)

const dockerBin = "/usr/bin/docker"

type result struct {
	stdout, stderr string
	code           int
}

func docker(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(dockerBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("docker %s: %v", strings.Join(args, " "), err)
	}
	return result{out.String(), errb.String(), code}
}

func mustDocker(t *testing.T, args ...string) string {
	t.Helper()
	r := docker(t, args...)
	if r.code != 0 {
		t.Fatalf("docker %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

func requireEngine(t *testing.T) {
	t.Helper()
	if os.Getenv("DOCKER_HOST") == "" {
		t.Fatal("DOCKER_HOST is not set: run scripts/e2e, which starts a private engine and the stand-in images")
	}
	docker(t, "version")
}

// exampleNetwork is the network the steps of an example's builds reach,
// by example: none, but for the examples that install Debian packages
// with apt-get, whose builds use the host's network to reach Debian's
// archive, the one package registry these machines reach that the
// images can use. Their programs still run without a network.
var exampleNetwork = map[string]string{"c-libpq": "host", "go-cgo-apt-library": "host"}

// networkOf is the network the builds in the context folder dir use.
func networkOf(dir string) string {
	return cmp.Or(exampleNetwork[filepath.Base(dir)], "none")
}

func build(t *testing.T, tag, dockerfile, context string) {
	t.Helper()
	start := time.Now()
	mustDocker(t, "build", "--network", networkOf(context), "-q", "-t", tag, "-f", dockerfile, context)
	t.Logf("built %s in %s", tag, time.Since(start).Round(100*time.Millisecond))
}

func size(t *testing.T, tag string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.TrimSpace(mustDocker(t, "image", "inspect", "-f", "{{.Size}}", tag)), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func runImage(t *testing.T, tag string) result {
	t.Helper()
	return docker(t, "run", "--rm", "--network", "none", tag)
}

type row struct {
	name         string
	single, mult int64
	output       string
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// mustNotCopy are, per example, names no COPY of the rewrite may carry:
// files compiled in, and files the ignore file leaves out of the context.
var mustNotCopy = map[string][]string{
	"go-embed":     {"messages"},
	"go-web-files": {"version.txt", ".env.local", "main.go", "go.mod", "README"},
}

// exampleChain is the transforms an example runs: those its
// .msrewrite.toml names (transforms = [...]), as the command line reads
// them, or the default ones.
func exampleChain(t *testing.T, dir string) []rewrite.Transform {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ".msrewrite.toml"))
	if errors.Is(err, fs.ErrNotExist) {
		return transforms.All
	}
	var cfg struct {
		Transforms []string `toml:"transforms"`
	}
	if err != nil || toml.Unmarshal(data, &cfg) != nil {
		t.Fatalf("%s: .msrewrite.toml: %v", dir, err)
	}
	chain, unknown := transforms.Chain(cfg.Transforms)
	if unknown != "" || len(cfg.Transforms) == 0 {
		t.Fatalf("%s: .msrewrite.toml: transforms %q", dir, cfg.Transforms)
	}
	return chain
}

// TestExamples is the experiment behind the classic hello-world example,
// automated: for each example, build both files, run both, compare.
func TestExamples(t *testing.T) {
	requireEngine(t)
	dirs, _ := filepath.Glob("../examples/*/Dockerfile")
	if len(dirs) < 5 {
		t.Fatalf("found %d examples, want at least 5", len(dirs))
	}
	var rows []row
	for _, df := range dirs {
		dir := filepath.Dir(df)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(df)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := dockerfile.Parse(df, src)
			if err != nil {
				t.Fatal(err)
			}
			ctx, err := buildctx.NewDir(os.DirFS(dir), dir).Context(nil, "")
			if err != nil {
				t.Fatal(err)
			}
			res, err := rewrite.Run(doc, exampleChain(t, dir), transforms.Toolchains, rewrite.Options{Context: ctx})
			if err != nil || !res.Changed {
				t.Fatalf("not rewritten: %v %+v", err, res.Skip)
			}
			committed := filepath.Join(dir, "Dockerfile.multistage")
			runtimeStage := string(res.Output[bytes.LastIndex(res.Output, []byte("\nFROM ")):])
			for _, word := range mustNotCopy[name] {
				for _, l := range strings.Split(runtimeStage, "\n") {
					if strings.HasPrefix(l, "COPY") && strings.Contains(l, word) {
						t.Errorf("the rewrite copies %s: %q", word, l)
					}
				}
			}
			if want, _ := os.ReadFile(committed); !bytes.Equal(want, res.Output) {
				t.Fatalf("%s is not what msrewrite writes today; run go test ./cmd/msrewrite -update", committed)
			}
			single, multi := "msrewrite-e2e/"+name+":single", "msrewrite-e2e/"+name+":multistage"
			build(t, single, df, dir)
			build(t, multi, committed, dir)
			a, b := runImage(t, single), runImage(t, multi)
			if a.code != 0 {
				t.Fatalf("the original image fails: exit %d\n%s", a.code, a.stderr)
			}
			if a.stdout != b.stdout || a.code != b.code {
				t.Fatalf("outputs differ:\noriginal (exit %d): %q\nrewrite  (exit %d): %q\n%s", a.code, a.stdout, b.code, b.stdout, b.stderr)
			}
			r := row{name: name, single: size(t, single), mult: size(t, multi), output: strings.TrimSpace(a.stdout)}
			if r.mult >= r.single {
				t.Errorf("the rewrite is not smaller: %d >= %d bytes", r.mult, r.single)
			}
			rows = append(rows, r)
		})
	}
	if t.Failed() {
		return
	}
	table := sizeTable(rows)
	fmt.Print(table)
	writeReadme(t, table)
}

func sizeTable(rows []row) string {
	var b strings.Builder
	b.WriteString("| example | original | rewritten | ratio | output (identical in both) |\n| --- | ---: | ---: | ---: | --- |\n")
	for _, r := range rows {
		out := strings.ReplaceAll(r.output, "\n", " / ")
		fmt.Fprintf(&b, "| %s | %s | %s | %.1f× smaller | `%s` |\n", r.name, mb(r.single), mb(r.mult), float64(r.single)/float64(r.mult), out)
	}
	return b.String()
}

func machine() string {
	out, _ := exec.Command("uname", "-srm").Output()
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		fields := strings.Fields(string(b))
		if len(fields) > 1 {
			if kb, err := strconv.ParseInt(fields[1], 10, 64); err == nil {
				mem = fmt.Sprintf(", %.0f GiB", float64(kb)/(1<<20))
			}
		}
	}
	ver := strings.TrimSpace(mustRun(dockerBin, "version", "-f", "{{.Server.Version}}"))
	return fmt.Sprintf("%s, %d cores%s, Docker engine %s (Debian's docker.io), %s", strings.TrimSpace(string(out)), runtime.NumCPU(), mem, ver, runtime.Version())
}

func mustRun(name string, args ...string) string {
	out, _ := exec.Command(name, args...).Output()
	return string(out)
}

// writeReadme writes examples/README.md; the table in it comes only from here.
func writeReadme(t *testing.T, table string) {
	t.Helper()
	text := `# Examples

Each folder holds a program, its single-stage ` + "`Dockerfile`" + ` and
` + "`Dockerfile.multistage`" + `, the rewrite msrewrite makes of it (a test checks
that the tool still writes exactly that). ` + "`scripts/e2e`" + ` builds both files
on a real Docker engine, runs both images, checks that their output and exit
status are identical, and measures them. This file is written by that script;
do not edit it by hand.

- ` + "`helloworld`" + `: the classic example.
- ` + "`net-lookup`" + `: imports ` + "`net`" + `, which links glibc when cgo is on: the rewrite turns cgo off for alpine.
- ` + "`env-workdir-user`" + `: prints ENV, the working folder and the user (created with useradd in the builder).
- ` + "`relative-entrypoint`" + `: a relative ENTRYPOINT path with CMD arguments.
- ` + "`cgo-glibc`" + `: calls C with ` + "`CGO_ENABLED=1`" + `, so it must end on a glibc runtime (debian slim).
- ` + "`rust-hello`" + `: cargo build --release (no crates), ENTRYPOINT plus CMD, ENV: a glibc runtime.
- ` + "`c-hello`" + `: gcc -o in the gcc image, ENV and a relative CMD: a glibc runtime.
- ` + "`c-libpq`" + `: ` + "`apt-get install libpq-dev`" + ` and ` + "`gcc ... -I\"$(pg_config --includedir)\" -lpq`" + `: the runtime stage installs the library package, libpq5, with apt-get. Its builds, and those of ` + "`go-cgo-apt-library`" + `, alone of all, reach Debian's archive over the host's network.
- ` + "`c-make-install`" + `: ` + "`make install PREFIX=/opt/proverb`" + ` read through its Makefile (a pattern rule, ` + "`install -d`" + `, ` + "`install -m`" + `): the installed program and the data it reads from ` + "`$(PREFIX)/share`" + ` are carried.
- ` + "`cmake-install`" + `: ` + "`cmake .. && make && make install`" + ` in the gcc image, read through the project's ` + "`install()`" + ` rules: the installed program and the fortunes ` + "`install(DIRECTORY)`" + ` put in ` + "`/usr/local/share/fortune`" + ` are carried, the build folder is not.
- ` + "`cpp-gcc-image`" + `: g++ in the gcc image, which links its own GCC's libstdc++ (in /usr/local/lib64, first in the loader's search): the runtime stage copies it and runs ldconfig; the program prints the folder of the libstdc++ it loaded.
- ` + "`cpp-compile-at-start`" + `: ` + "`CMD [\"sh\", \"-c\", \"g++ -O2 -o tally main.cpp && ./tally input.txt\"]`" + `, a program the container compiled when it started: the compile moves to the end of the builder, the runtime stage runs what it wrote on the input it reads.
- ` + "`node-hello`" + `: npm ci and a build script; the pruned app folder on the slim Node image.
- ` + "`node-start-script`" + `: ` + "`CMD [\"npm\", \"start\"]`" + ` whose script runs a program of a devDependency: node_modules is not pruned.
- ` + "`node-shell-start`" + `: ` + "`CMD [\"sh\", \"start.sh\"]`" + `, a script of the build context that runs a devDependency's program: the script is read, and node_modules is not pruned.
- ` + "`node-workdir-user`" + `: ` + "`USER app`" + ` before ` + "`WORKDIR`" + `, which BuildKit then makes as app; the program writes in it, and the runtime stage gives the folder back to app.
- ` + "`node-user`" + `: ` + "`USER app`" + ` after an install as root: the prune stage runs as root, and the runtime as app.
- ` + "`node-subfolder`" + `: the project in ` + "`server/`" + ` of a repository whose root has a package.json of its own: what ` + "`npm start`" + ` runs is read from server's, a devDependency, so node_modules is not pruned.
- ` + "`python-hello`" + `: pip install into a virtualenv made by the rewrite; the venv and app on the slim Python image.
- ` + "`python-app-owner`" + `: ` + "`chown -R app:app /app`" + ` and ` + "`USER app`" + `; the program writes in /app, whose own owner the runtime stage sets again.
- ` + "`java-hello`" + `: javac and jar; the jar on a JRE, ENTRYPOINT plus CMD.
- ` + "`java-opts`" + `: ` + "`ENTRYPOINT [\"sh\", \"-c\", \"exec java $JAVA_OPTS -jar greeter.jar\"]`" + `: the jar the script runs is the artifact, and the JVM gets the options ` + "`JAVA_OPTS`" + ` sets.
- ` + "`java-jar-glob`" + `: ` + "`CMD java -jar target/*.jar`" + `: the shell expands the pattern when the container starts, so every jar it matches is copied into the same folder.
- ` + "`go-cgo-apt-library`" + `: cgo with ` + "`#cgo LDFLAGS: -lsqlite3`" + ` and ` + "`apt-get install libsqlite3-dev`" + `: cgo stays on, the runtime is the builder's Debian release, slim, and installs libsqlite3-0 with apt-get.
- ` + "`go-web-files`" + `: the golang image's documented Dockerfile (` + "`go build -v -o /usr/local/bin/app ./...`" + `); the program reads
  ` + "`templates/`" + `, ` + "`static/`" + ` and ` + "`config.yaml`" + ` from its working folder, which ` + "`COPY . .`" + ` brought; a ` + "`.dockerignore`" + `d file must not appear and the embedded version file is not copied.
- ` + "`go-static-after-build`" + `: a folder copied by its own COPY after the build, to an absolute path: the COPY is repeated.
- ` + "`go-etc-config`" + `: a configuration file copied to ` + "`/etc/greeter/`" + ` before the build.
- ` + "`go-embed`" + `: files compiled in with ` + "`//go:embed`" + `: the control, nothing but the binary is copied.
- ` + "`c-data-file`" + `: a C program reading a data file of the build context.
- ` + "`go-generated-file`" + `: a file a RUN after the build writes.
- ` + "`go-gopath-env`" + `: ` + "`ENV APP_HOME=$GOPATH/src/...`" + `, which the runtime stage evaluates with ` + "`ARG GOPATH=/go`" + `, the builder's value (alpine sets no GOPATH); the program checks APP_HOME is its working folder.
- ` + "`go-setup-before-build`" + `: a settings file and a state folder, made by a RUN before the build.
- ` + "`go-cgo-replace`" + `: calls C through a package of its own module tree (a ` + "`replace`" + ` in go.mod), with nothing in the Dockerfile about cgo: cgo stays on, on a glibc runtime.
- ` + "`go-cross-build`" + `: ` + "`FROM --platform=$BUILDPLATFORM`" + ` with ` + "`GOARCH=$TARGETARCH`" + `: the runtime stage is for the target platform.
- ` + "`rust-cargo-run`" + `: ` + "`CMD [\"cargo\", \"run\", ...]`" + ` becomes the binary cargo built, with the arguments after ` + "`--`" + `.
- ` + "`python-user-install`" + `: ` + "`pip install --user`" + ` as the container's user: the user's ` + "`~/.local`" + ` (packages and console scripts) comes with its home.
- ` + "`python-image-python`" + `: ` + "`CMD [\"/usr/local/bin/python\", ...]`" + `, the image's own interpreter by its path: no virtualenv is added, and the packages and console script pip installed into that Python are copied.
- ` + "`python-alternatives`" + `: ` + "`update-alternatives --install /usr/bin/py py /usr/local/bin/python3 1`" + ` and ` + "`CMD [\"py\", ...]`" + `: the runtime stage runs the same command after its copies, and since ` + "`py`" + ` is the image's own Python through that link, no virtualenv is added, as for ` + "`python-image-python`" + `.
- ` + "`python-console-script`" + `: ` + "`ENTRYPOINT [\"/usr/local/bin/greet\"]`" + `, the console script pip wrote beside the image's own Python, run by its path: the packages stay in that Python, and the data file pip put in /usr/local/share is copied too.
- ` + "`node-global-link`" + `: ` + "`RUN npm install -g .`" + ` links the project's own program onto PATH, and ENTRYPOINT runs it by name: the runtime stage makes npm's two links again (the package to the application folder, the program to its file there), since COPY --from would copy the file in the link's place.
- ` + "`python-pipenv`" + `: ` + "`pipenv install --deploy`" + ` without ` + "`--system`" + ` and ` + "`CMD [\"pipenv\", \"run\", ...]`" + `: pipenv stays where pip put it, in the image's own Python, and the virtualenv it made in ` + "`/root/.local/share/virtualenvs`" + `, named after the project's path, is carried to the same path, where pipenv run finds it.
- ` + "`python-poetry`" + `: ` + "`poetry install`" + ` with poetry's settings untouched and ` + "`CMD [\"poetry\", \"run\", ...]`" + `: poetry stays in the image's own Python, and its virtualenvs folder, ` + "`~/.cache/pypoetry/virtualenvs`" + `, where poetry run finds the one named after the project, is carried to the same path.
- ` + "`cmake-shared-library`" + `: a CMake project whose program links a shared library of its own (` + "`VERSION`" + ` and ` + "`SOVERSION`" + ` set), both installed by ` + "`install(TARGETS)`" + ` and registered with ` + "`ldconfig`" + `: the library's file is copied, its soname ` + "`libgreet.so.1`" + ` and ` + "`libgreet.so`" + ` are made again as the links they are, and the runtime stage runs ldconfig again.
- ` + "`python-own-venv`" + `: the file's own virtualenv (` + "`python3 -m venv`" + ` and PATH), with a package of the build context installed into it, is the artifact.
- ` + "`go-http`" + `: imports net/http (the rebuild measurement below edits it).
- ` + "`go-make`" + `: ` + "`RUN make build`" + `: the Makefile's recipe (variables, ` + "`$(dir ...)`" + `, a version linked in with -ldflags) is read as the commands it runs; cgo is turned off on make's command line, and the messages the program reads are carried.
- ` + "`go-exec-tool`" + `: runs a bash script with ` + "`os/exec`" + `; alpine has no bash, the builder's Debian has: the runtime is its slim image.
- ` + "`go-entrypoint-script`" + `: ` + "`go install`" + ` and an entrypoint script that runs the program by name: the script is read, and the folder go install wrote to is put on the runtime PATH.
- ` + "`go-entrypoint-env`" + `: an entrypoint script that runs ` + "`\"$APP_HOME/bin/greeter\"`" + `, with ` + "`APP_HOME`" + ` set by the Dockerfile's ENV: the ENV is carried, and the script is read with it.
- ` + "`go-linked-binary`" + `: ` + "`go build -o bin/greeter . && ln -s /opt/greeter/bin/greeter /usr/local/bin/greeter`" + `, the program reading its greeting from ` + "`../share`" + ` beside ` + "`os.Executable()`" + `: the runtime stage makes the link again rather than copying the file.
- ` + "`go-log-link`" + `: ` + "`RUN ln -sf /dev/stdout /var/log/greeter.log`" + `, the program writing its greeting to that file: the runtime stage makes the link again (` + "`COPY --from`" + ` would follow it to /dev/stdout, no file of an image).
- ` + "`go-time-zone`" + `: loads time zones by name with ` + "`time.LoadLocation`" + `; alpine has no zone database, so the builder's Debian one is copied.
- ` + "`go-mime-types`" + `: types files with ` + "`mime.TypeByExtension`" + ` (` + "`.woff2`" + `, ` + "`.md`" + `, ` + "`.epub`" + `, which Go's own table lacks); alpine has no ` + "`/etc/mime.types`" + `, so the builder's is copied.
- ` + "`go-pie`" + `: ` + "`-buildmode=pie`" + ` with cgo off still asks for glibc's loader: the runtime is the builder's slim Debian, not alpine.
- ` + "`go-static-cgo`" + `: ` + "`-ldflags \"-linkmode external -extldflags -static\"`" + `, which the go command refuses with cgo off: cgo stays on, and the runtime is the builder's slim Debian.
- ` + "`go-run`" + `: ` + "`CMD [\"go\", \"run\", \".\", ...]`" + ` compiles at every start; the builder builds the program once, and the container runs it with the same arguments in the same folder, where it reads its greeting file.
- ` + "`go-user-home`" + `: ` + "`useradd -m`" + ` and ` + "`USER`" + `; the program writes in its home folder, which must be its user's: /home is copied, so the folder inside keeps its owner.
- ` + "`cgo-shared-library`" + `: a C library built and installed with make, then registered with ` + "`ldconfig`" + `; the program loads it from /usr/local/lib: the runtime stage copies it and runs ldconfig again.
- ` + "`python-shell-source`" + `: ` + "`SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`" + ` and a shell-form CMD that runs bash's ` + "`source`" + `: the runtime stage repeats the SHELL.
- ` + "`python-unpacked-archive`" + `: a word list unpacked from an archive with ` + "`tar -C DIR --strip-components=1`" + `, the archive removed in the same RUN: the folder is carried, the archive is not.
- ` + "`java-classpath`" + `: ` + "`javac -d out`" + ` and ` + "`java -cp out:conf`" + ` without a jar: the classes javac wrote are the artifact, and the class path's other folder, from the build context, is carried.
- ` + "`java-javac-beside-sources`" + `: a course exercise, ` + "`javac Main.java`" + ` and ` + "`CMD [\"java\", \"Main\"]`" + `: the classes lie beside the source, inner ones too, and java finds them through the working folder, which is copied whole.
- ` + "`go-moved-binary`" + `: ` + "`go build -o greeter . && mv greeter /usr/local/bin`" + `: the binary is copied from where mv put it.
- ` + "`python-no-workdir`" + `: ` + "`COPY ./ ./`" + ` into / with no WORKDIR: the virtualenv is the artifact, and the files the COPY put in / are carried one by one.
- ` + "`java-resources-on-disk`" + `: the program opens ` + "`src/main/resources/questions.txt`" + ` from its working folder, as course projects do: the resources folder is carried although src holds the build's sources.
- ` + "`go-nonroot-uploads`" + `: ` + "`transforms = [\"multistage\", \"nonroot\"]`" + ` in its ` + "`.msrewrite.toml`" + `: the runtime stage runs as 65532, and the program keeps a file in ` + "`uploads/`" + `, a folder the build context brings, and notes a name in ` + "`/var/lib/drop`" + `, a folder the build makes empty, and a count in its cache folder under HOME: all must be that user's too, and the user gets a passwd entry and a home.
- ` + "`go-cgo-in-branch`" + `: ` + "`export CGO_ENABLED=0`" + `, then ` + "`export CGO_ENABLED=1`" + ` in an ` + "`if`" + `'s branch that the build takes: cgo may be on after it, so the runtime is the builder's slim Debian, on which the binary starts either way.

Negative controls prove the suite would catch a broken rewrite: the
` + "`net-lookup`" + ` program built with cgo left on and copied onto the musl runtime
(` + "`testdata/e2e/glibc-on-musl.Dockerfile`" + `) must fail to start,
` + "`go-web-files`" + ` with only its binary copied (` + "`testdata/e2e/binary-only.Dockerfile`" + `,
the rewrite msrewrite made before it carried run-time files) must fail to
find its configuration, ` + "`go-time-zone`" + ` without the zone database
(` + "`testdata/e2e/no-zoneinfo.Dockerfile`" + `) must fail to load its zones,
` + "`go-pie`" + ` on alpine (` + "`testdata/e2e/pie-on-musl.Dockerfile`" + `) must fail to start,
` + "`go-static-cgo`" + ` with cgo turned off (` + "`testdata/e2e/linkmode-cgo-off.Dockerfile`" + `) must fail to build,
` + "`node-start-script`" + ` with its devDependencies pruned
(` + "`testdata/e2e/start-script-pruned.Dockerfile`" + `) must fail to find its runner,
` + "`node-shell-start`" + ` pruned likewise (` + "`testdata/e2e/shell-script-pruned.Dockerfile`" + `) must fail to find it too,
` + "`node-user`" + ` pruned as its USER (` + "`testdata/e2e/prune-as-user.Dockerfile`" + `)
must fail to build, ` + "`python-app-owner`" + ` with /app left root's
(` + "`testdata/e2e/app-folder-root-owned.Dockerfile`" + `) must fail to write its state, and
` + "`go-user-home`" + ` with its home folder copied as itself (` + "`testdata/e2e/home-root-owned.Dockerfile`" + `)
must fail to write in it, ` + "`python-user-install`" + ` without its user base folder
(` + "`testdata/e2e/user-base-dropped.Dockerfile`" + `) must fail to find its program, ` + "`python-image-python`" + `
with a virtualenv added (` + "`testdata/e2e/venv-beside-image-python.Dockerfile`" + `) must fail to import its package, and
` + "`node-workdir-user`" + ` with its working folder left root's (` + "`testdata/e2e/workdir-root-owned.Dockerfile`" + `)
must fail to write its count, ` + "`cgo-shared-library`" + ` without ldconfig
(` + "`testdata/e2e/no-ldconfig.Dockerfile`" + `) must fail to load its library, and
` + "`go-entrypoint-script`" + ` without /go/bin on PATH (` + "`testdata/e2e/script-path-dropped.Dockerfile`" + `)
must fail to find its program, ` + "`python-shell-source`" + ` without its SHELL
(` + "`testdata/e2e/no-shell.Dockerfile`" + `) must fail to run ` + "`source`" + `, and
` + "`python-unpacked-archive`" + ` without its unpacked folder (` + "`testdata/e2e/archive-left-behind.Dockerfile`" + `)
must fail to read its word list, ` + "`java-classpath`" + ` with its classes alone
(` + "`testdata/e2e/class-path-folder-dropped.Dockerfile`" + `) must fail to find its greeting,
` + "`go-moved-binary`" + ` copied from where go build wrote it (` + "`testdata/e2e/binary-not-moved.Dockerfile`" + `)
must fail to build, ` + "`python-no-workdir`" + ` with its virtualenv alone
(` + "`testdata/e2e/root-files-dropped.Dockerfile`" + `) must fail to find main.py, and
` + "`java-resources-on-disk`" + ` without its resources folder (` + "`testdata/e2e/resources-dropped.Dockerfile`" + `)
must fail to open its questions, ` + "`go-entrypoint-env`" + ` without its ENV
(` + "`testdata/e2e/env-dropped.Dockerfile`" + `) must fail to find its program, and
` + "`go-linked-binary`" + ` with its link copied (` + "`testdata/e2e/link-copied.Dockerfile`" + `) must fail
to find its greeting, and ` + "`go-log-link`" + ` with its log link copied
(` + "`testdata/e2e/log-link-copied.Dockerfile`" + `) must fail to build, and
` + "`go-nonroot-uploads`" + ` with uploads/ left root's (` + "`testdata/e2e/uploads-root-owned.Dockerfile`" + `)
or /var/lib/drop left root's (` + "`testdata/e2e/state-root-owned.Dockerfile`" + `)
must fail to keep its file, and without a home for its user
(` + "`testdata/e2e/nonroot-home-missing.Dockerfile`" + `) must fail to keep its count, and
` + "`python-console-script`" + ` without /usr/local/share (` + "`testdata/e2e/share-left-behind.Dockerfile`" + `)
must fail to read the greeting its package installed there, and ` + "`node-global-link`" + ` with its program's link
copied (` + "`testdata/e2e/global-link-copied.Dockerfile`" + `) must fail to find its greeting, and
` + "`cmake-install`" + ` with its executable alone (` + "`testdata/e2e/cmake-data-left-behind.Dockerfile`" + `)
must fail to read the fortunes install() put beside it, and ` + "`go-gopath-env`" + ` without the
ARG that gives ` + "`$GOPATH`" + ` its value (` + "`testdata/e2e/gopath-arg-dropped.Dockerfile`" + `) must find
APP_HOME is not its working folder, and ` + "`python-pipenv`" + ` without the virtualenv pipenv made
(` + "`testdata/e2e/pipenv-venv-left-behind.Dockerfile`" + `) and ` + "`python-poetry`" + ` without poetry's
(` + "`testdata/e2e/poetry-venv-left-behind.Dockerfile`" + `) must find no environment of the project's and start making one, and
` + "`cmake-shared-library`" + ` with its program alone (` + "`testdata/e2e/shared-library-left-behind.Dockerfile`" + `) must fail to load its library, and
` + "`go-cgo-in-branch`" + ` on alpine, with cgo read as off (` + "`testdata/e2e/cgo-branch-on-musl.Dockerfile`" + `), must fail to start, and
` + "`java-javac-beside-sources`" + ` with ` + "`Main.class`" + ` alone (` + "`testdata/e2e/inner-class-dropped.Dockerfile`" + `) must miss its inner class, and
` + "`c-libpq`" + ` and ` + "`go-cgo-apt-library`" + ` without the library package of the ` + "`-dev`" + ` one their builds installed
(` + "`testdata/e2e/runtime-library-left-behind.Dockerfile`" + `, ` + "`testdata/e2e/sqlite-library-left-behind.Dockerfile`" + `) must fail to load libpq and SQLite, and
` + "`go-mime-types`" + ` without the builder's ` + "`/etc/mime.types`" + ` (` + "`testdata/e2e/mime-types-left-behind.Dockerfile`" + `) must fail to type a ` + "`.woff2`" + `. All do.

## Sizes

Measured ` + time.Now().UTC().Format("2006-01-02") + ` on ` + machine() + `.

` + table + `
` + rebuildSection() + `
No registry is reachable on the machines this project is built on, so the base
images are local stand-ins made by ` + "`scripts/e2e`" + ` from Debian packages and
tagged with the names the Dockerfiles use: ` + "`golang:*`" + ` is Debian bookworm
(minbase) with gcc, libc6-dev, make and the machine's Go toolchain (so its absolute
size differs from the real image's); ` + "`rust:1-bookworm`" + ` is the same minbase
with Debian's rustc and cargo; ` + "`gcc:12-bookworm`" + ` is the minbase with Debian's
gcc 12 and make, and ` + "`gcc:13-bookworm`" + ` the same with g++ and its run-time libraries
copied to /usr/local/lib64 and put first by an ld.so.conf.d file, as the
real image lays out the GCC it builds (so the version is Debian's 12; only
the layout is the image's); ` + "`node:18-bookworm`" + `, ` + "`python:3.11-bookworm`" + ` and
` + "`eclipse-temurin:17-jdk`" + ` are the minbase with Debian's Node 18 and the npm registry's npm 10 in /usr/local (as the official images ship it), Python 3.11
with pip and venv (linked from /usr/local/bin, with pip's packages in
/usr/local/lib/python3.11/site-packages, as the official images lay out theirs), and OpenJDK 17, and their ` + "`-slim`" + ` and ` + "`-jre`" + ` runtimes the
minbase with only the runtime (and npm for Node, which the real slim image has too); ` + "`alpine:3.23`" + ` is busybox-static plus
the musl loader, with no glibc; ` + "`debian:bookworm-slim`" + ` is a minbase
bookworm. Anywhere else, docker pulls the real images. The rows of the
managed runtimes understate the win: Debian's JDK and JRE, or Python with and
without pip and venv, differ by little, while the official full images carry
compilers and headers their slim and JRE images do not. The stand-ins lack
the official Debian images' apt setting that deletes apt's caches after
each install, so the images of ` + "`c-libpq`" + ` and ` + "`go-cgo-apt-library`" + ` keep about
80 MB the real ones would not.
`
	if err := os.WriteFile("../examples/README.md", []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNegativeControl builds rewrites msrewrite must not make, each of
// which must fail to build, to start, or in the program, the way it fails
// on a real engine, or the suite could not tell a good rewrite from a
// broken one: a glibc-linked binary (or a PIE) on musl, an external
// link with cgo turned off, which does not build, a web program
// without the files it reads, a program without the zone database, a
// start script whose runner was pruned, a prune run as the builder's
// USER, an application folder, a home folder or a WORKDIR its user may not
// write, the packages pip install --user put in a home, or put in a
// virtualenv the image's own python does not see, a library
// installed without the loader's cache rebuilt, a command line run
// without the SHELL it was written for, a program without the files
// an archive held, a Java program without a folder of its class path, a
// binary copied from where it was before mv moved it, a Python program
// whose files the COPYs put in / left behind, a Java program without
// the resources folder it opens from its working folder, a script
// without the ENV it reads, a binary whose link was copied as a file,
// which then looks for its data beside the copy, a log file linked
// to /dev/stdout copied, which does not build, and a folder copied into
// the WORKDIR of an unprivileged user, or one the build made empty for
// the program, left root's, an unprivileged user without a home, or
// the packages of the image's own Python without their data files, a
// program npm linked onto PATH copied in place of its link, or a CMake
// project's executable without the data its install() put beside it, or
// an ENV that names the image's GOPATH evaluated where none is set, or
// a pipenv or poetry project without the virtualenv its manager made
// for it, or a CMake project's program without its shared library, or
// a Go program that types files without /etc/mime.types.
func TestNegativeControl(t *testing.T) {
	requireEngine(t)
	for _, c := range []struct {
		name, example, stderr string
		// atBuild says the broken rewrite fails to build, not to run.
		atBuild bool
	}{
		{"glibc-on-musl", "net-lookup", "no such file or directory", false},
		{"binary-only", "go-web-files", "config.yaml: no such file or directory", false},
		{"no-zoneinfo", "go-time-zone", "unknown time zone Europe/Berlin", false},
		{"pie-on-musl", "go-pie", "no such file or directory", false},
		{"linkmode-cgo-off", "go-static-cgo", "requires external (cgo) linking", true},
		{"start-script-pruned", "node-start-script", "greet-runner: not found", false},
		{"shell-script-pruned", "node-shell-start", "greet-runner: not found", false},
		{"prune-as-user", "node-user", "EACCES", true},
		{"app-folder-root-owned", "python-app-owner", "Permission denied", false},
		{"home-root-owned", "go-user-home", "permission denied", false},
		{"user-base-dropped", "python-user-install", "greet", false},
		{"venv-beside-image-python", "python-image-python", "No module named 'greet'", false},
		{"workdir-root-owned", "node-workdir-user", "EACCES", false},
		{"no-ldconfig", "cgo-shared-library", "libgreet.so", false},
		{"script-path-dropped", "go-entrypoint-script", "greeter: not found", false},
		{"cgo-branch-on-musl", "go-cgo-in-branch", "no such file or directory", false},
		{"inner-class-dropped", "java-javac-beside-sources", "NoClassDefFoundError", false},
		{"no-shell", "python-shell-source", "source: not found", false},
		{"archive-left-behind", "python-unpacked-archive", "No such file or directory", false},
		{"class-path-folder-dropped", "java-classpath", "greeting.properties not found", false},
		{"binary-not-moved", "go-moved-binary", "/src/greeter", true},
		{"root-files-dropped", "python-no-workdir", "main.py", false},
		{"resources-dropped", "java-resources-on-disk", "NoSuchFileException", false},
		{"env-dropped", "go-entrypoint-env", "/bin/greeter: not found", false},
		{"link-copied", "go-linked-binary", "share/greeting.txt: no such file or directory", false},
		{"log-link-copied", "go-log-link", "proc/self/fd: no such file or directory", true},
		{"uploads-root-owned", "go-nonroot-uploads", "uploads/greeting.txt: permission denied", false},
		{"state-root-owned", "go-nonroot-uploads", "/var/lib/drop/last: permission denied", false},
		{"nonroot-home-missing", "go-nonroot-uploads", "mkdir /.cache: permission denied", false},
		{"share-left-behind", "python-console-script", "greeting.txt", false},
		{"global-link-copied", "node-global-link", "greeting.txt", false},
		{"cmake-data-left-behind", "cmake-install", "cannot read a fortune", false},
		{"gopath-arg-dropped", "go-gopath-env", "not the working folder", false},
		{"pipenv-venv-left-behind", "python-pipenv", "Creating a virtualenv for this project", false},
		{"poetry-venv-left-behind", "python-poetry", "Creating virtualenv", false},
		{"shared-library-left-behind", "cmake-shared-library", "libgreet.so.1: cannot open shared object file", false},
		{"runtime-library-left-behind", "c-libpq", "libpq.so.5: cannot open shared object file", false},
		{"sqlite-library-left-behind", "go-cgo-apt-library", "libsqlite3.so.0: cannot open shared object file", false},
		{"mime-types-left-behind", "go-mime-types", "no media type for .woff2", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tag := "msrewrite-e2e/negative-control:" + c.name
			dockerfile := "../testdata/e2e/" + c.name + ".Dockerfile"
			var r result
			if c.atBuild {
				r = docker(t, "build", "--network", networkOf(c.example), "-t", tag, "-f", dockerfile, "../examples/"+c.example)
			} else {
				build(t, tag, dockerfile, "../examples/"+c.example)
				r = runImage(t, tag)
			}
			if r.code == 0 {
				t.Fatalf("the broken rewrite worked: %q", r.stdout)
			}
			if !strings.Contains(r.stderr+r.stdout, c.stderr) {
				t.Fatalf("failed, but not for the expected reason (exit %d): %s%s", r.code, r.stdout, r.stderr)
			}
			t.Logf("expected result: exit %d: %s", r.code, lineWith(r.stdout+r.stderr, c.stderr))
		})
	}
}

// lineWith is the first line of out that holds want, for the log.
func lineWith(out, want string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, want) {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(out)
}

// msrewriteBinary builds the command once for the tests that run it.
var msrewriteBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "msrewrite-e2e-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "msrewrite")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/msrewrite").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// verifyRun runs msrewrite verify on the engine of the suite.
func verifyRun(t *testing.T, args ...string) (string, int) {
	t.Helper()
	bin, err := msrewriteBinary()
	if err != nil {
		t.Fatal(err)
	}
	base := []string{"verify", "--engine", dockerBin, "--format", "json"}
	if !slices.Contains(args, "--network") {
		base = append(base, "--network", "none")
	}
	cmd := exec.Command(bin, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code == 2 {
		t.Fatalf("could not verify: %s", errb.String())
	}
	return out.String(), code
}

// TestVerify runs msrewrite verify on every example, which must find
// nothing, and on rewrites broken on purpose, each of which must be
// reported with the finding it deserves.
func TestVerify(t *testing.T) {
	requireEngine(t)
	dirs, err := filepath.Glob("../examples/*/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	// The originals that compile at every start (go run) need longer
	// than the default timeout before they print anything.
	slowStart := map[string]string{"go-run": "180s"}
	for _, df := range dirs {
		name := filepath.Base(filepath.Dir(df))
		t.Run(name, func(t *testing.T) {
			args := []string{"--run", "--network", networkOf(name)}
			if timeout, ok := slowStart[name]; ok {
				args = append(args, "--run-timeout", timeout)
			}
			out, code := verifyRun(t, append(args, df)...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
		})
	}
	t.Run("text", func(t *testing.T) {
		// What a user sees: the size table and no finding.
		bin, err := msrewriteBinary()
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "verify", "--network", "none", "--engine", dockerBin, "../examples/helloworld/Dockerfile").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "| original (msrewrite-verify/helloworld:original) |") || !strings.Contains(string(out), "no finding") {
			t.Fatalf("%v:\n%s", err, out)
		}
		t.Logf("\n%s", out)
	})
	for _, c := range []struct{ name, example, finding string }{
		{"binary-only", "go-web-files", `"path": "/usr/src/app/config.yaml"`},
		{"glibc-on-musl", "net-lookup", "its loader /lib64/ld-linux-x86-64.so.2 is not in the image"},
		{"missing-library", "c-hello", "libgomp.so.1 is not found"},
		{"changed-env", "env-workdir-user", `"path": "ENV GREETING"`},
	} {
		t.Run("broken/"+c.name, func(t *testing.T) {
			out, code := verifyRun(t, "--against", "../testdata/e2e/"+c.name+".Dockerfile", "../examples/"+c.example+"/Dockerfile")
			if code != 1 || !strings.Contains(out, c.finding) {
				t.Fatalf("exit %d, want 1 and %s:\n%s", code, c.finding, out)
			}
			t.Logf("found: %s", c.finding)
		})
	}
}

const rebuildStart, rebuildEnd = "<!-- rebuild -->\n", "<!-- /rebuild -->\n"

// rebuildSection is examples/README.md's rebuild table as TestRebuild
// last wrote it (the README is written by TestExamples, before).
func rebuildSection() string {
	data, _ := os.ReadFile("../examples/README.md")
	text := string(data)
	i, j := strings.Index(text, rebuildStart), strings.Index(text, rebuildEnd)
	if i < 0 || j < i {
		return rebuildStart + "(TestRebuild writes the rebuild table here.)\n" + rebuildEnd
	}
	return text[i : j+len(rebuildEnd)]
}

// rebuildCases are the examples the rebuild measurement edits: a Go
// program importing net/http, and the Node example.
var rebuildCases = []struct{ example, edit string }{
	{"go-http", "main.go"},
	{"node-hello", "src/app.js"},
}

// TestRebuild measures what a user waits for after editing one line of
// source: the rebuild of the original, of the plain rewrite, and of the
// rewrite with deps-first and cache-mounts, each the median of three, and
// writes the table into examples/README.md.
func TestRebuild(t *testing.T) {
	requireEngine(t)
	var rows []string
	for _, c := range rebuildCases {
		dir := filepath.Join("..", "examples", c.example)
		src, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := dockerfile.Parse("Dockerfile", src)
		if err != nil {
			t.Fatal(err)
		}
		ctx, err := buildctx.NewDir(os.DirFS(dir), dir).Context(nil, "")
		if err != nil {
			t.Fatal(err)
		}
		chain, _ := transforms.Chain([]string{"deps-first", "cache-mounts", "multistage"})
		res, err := rewrite.Run(doc, chain, transforms.Toolchains, rewrite.Options{Context: ctx})
		if err != nil || !res.Changed {
			t.Fatalf("%s: not rewritten: %v %+v", c.example, err, res.Skip)
		}
		plain, err := os.ReadFile(filepath.Join(dir, "Dockerfile.multistage"))
		if err != nil {
			t.Fatal(err)
		}
		row := "| " + c.example + " |"
		for i, variant := range [][]byte{src, plain, res.Output} {
			d := rebuildTime(t, c.example, i, dir, c.edit, variant)
			row += fmt.Sprintf(" %.1f s |", d.Seconds())
		}
		rows = append(rows, row)
		t.Log(row)
	}
	table := "| example | original | rewrite | rewrite with deps-first and cache-mounts |\n| --- | ---: | ---: | ---: |\n" + strings.Join(rows, "\n") + "\n"
	section := rebuildStart + `## Rebuild after a one-line edit

What a user waits for after changing one line of source (` + "`go-http`: main.go, `node-hello`: src/app.js" + `):
` + "`docker build`" + ` again, the median of three, each after a build of the same
file, measured ` + time.Now().UTC().Format("2006-01-02") + ` on ` + machine() + `. The Go
build cache in a cache mount saves compiling the standard library's
net/http again; offline and without dependencies to fetch, deps-first has
nothing to save here, and the Node example fetches none.

` + table + rebuildEnd
	data, err := os.ReadFile("../examples/README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i, j := strings.Index(text, rebuildStart), strings.Index(text, rebuildEnd)
	if i < 0 || j < i {
		t.Fatalf("examples/README.md has no rebuild section to write")
	}
	text = text[:i] + section + text[j+len(rebuildEnd):]
	if err := os.WriteFile("../examples/README.md", []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// rebuildTime builds a Dockerfile from a copy of an example, then edits
// one source line and builds again, three times: the median rebuild.
func rebuildTime(t *testing.T, example string, variant int, dir, edit string, dockerfileText []byte) time.Duration {
	t.Helper()
	work := t.TempDir()
	if err := os.CopyFS(work, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	df := filepath.Join(work, "Dockerfile.rebuild")
	if err := os.WriteFile(df, dockerfileText, 0o644); err != nil {
		t.Fatal(err)
	}
	tag := fmt.Sprintf("msrewrite-e2e/rebuild:%s-%d", example, variant)
	build(t, tag, df, work)
	var times []time.Duration
	for n := range 3 {
		f, err := os.OpenFile(filepath.Join(work, edit), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "\n// edit %d of variant %d at %d\n", n, variant, time.Now().UnixNano())
		f.Close()
		start := time.Now()
		mustDocker(t, "build", "--network", "none", "-q", "-t", tag, "-f", df, work)
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	return times[1]
}
