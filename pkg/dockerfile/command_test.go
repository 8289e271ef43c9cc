package dockerfile

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/msrewrite/msrewrite/internal/testcorpus"
)

// Instructions that reach each check of command.go, valid and not. They
// are compared with BuildKit's instructions package below, so a case
// needs no expected value of its own.
var commandCases = []string{
	"FROM", "FROM a b", "FROM a AS b c", "FROM golang:1.22 AS Builder", "FROM golang AS 1x", "FROM golang as b-1._x",
	"FROM --platform=linux/arm64 golang", "FROM --platform golang", "FROM --plat=x golang", "FROM --platform=a --platform=b x",
	"FROM -platform=x golang", "FROM x\nFROM --platform=$BUILDPLATFORM y AS z",
	"ARG", "ARG A", "ARG A=1 B", "ARG =1", "ARG A==", "ARG --x A",
	"ENV", "ENV A=1 B=\"2 3\"", "ENV A 1 2", "ENV A", "ENV =1", "ENV --x=1 A=1", "ENV A=1\\\n  B=2",
	"LABEL a=b", "LABEL \"a b\"=c", "LABEL", "LABEL --x a=b",
	"WORKDIR", "WORKDIR /a /b", "WORKDIR /app", "WORKDIR --x=1 /app",
	"USER", "USER app", "USER a b", "USER --x=y app",
	"MAINTAINER", "MAINTAINER me", "MAINTAINER --x me",
	"STOPSIGNAL", "STOPSIGNAL SIGTERM", "STOPSIGNAL --x SIGTERM", "STOPSIGNAL a b",
	"EXPOSE", "EXPOSE 80 443/tcp", "EXPOSE --x 80",
	"VOLUME", "VOLUME /data", "VOLUME [\"/a\", \"/b\"]", "VOLUME [\"\"]", "VOLUME [\" \"]", "VOLUME --x /data",
	"SHELL", "SHELL []", "SHELL sh -c", "SHELL [\"/bin/bash\", \"-c\"]", "SHELL --x [\"sh\"]",
	"RUN", "RUN echo hi", "RUN [\"echo\", \"hi\"]", "RUN []", "RUN --mount=type=cache,target=/root/.cache go build",
	"RUN --mount=type=bind,from=$X,source=/a true", "RUN --mount=type=bind,from=X$ true", "RUN --mount=\"a true",
	"RUN --mount=type=nonsense true", "RUN --mount=ro true", "RUN --network=none true", "RUN --network=host true", "RUN --network=default true",
	"RUN --security=sandbox true", "RUN --network=bridge true",
	"RUN --network= true", "RUN --network true", "RUN --security=insecure true", "RUN --security=x true",
	"RUN --device=gpu true", "RUN --device=name=a,name=b true", "RUN --device=a,b true", "RUN --device=a,x=y true",
	"RUN --device=required=maybe true", "RUN --device=required,name=a true", "RUN --device=x=y true", "RUN --device=\"a true",
	"RUN --mount=a --mount=b true", "RUN --network=host --network=none true", "RUN --frob true", "RUN -- true",
	"RUN <<EOF\necho hi\nEOF", "RUN <<-EOF sh\n\techo hi\nEOF", "RUN cat <<A <<B\na\nA\nb\nB",
	"CMD", "CMD app", "CMD [\"app\", \"-x\"]", "CMD []", "CMD --x app", "CMD [\"app\"", "CMD <<EOF\nhi\nEOF",
	"ENTRYPOINT", "ENTRYPOINT []", "ENTRYPOINT app -x", "ENTRYPOINT [\"app\"]", "ENTRYPOINT --x=1 app",
	"HEALTHCHECK", "HEALTHCHECK NONE", "HEALTHCHECK NONE x", "HEALTHCHECK --interval=x NONE", "HEALTHCHECK CMD",
	"HEALTHCHECK CMD curl -f http://x/", "HEALTHCHECK CMD [\"curl\", \"x\"]", "HEALTHCHECK CMD []", "HEALTHCHECK FOO x",
	"HEALTHCHECK --interval=5s --timeout=3s --start-period=1s --start-interval=2s --retries=3 CMD x",
	"HEALTHCHECK --interval=1us CMD x", "HEALTHCHECK --interval=0 CMD x", "HEALTHCHECK --interval=abc CMD x",
	"HEALTHCHECK --retries=-1 CMD x", "HEALTHCHECK --retries=x CMD x", "HEALTHCHECK --retries=99999999999 CMD x",
	"HEALTHCHECK --x=1 CMD x", "HEALTHCHECK --interval=1s FOO", "HEALTHCHECK cmd x",
	"COPY", "COPY a", "COPY a b", "COPY a b c/", "COPY --from=builder /a /b", "COPY --from /a /b", "COPY --link a b",
	"COPY --link=false a b", "COPY --link= a b", "COPY --link=maybe a b", "COPY --link --link a b",
	"COPY --exclude=x --exclude=y a b", "COPY --parents a b", "COPY --chown=1:1 --chmod=755 a b", "COPY --checksum=x a b",
	"COPY <<EOF /a\nhi\nEOF", "COPY a <<EOF\nhi\nEOF", "COPY --frm=x a b", "COPY --FROM=x a b",
	"ADD", "ADD a", "ADD a b", "ADD --checksum=sha256:abc https://x/y /z", "ADD --keep-git-dir=true g /d",
	"ADD --unpack a b", "ADD --from=x a b", "ADD --parents a b", "ADD --exclude=a a b", "ADD <<EOF /a\nx\nEOF",
	"ONBUILD", "ONBUILD RUN x", "ONBUILD ONBUILD RUN x", "ONBUILD FROM x", "ONBUILD maintainer me", "ONBUILD --x RUN y",
	"FROBNICATE x", "FRM x", "COPPY a b", "run2 x", "Cmd x",
}

// TestCommandsAgainstBuildKit holds command.go to BuildKit's verdict on
// every instruction of the table and of every Dockerfile the tests know:
// the same error message (less the "did you mean" suggestion, which
// BuildKit picks from a map in random order), or the same typed values.
func TestCommandsAgainstBuildKit(t *testing.T) {
	var srcs []string
	for _, c := range commandCases {
		srcs = append(srcs, "FROM scratch\n"+c+"\n")
	}
	files, err := testcorpus.BuildKitParserFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, pattern := range []string{"../../testdata/*/*/Dockerfile", "../../testdata/*/*/*.golden", "../../testdata/errors/*.Dockerfile", "../../examples/*/Dockerfile*"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(src))
	}
	nodes, errs := 0, 0
	for _, src := range srcs {
		n, e := compareCommands(t, src)
		nodes, errs = nodes+n, errs+e
	}
	if nodes < 1000 || errs < 60 {
		t.Fatalf("compared %d instructions, %d of them errors: the table or the corpus went missing", nodes, errs)
	}
	t.Logf("%d instructions compared, %d of them errors", nodes, errs)
}

// FuzzCommand compares command.go with BuildKit on any parsable input.
func FuzzCommand(f *testing.F) {
	for _, c := range commandCases {
		f.Add("FROM scratch\n" + c + "\n")
	}
	f.Fuzz(func(t *testing.T, src string) {
		compareCommands(t, src)
	})
}

var suggestion = regexp.MustCompile(` \(did you mean [^)]*\?\)$`)

func compareCommands(t *testing.T, src string) (nodes, errs int) {
	t.Helper()
	res, err := parser.Parse(bytes.NewReader([]byte(src)))
	if err != nil {
		return 0, 0
	}
	for _, n := range res.AST.Children {
		ours, ourErr := readCommand(n, lowerName(n.Value))
		theirs, theirErr := instructions.ParseInstruction(n)
		nodes++
		if (ourErr != nil) != (theirErr != nil) {
			t.Fatalf("%q: msrewrite says %v, BuildKit says %v", n.Original, ourErr, theirErr)
		}
		if ourErr != nil {
			errs++
			msg := func(err error) string {
				if le, ok := err.(*parser.LocationError); ok {
					err = le.Unwrap()
				}
				return suggestion.ReplaceAllString(err.Error(), "")
			}
			if a, b := msg(ourErr), msg(theirErr); a != b {
				t.Fatalf("%q: msrewrite says %q, BuildKit says %q", n.Original, a, b)
			}
			continue
		}
		if run, ok := ours.(*RunCommand); ok {
			// BuildKit keeps only which options were used; ours are the words.
			if !slices.Equal(run.Flags, n.Flags) {
				t.Fatalf("%q: flags %q, want %q", n.Original, run.Flags, n.Flags)
			}
			copy := *run
			copy.Flags = nil
			ours = &copy
		}
		want := fromBuildKit(theirs)
		if _, ok := theirs.(*instructions.OnbuildCommand); ok {
			// BuildKit keeps the deferred text; it checks the trigger by the
			// name the parser gave the nested instruction, as we do.
			want = &OnbuildCommand{Trigger: strings.ToUpper(strings.TrimSpace(n.Next.Children[0].Value))}
		}
		if d := cmp.Diff(want, ours); d != "" {
			t.Fatalf("%q: typed values differ (-BuildKit +msrewrite):\n%s", n.Original, d)
		}
	}
	return nodes, errs
}

// fromBuildKit writes BuildKit's typed instruction as command.go's.
func fromBuildKit(c any) any {
	line := func(l instructions.ShellDependantCmdLine) CommandLine {
		out := CommandLine{CmdLine: l.CmdLine, PrependShell: l.PrependShell}
		for _, f := range l.Files {
			out.Files = append(out.Files, InlineFile{Name: f.Name, Data: f.Data, Chomp: f.Chomp})
		}
		return out
	}
	kvs := func(in instructions.KeyValuePairs) []KeyValue {
		var out []KeyValue
		for _, kv := range in {
			out = append(out, KeyValue{Key: kv.Key, Value: kv.Value, NoDelim: kv.NoDelim})
		}
		return out
	}
	switch c := c.(type) {
	case *instructions.Stage:
		return &FromCommand{BaseName: c.BaseName, Name: c.Name, Platform: c.Platform}
	case *instructions.ArgCommand:
		out := &ArgCommand{}
		for _, a := range c.Args {
			out.Args = append(out.Args, ArgDef{Key: a.Key, Value: a.Value})
		}
		return out
	case *instructions.EnvCommand:
		return &EnvCommand{Env: kvs(c.Env)}
	case *instructions.LabelCommand:
		return &LabelCommand{Labels: kvs(c.Labels)}
	case *instructions.WorkdirCommand:
		return &WorkdirCommand{Path: c.Path}
	case *instructions.UserCommand:
		return &UserCommand{User: c.User}
	case *instructions.MaintainerCommand:
		return &MaintainerCommand{Maintainer: c.Maintainer}
	case *instructions.StopSignalCommand:
		return &StopSignalCommand{Signal: c.Signal}
	case *instructions.ExposeCommand:
		return &ExposeCommand{Ports: c.Ports}
	case *instructions.VolumeCommand:
		return &VolumeCommand{Volumes: c.Volumes}
	case *instructions.ShellCommand:
		return &ShellCommand{Shell: c.Shell}
	case *instructions.RunCommand:
		return &RunCommand{CommandLine: line(c.ShellDependantCmdLine)}
	case *instructions.CmdCommand:
		return &CmdCommand{line(c.ShellDependantCmdLine)}
	case *instructions.EntrypointCommand:
		return &EntrypointCommand{line(c.ShellDependantCmdLine)}
	case *instructions.HealthCheckCommand:
		return &HealthCheckCommand{Test: c.Health.Test}
	case *instructions.CopyCommand:
		return &CopyCommand{SourcePaths: c.SourcePaths, DestPath: c.DestPath, From: c.From}
	case *instructions.AddCommand:
		return &AddCommand{SourcePaths: c.SourcePaths, DestPath: c.DestPath}
	}
	return c
}

func TestValidStageName(t *testing.T) {
	for name, want := range map[string]bool{
		"compiler": true, "build-1.2_x": true, "a": true,
		"": false, "Build": false, "1build": false, "-x": false, "a b": false, "a/b": false, "bü": false,
	} {
		if got := ValidStageName(name); got != want {
			t.Errorf("ValidStageName(%q) = %v", name, got)
		}
	}
}
