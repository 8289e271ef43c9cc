package transforms

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Java detects Maven, Gradle and jar builds; the runtime stage copies the
// jar that `java -jar` runs (or the one a Spring Boot or Gradle run at
// start stands for: javarun.go) onto a JRE of the builder's Java version.
var Java = rewrite.Toolchain{
	Name:        "java",
	Doc:         "mvn/mvnw package, gradle/gradlew build, bootJar or installDist, jar; the jar (or start script) CMD runs, or the one a CMD mvn spring-boot:run, gradle bootRun or gradle run stands for, on eclipse-temurin:<same major>-jre (an IBM JRE for Maven's OpenJ9 tags), or, for a JDK of debian's or ubuntu's packages, on the builder's release with its JRE",
	Families:    []string{"eclipse-temurin", "maven", "gradle", "openjdk", "amazoncorretto"},
	Tools:       []string{"mvn", "mvnw", "gradle", "gradlew", "javac", "jar"},
	BuildInputs: javaBuildInputs,
	Detect:      detectJava,
}

// javaBuildInputs are the files only the build reads (classify.go).
var javaBuildInputs = []rewrite.FileRule{
	{Name: "*.java", Why: "a Java source"}, {Name: "*.kt", Why: "a Kotlin source"}, {Name: "*.kts", Why: "a Gradle script"},
	{Name: "pom.xml", Why: "the Maven project"}, {Name: "build.gradle", Why: "the Gradle build"}, {Name: "settings.gradle", Why: "the Gradle build"},
	{Name: "gradle.properties", Why: "the Gradle build"}, {Name: "gradlew", Why: "the Gradle wrapper"}, {Name: "gradlew.bat", Why: "the Gradle wrapper"},
	{Dir: "gradle", Why: "the Gradle wrapper"}, {Name: "mvnw", Why: "the Maven wrapper"}, {Name: "mvnw.cmd", Why: "the Maven wrapper"},
	{Dir: ".mvn", Why: "the Maven wrapper"}, {Dir: "src", Why: "sources and resources, built into the jar"},
	{Dir: ".m2", Why: "Maven's settings and local repository"}, {Dir: ".gradle", Why: "Gradle's settings and caches"},
}

var javaBuildOnly = rewrite.WordSet(`MAVEN_OPTS MAVEN_CONFIG MAVEN_HOME GRADLE_OPTS GRADLE_USER_HOME GRADLE_HOME DEBIAN_FRONTEND`)

// javaOutputs are the folders each build tool writes jars to, below its
// working folder.
var javaOutputs = []struct{ tool, dir string }{{"mvn", "target"}, {"mvnw", "target"}, {"gradle", "build/libs"}, {"gradlew", "build/libs"}}

func detectJava(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.Build, error) {
	var steps []rewrite.ToolCall
	var outs, installs []rewrite.Output
	buildOutputs := []string{"*.class"} // javac's, packed into the jar
	for _, jo := range javaOutputs {
		tool, dir := jo.tool, jo.dir
		calls, err := st.CallsOf(tool)
		if err != nil {
			return nil, err
		}
		for _, tc := range calls {
			if err := tc.Decidable(); err != nil {
				return nil, err
			}
			steps = append(steps, tc)
			outs = append(outs, rewrite.Output{Dir: shell.Resolve(tc.Call.Dir, dir), Line: tc.In.Line(), What: tool})
			if strings.HasPrefix(tool, "gradle") {
				installs = append(installs, installDists(tc)...)
			}
			// target/ or build/: classes and reports beside the jar.
			buildOutputs = append(buildOutputs, shell.Resolve(tc.Call.Dir, strings.Split(dir, "/")[0]))
		}
	}
	jars, err := st.CallsOf("jar")
	if err != nil {
		return nil, err
	}
	var artifacts []rewrite.Artifact
	for _, tc := range jars {
		file := jarFile(tc.Call.Args)
		if file == "" {
			continue
		}
		if err := tc.Decidable(); err != nil {
			return nil, err
		}
		steps = append(steps, tc)
		artifacts = append(artifacts, rewrite.Artifact{Path: shell.Resolve(tc.Call.Dir, file), Line: tc.In.Line(), How: "jar writes " + file})
	}
	javacSteps, classDirs, err := javacOutputs(st)
	if err != nil {
		return nil, err
	}
	// CMD sh -c "javac Main.java && java Main": the compile it makes
	// when the container starts.
	var started *startCompiled
	if sc := startCompile(st); sc != nil && len(steps) == 0 && len(javacSteps) == 0 && path.Base(sc.compile[0]) == "javac" && path.Base(sc.run[0]) == "java" {
		if src := sc.missingSource(st, p.Options.Context, ".java"); src != "" {
			return nil, rewrite.Skipf(sc.in.Line(), "%s compiles %s when the container starts, and no COPY of the build context puts it in the image: it comes when the container starts (a volume), so it cannot be compiled in the builder", strings.ToUpper(sc.in.Name()), src)
		}
		started = sc
		tc := commandCall(st, st.Program(), sc.compile)
		javacSteps, classDirs = []rewrite.ToolCall{tc}, javacDirs(tc)
	}
	if len(steps) == 0 && len(javacSteps) == 0 && !startsBootRun(st) {
		return nil, nil
	}
	img := st.BaseImage
	jdk, err := distroJDK(st)
	if err != nil {
		return nil, err
	}
	if jdk.pkg == "" {
		if err := p.OfficialImage(st, "a Java build"); err != nil {
			return nil, err
		}
		jdk.major = javaMajor(img)
	}
	major := jdk.major
	if major == "" && jdk.pkg == "" {
		return nil, rewrite.Skipf(st.From.Line(), "a Java build in %q: the JDK's version is not known, so no JRE can be matched", st.Base)
	}
	if jdk.pkg == "" && !temurinJREs.Has(major) && p.Options.RuntimeFor(p.Toolchain.Name) == "" {
		return nil, rewrite.Skipf(st.From.Line(), "Java %s has no eclipse-temurin JRE image to run on (give --runtime-image)", major)
	}
	prog := st.Program()
	if prog == nil {
		return nil, rewrite.Skipf(st.From.Line(), "no CMD or ENTRYPOINT: nothing says which jar runs")
	}
	boot, err := readBootRun(st, p, steps, major)
	if err != nil {
		return nil, err
	}
	if boot != nil {
		b := &rewrite.Build{BuildOnly: javaBuildOnly.Has, BuildOutputs: buildOutputs}
		boot.apply(st, b)
		return javaRuntime(st, p, b, jdk)
	}
	if args, dir, _, err := javaCall(st, prog, p.Options.Context); err == nil {
		entries, ok := javaClassPath(args, dir)
		if !ok && len(javacSteps) > 0 {
			entries, ok, err = javaDefaultClassPath(st, prog, args, dir)
			if err != nil {
				return nil, err
			}
		}
		switch {
		case ok && len(javacSteps) > 0 && (len(classDirs) > 0 || len(steps) == 0):
			// java -cp out Main: the classes javac -d wrote, or javac
			// wrote beside the sources.
			b, err := javaClasses(st, p, jdk, entries, javacSteps, classDirs)
			if b != nil && started != nil {
				started.apply(st, b)
			}
			return b, err
		case started != nil:
			return nil, rewrite.Skipf(started.in.Line(), "%s compiles with javac and runs java when the container starts: the class path cannot be told", strings.ToUpper(started.in.Name()))
		case !ok && len(javacSteps) > 0 && len(steps) == 0:
			return nil, rewrite.Skipf(prog.In.Line(), "%s runs java with a class path msrewrite cannot read (%s), so which classes javac wrote it runs cannot be told", strings.ToUpper(prog.In.Name()), strings.Join(args, " "))
		case ok && len(javacSteps) == 0:
			// java -cp target/classes:target/dependency/* Main, after
			// mvn package dependency:copy-dependencies.
			return javaToolClassPath(st, p, jdk, entries, steps, buildOutputs)
		}
	}
	if len(steps) == 0 {
		return nil, nil
	}
	if a, ok := startScript(st, prog, installs); ok {
		// ./build/install/app/bin/app: the application plugin's start
		// script, which runs java with the jars of lib/ beside it.
		b := &rewrite.Build{BuildOnly: javaBuildOnly.Has, BuildOutputs: buildOutputs, Artifacts: []rewrite.Artifact{a}}
		for _, tc := range steps {
			b.Steps = append(b.Steps, tc.In)
		}
		return javaRuntime(st, p, b, jdk)
	}
	jar, err := javaJar(st, prog, p.Options.Context)
	if err != nil {
		return nil, err
	}
	b := &rewrite.Build{BuildOnly: javaBuildOnly.Has, BuildOutputs: buildOutputs}
	for _, tc := range steps {
		b.Steps = append(b.Steps, tc.In)
	}
	found := false
	glob := strings.Contains(path.Base(jar), "*")
	for _, a := range artifacts {
		if matched, _ := path.Match(jar, a.Path); a.Path == jar || glob && matched && !found {
			if glob {
				a.How += "; CMD's shell expands " + path.Base(jar) + " among the jars of " + path.Dir(jar) + " when the container starts, so each jar it matches is copied"
			}
			a.Path, a.Glob = jar, glob
			b.Artifacts, found = []rewrite.Artifact{a}, true
		}
	}
	for _, o := range outs {
		if !found && (path.Dir(jar) == o.Dir || javaModuleOutput(st, p.Options.Context, o, path.Dir(jar))) {
			dir := path.Dir(jar)
			how := o.What + " writes jars to " + dir + "; the name is the one CMD runs"
			if glob {
				how = o.What + " writes jars to " + dir + "; CMD's shell expands " + path.Base(jar) + " among them when the container starts, so each jar it matches is copied"
			}
			if dir != o.Dir {
				how = strings.Replace(how, "writes jars to "+dir, "writes the jars of the module "+path.Dir(strings.TrimSuffix(dir, "/libs"))+" to "+dir, 1)
			}
			b.Artifacts, found = []rewrite.Artifact{{Path: jar, Glob: glob, Line: o.Line, How: how}}, true
		}
	}
	for _, o := range outs {
		if app := path.Dir(jar); !found && path.Base(jar) == "quarkus-run.jar" && path.Base(app) == "quarkus-app" && path.Dir(app) == o.Dir {
			// Quarkus's fast-jar: the launcher jar loads lib/, app/ and
			// quarkus/ beside it.
			b.Artifacts, found = []rewrite.Artifact{{Path: app, Dir: true, Line: o.Line,
				How: o.What + " packages the Quarkus application in " + app + ", whose quarkus-run.jar loads the lib/, app/ and quarkus/ folders beside it"}}, true
		}
	}
	if !found {
		a, err := copiedJar(st, jar, outs)
		if err != nil {
			return nil, err
		}
		if a == nil {
			return nil, rewrite.Skipf(prog.In.Line(), "java -jar %s: no build step is known to write that jar", jar)
		}
		b.Artifacts = []rewrite.Artifact{*a}
	}
	if file, why := manifestClassPath(p.Options.Context); file != "" {
		return nil, rewrite.Skipf(prog.In.Line(), "java -jar %s: %s %s, so the jar loads jars beside it that the runtime stage would lack", jar, file, why)
	}
	return javaRuntime(st, p, b, jdk)
}

// javaToolClassPath is the build of a program java runs from a class
// path the build tool wrote (target/classes:target/dependency/*, after
// mvn package dependency:copy-dependencies): each such folder or jar is
// an artifact; the other entries, of the build context, are carried as
// run-time files, and one the build is not known to write leaves the
// file alone (COPY --from of a folder the build did not make fails).
func javaToolClassPath(st *rewrite.Stage, p *rewrite.Pass, jdk javaJDK, entries []string, steps []rewrite.ToolCall, outputs []string) (*rewrite.Build, error) {
	b := &rewrite.Build{BuildOnly: javaBuildOnly.Has, BuildOutputs: outputs}
	written := map[string]string{} // what the build tools write, by path
	jarDirs := map[string]string{}
	for _, tc := range steps {
		b.Steps = append(b.Steps, tc.In)
		tool := path.Base(tc.Call.Name())
		switch {
		case strings.HasPrefix(tool, "mvn"):
			target := shell.Resolve(tc.Call.Dir, "target")
			written[path.Join(target, "classes")] = tool + " compiles the classes to " + path.Join(target, "classes")
			jarDirs[target] = tool + " writes jars to " + target
			if slices.Contains(tc.Call.Args, "dependency:copy-dependencies") {
				out := path.Join(target, "dependency")
				for _, a := range tc.Call.Args {
					if v, ok := strings.CutPrefix(a, "-DoutputDirectory="); ok {
						out = shell.Resolve(tc.Call.Dir, v)
					}
				}
				written[out] = "mvn dependency:copy-dependencies copies the dependencies' jars to " + out
			}
		case strings.HasPrefix(tool, "gradle"):
			build := shell.Resolve(tc.Call.Dir, "build")
			for _, d := range []string{"classes/java/main", "classes/kotlin/main", "resources/main"} {
				written[path.Join(build, d)] = tool + " compiles the main source set to " + path.Join(build, d)
			}
			jarDirs[path.Join(build, "libs")] = tool + " writes jars to " + path.Join(build, "libs")
		}
	}
	prog := st.Program()
	cp := strings.Join(entries, ":")
	for _, e := range entries {
		entry := strings.TrimSuffix(e, "/*")
		why, ok := written[entry]
		if !ok && strings.HasSuffix(entry, ".jar") && !strings.ContainsAny(entry, "*?[") {
			why, ok = jarDirs[path.Dir(entry)]
		}
		switch {
		case ok:
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: entry, Dir: !strings.HasSuffix(entry, ".jar"), Line: b.Steps[len(b.Steps)-1].Line(), How: why + ", which the class path names"})
		case strings.ContainsAny(entry, "*?["):
			return nil, rewrite.Skipf(prog.In.Line(), "java -cp %s: the entry %s is a pattern other than a folder's jars", cp, e)
		default:
			if _, inContext := contextPathAt(st, p.Options.Context, len(st.Body), entry); !inContext {
				return nil, rewrite.Skipf(prog.In.Line(), "java -cp %s: no build step is known to write %s, and the build context does not hold it", cp, entry)
			}
		}
	}
	if len(b.Artifacts) == 0 {
		return nil, rewrite.Skipf(prog.In.Line(), "java -cp %s names nothing the build writes", cp)
	}
	return javaRuntime(st, p, b, jdk)
}

// installDists are the folders a gradle call's installDist tasks write
// the application plugin's distributions to: build/install of the
// project (:app:installDist, app's), or of every project for
// installDist alone.
func installDists(tc rewrite.ToolCall) []rewrite.Output {
	var out []rewrite.Output
	for _, a := range tc.Call.Args[1:] {
		project, ok := strings.CutSuffix(a, "installDist")
		if !ok || project != "" && !strings.HasSuffix(project, ":") {
			continue
		}
		dir := strings.ReplaceAll(strings.Trim(project, ":"), ":", "/")
		out = append(out, rewrite.Output{Dir: shell.Resolve(tc.Call.Dir, path.Join(dir, "build/install")), Under: project == "", Line: tc.In.Line(), What: "gradle " + a})
	}
	return out
}

// startScript is the distribution folder whose start script the
// container runs (build/install/<name>/bin/<name>), when an installDist
// of the build writes it: the script, the jars of lib/ beside it.
func startScript(st *rewrite.Stage, prog *rewrite.Program, installs []rewrite.Output) (rewrite.Artifact, bool) {
	words := commandWords(st, prog)
	if len(words) == 0 || st.Final.Workdir == "" || !strings.Contains(words[0], "/") {
		return rewrite.Artifact{}, false
	}
	exe := shell.Resolve(st.Final.Workdir, words[0])
	bin := path.Dir(exe)
	dist := path.Dir(bin)
	for _, o := range installs {
		inProject := path.Dir(dist) == o.Dir
		if o.Under {
			// installDist alone: any project's build/install below.
			inProject = path.Base(path.Dir(dist)) == "install" && path.Base(path.Dir(path.Dir(dist))) == "build" && under(dist, path.Dir(path.Dir(o.Dir)))
		}
		if path.Base(bin) == "bin" && inProject {
			return rewrite.Artifact{Path: dist, Dir: true, Line: o.Line, How: o.What + " writes the application's distribution (its start script in bin/, its jars in lib/) to " + dist}, true
		}
	}
	return rewrite.Artifact{}, false
}

// javaClasses is the build of a program java runs from the classes
// javac -d wrote: each folder of the class path that javac wrote is an
// artifact, copied whole (the other entries, jars of the build context,
// are carried as run-time files).
func javaClasses(st *rewrite.Stage, p *rewrite.Pass, jdk javaJDK, entries []string, steps []rewrite.ToolCall, outs []rewrite.Output) (*rewrite.Build, error) {
	b := &rewrite.Build{BuildOnly: javaBuildOnly.Has}
	for _, tc := range steps {
		if !slices.Contains(b.Steps, tc.In) {
			b.Steps = append(b.Steps, tc.In)
		}
	}
	prog := st.Program()
	cp := strings.Join(entries, ":")
	for _, e := range entries {
		e = path.Clean(e)
		if slices.ContainsFunc(b.Artifacts, func(a rewrite.Artifact) bool { return a.Path == e }) {
			continue
		}
		if i := slices.IndexFunc(outs, func(o rewrite.Output) bool { return o.Dir == e }); i >= 0 {
			o := outs[i]
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: o.Dir, Dir: true, Line: o.Line, How: o.What + " writes the classes the class path names"})
			continue
		}
		tc, beside, err := javacBeside(steps, e)
		if err != nil {
			return nil, err
		}
		if beside {
			// The classes lie among the sources (and inner classes,
			// Main$1.class, beside them): the folder is copied whole.
			if e == "/" || rewrite.IsSystemDir(e) {
				return nil, rewrite.Skipf(prog.In.Line(), "java -cp %s: javac wrote the classes beside the sources in %s, which holds the whole image", cp, e)
			}
			b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: e, Dir: true, Line: tc.In.Line(),
				How: "javac writes the classes beside their sources, below " + e + ", which the class path names: the folder is copied whole"})
		}
	}
	if len(b.Artifacts) == 0 {
		return nil, rewrite.Skipf(prog.In.Line(), "java -cp %s: no javac writes a folder of that class path", cp)
	}
	return javaRuntime(st, p, b, jdk)
}

// javacBeside finds a javac call without -d whose sources lie in the
// class path folder entry or below it: javac writes each class beside
// its source. An error when a javac call's sources cannot be told
// (@argfiles, -sourcepath, a variable).
func javacBeside(steps []rewrite.ToolCall, entry string) (rewrite.ToolCall, bool, error) {
	for _, tc := range steps {
		args := tc.Call.Args
		if slices.Contains(args, "-d") || slices.Contains(args, "--directory") {
			continue
		}
		var sources []string
		for i := 1; i < len(args); i++ {
			switch a := args[i]; {
			case javacValueOptions.Has(a):
				i++
			case strings.HasPrefix(a, "@") || a == "-sourcepath" || a == "--source-path" || !tc.Call.Known[i]:
				return tc, false, rewrite.Skipf(tc.In.Line(), "javac %s: which sources it compiles, and so where it writes the classes, cannot be told", a)
			case strings.HasSuffix(a, ".java"):
				sources = append(sources, shell.Resolve(tc.Call.Dir, a))
			}
		}
		for _, src := range sources {
			if under(path.Dir(src), entry) {
				return tc, true, nil
			}
		}
	}
	return rewrite.ToolCall{}, false, nil
}

// javacValueOptions are javac's options that take the next word.
var javacValueOptions = rewrite.WordSet(`-cp -classpath --class-path -encoding -source --source -target --target
	--release -processorpath --processor-path -s -h --module-path -p --add-modules --limit-modules -bootclasspath`)

// javaDefaultClassPath is the class path of a java command that gives
// none: the CLASSPATH variable's, or the working folder. Not for a
// source-file program (java Main.java), which the JDK compiles when it
// starts; ok is false when the command runs no main class.
func javaDefaultClassPath(st *rewrite.Stage, prog *rewrite.Program, args []string, dir string) (entries []string, ok bool, err error) {
	main := ""
	for i := 1; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-jar" || a == "-m" || a == "--module" || a == "",
			a == "-cp" || a == "-classpath" || a == "--class-path" || strings.HasPrefix(a, "--class-path="):
			// A class path javaClassPath could not read is not the
			// default one.
			return nil, false, nil
		case strings.HasPrefix(a, "-"):
		default:
			main, i = a, len(args)
		}
	}
	if main == "" || dir == "" {
		return nil, false, nil
	}
	if strings.HasSuffix(main, ".java") {
		return nil, false, rewrite.Skipf(prog.In.Line(), "java %s runs a source file, which the JDK compiles when the program starts: a JRE cannot", main)
	}
	if _, set, _ := st.Final.Get("CLASSPATH"); set {
		return nil, false, nil
	}
	return []string{dir}, true, nil
}

// javaRuntime gives a Java build its JRE: eclipse-temurin's of the
// builder's major version and distribution, and the packages the build
// installed, again.
func javaRuntime(st *rewrite.Stage, p *rewrite.Pass, b *rewrite.Build, jdk javaJDK) (*rewrite.Build, error) {
	img := st.BaseImage
	b.Programs = compiledPrograms(p.Options.Context, ".java")
	facts := javaSourceFacts(p.Options.Context)
	b.ReadAtRunTime = workingFolderReads(st, p.Options.Context, facts.reads)
	if userRuntime(b, p) {
		return b, nil
	}
	if facts.jdk != "" {
		return nil, rewrite.Skipf(b.Steps[0].Line(), "%s, which the JDK has and a JRE leaves out: the runtime would need the builder's JDK", facts.jdk)
	}
	if jdk.pkg != "" {
		return distroJavaRuntime(st, b, jdk)
	}
	major := jdk.major
	b.Runtime = "eclipse-temurin:" + major + "-jre"
	switch {
	case openJ9(img) != "":
		// OpenJ9, not HotSpot: its options (-Xshareclasses, -Xquickstart,
		// -Xtune:virtualized) stop HotSpot at start, and its memory and
		// start-up behaviour is what the image was built for.
		runtime, err := openJ9Runtime(img, major)
		if err != nil {
			return nil, rewrite.Skipf(st.From.Line(), "%v", err)
		}
		b.Runtime = runtime
		b.Why = "a Java " + major + " runtime (JRE, no compiler) of the builder's major version and JVM (" + openJ9(img) + ", OpenJ9)"
	case img.Libc == rewrite.Musl:
		b.Runtime += "-alpine"
	case img.Release != "" && img.Release != temurinDefault:
		b.Runtime += "-" + img.Release // the Ubuntu release the builder's tag names
	}
	if b.Why == "" {
		b.Why = "a Java " + major + " runtime (JRE, no compiler) of the builder's major version"
	}
	// What the build installs with apt or apk besides its build tools
	// (fontconfig for reports, ffmpeg), installed again on the same
	// distribution and release.
	libs, err := st.PackagesFor(rewrite.LookupImage(b.Runtime), "the program")
	if err != nil {
		return nil, err
	}
	b.Libraries = libs
	return b, nil
}

// javaJDK is the JDK a Java build compiles with: its major ("" for
// default-jdk, whose major is the release's), and for a JDK of the
// distribution's packages on the official debian or ubuntu image, the
// package and its JRE's ("" for the Java images' own JDK).
type javaJDK struct {
	pkg, jre, major string
	line            int
	recommends      bool
}

// distroJDK finds the JDK package a stage on the official debian or
// ubuntu image installs (openjdk-17-jdk, openjdk-21-jdk-headless,
// default-jdk); none on other images, or without one.
func distroJDK(st *rewrite.Stage) (javaJDK, error) {
	if !st.BaseKnown || !distroImage(st.BaseImage) {
		return javaJDK{}, nil
	}
	var found javaJDK
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			jre, major, ok := jdkPackage(p)
			// A JDK of another package source by its name too: Adoptium's
			// temurin-17-jdk, Azul's zulu17-jdk.
			fromSource := inst.Source != "" && (ok || strings.Contains(p, "jdk"))
			if !ok && !fromSource {
				continue
			}
			if ok && found.pkg != "" && found.pkg != p {
				return javaJDK{}, rewrite.Skipf(inst.In.Line(), "the build installs two JDKs (%s and %s): which one runs the program cannot be told", found.pkg, p)
			}
			if fromSource {
				return javaJDK{}, rewrite.Skipf(inst.In.Line(), "the build installs %s %s: its JRE would come from package sources the runtime stage lacks", p, inst.Source)
			}
			found = javaJDK{pkg: p, jre: jre, major: major, line: inst.In.Line(), recommends: inst.Recommends}
		}
	}
	return found, nil
}

// jdkPackage reads a Debian JDK package's name: the JRE package that
// the JDK depends on, which has all but the compiler and the tools
// (openjdk-17-jdk on openjdk-17-jre, its -headless on the JRE's), and
// the major.
func jdkPackage(p string) (jre, major string, ok bool) {
	if rest, ok := strings.CutPrefix(p, "default-jdk"); ok && (rest == "" || rest == "-headless") {
		return "default-jre" + rest, "", true
	}
	rest, ok := strings.CutPrefix(p, "openjdk-")
	if !ok {
		return "", "", false
	}
	major, kind, _ := strings.Cut(rest, "-")
	if !rewrite.Digits(major) || kind != "jdk" && kind != "jdk-headless" {
		return "", "", false
	}
	return "openjdk-" + major + "-" + strings.Replace(kind, "jdk", "jre", 1), major, true
}

// distroJavaRuntime runs a jar built with the distribution's JDK on the
// same release, with the JRE of the same package: the same Java, the
// same distribution's build of it, and what the build installed besides
// installed again as it is.
func distroJavaRuntime(st *rewrite.Stage, b *rewrite.Build, jdk javaJDK) (*rewrite.Build, error) {
	b.Runtime = rewrite.GlibcRuntime(st.BaseImage)
	b.Why = "the builder's distribution and release, with the JRE of its JDK package (" + jdk.jre + " for " + jdk.pkg + ")"
	runtime := rewrite.LookupImage(b.Runtime)
	b.BuildPackages = append(b.BuildPackages, jdk.pkg)
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			if slices.Contains(javaDistroTools, p) && !slices.Contains(b.BuildPackages, p) {
				b.BuildPackages = append(b.BuildPackages, p)
			}
		}
	}
	libs, err := st.PackagesFor(runtime, "the program", b.BuildPackages...)
	if err != nil {
		return nil, err
	}
	b.Libraries = append([]rewrite.Library{{Dev: jdk.jre, Package: jdk.jre, AsIs: true, Recommends: jdk.recommends, Programs: []string{"java"},
		Why: "the Java runtime of " + jdk.pkg + ", installed on line " + strconv.Itoa(jdk.line) + "; the JDK's compiler and tools stay in the builder"}}, libs...)
	return b, nil
}

// javaDistroTools are the Debian packages of Java's build tools, which
// stay in the builder with the JDK.
var javaDistroTools = []string{"maven", "gradle", "ant"}

// javaModuleOutput tells whether a folder is where a build tool writes the
// jars of a module of the project it builds (api/target of Maven's
// <module>api</module>, api/build/libs of Gradle's include 'api'): the
// output folder's name below the tool's working folder, in a folder the
// build context gives a pom.xml (a build.gradle for Gradle).
func javaModuleOutput(st *rewrite.Stage, ctx *buildctx.Context, o rewrite.Output, dir string) bool {
	suffix := "/target"
	manifests := []string{"pom.xml"}
	if strings.HasSuffix(o.Dir, "/build/libs") {
		suffix, manifests = "/build/libs", []string{"build.gradle", "build.gradle.kts"}
	}
	root := strings.TrimSuffix(o.Dir, suffix)
	module, ok := strings.CutSuffix(dir, suffix)
	if !ok || !strings.HasPrefix(module, strings.TrimSuffix(root, "/")+"/") {
		return false
	}
	for _, m := range manifests {
		if _, ok := contextPathAt(st, ctx, len(st.Body), path.Join(module, m)); ok {
			return true
		}
	}
	return false
}

// openJ9 names the OpenJ9 distribution a builder's JDK is, from the Maven
// images' tags (maven:3-ibm-semeru-17-focal, maven:3.8-ibmjava-8): "IBM
// Semeru" or "IBM Java"; "" for a HotSpot JDK.
func openJ9(img rewrite.Image) string {
	if img.Family != "maven" {
		return ""
	}
	switch words := strings.Split(img.Tag, "-"); {
	case slices.Contains(words, "semeru"):
		return "IBM Semeru"
	case slices.Contains(words, "ibmjava"):
		return "IBM Java"
	}
	return ""
}

// openJ9Runtime is the JRE image of an OpenJ9 builder's own distribution:
// ibm-semeru-runtimes:open-<major>-jre on the Ubuntu release the tag names,
// or ibmjava:8-jre. IBM Java's alpine images are no longer published.
func openJ9Runtime(img rewrite.Image, major string) (string, error) {
	if img.Libc == rewrite.Musl {
		return "", fmt.Errorf("%s builds with IBM Java on alpine, whose JRE images are no longer published (give --runtime-image)", img.Ref)
	}
	if openJ9(img) == "IBM Java" {
		return "ibmjava:" + major + "-jre", nil
	}
	runtime := "ibm-semeru-runtimes:open-" + major + "-jre"
	for _, w := range strings.Split(img.Tag, "-") {
		if ubuntuReleases.Has(w) {
			runtime += "-" + w
		}
	}
	return runtime, nil
}

// ubuntuReleases are the Ubuntu code names the Java images' tags carry.
var ubuntuReleases = rewrite.WordSet(`bionic focal jammy noble resolute`)

// temurinDefault is the release of the eclipse-temurin images whose tag
// names none (17-jdk, 17-jre, and the Maven and Gradle images built on
// them): the Ubuntu LTS those tags follow together, whichever it is.
const temurinDefault = "temurin-ubuntu"

// temurinRelease is the Ubuntu release of an image built on
// eclipse-temurin's Ubuntu images: the one its tag names (jammy, noble),
// temurinDefault for none; "" for the others (alpine, UBI, Windows,
// Amazon Linux, the openjdk images' Oracle Linux and Debian).
func temurinRelease(img rewrite.Image) string {
	words := strings.Split(img.Tag, "-")
	temurin := false
	switch img.Family {
	case "eclipse-temurin":
		temurin = img.Tag != "" && img.Tag != "latest"
	case "maven":
		temurin = strings.Contains(img.Tag, "eclipse-temurin")
	case "gradle":
		temurin = slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, "jdk") })
	}
	release := temurinDefault
	for _, w := range words {
		switch w {
		case "alpine", "ubi", "ubi8", "ubi9", "ubi9-minimal", "minimal", "windowsservercore", "nanoserver", "corretto", "graal", "centos":
			return ""
		case "focal", "jammy", "noble":
			release = w
		}
	}
	if !temurin {
		return ""
	}
	return release
}

// copiedJar finds the cp, mv or install that puts a jar from a build
// tool's output folder where java -jar runs it (`mvn package && cp
// target/*.jar /app.jar`); nil when none does.
func copiedJar(st *rewrite.Stage, jar string, outs []rewrite.Output) (*rewrite.Artifact, error) {
	for _, tool := range []string{"cp", "mv", "install"} {
		calls, err := st.CallsOf(tool)
		if err != nil {
			return nil, err
		}
		for _, tc := range calls {
			srcs, dest, into, ok := copyArgs(tc.Call)
			if !ok || len(srcs) != 1 || !strings.HasSuffix(srcs[0], ".jar") {
				continue
			}
			src := srcs[0]
			if into {
				dest = path.Join(dest, path.Base(src))
			}
			if dest != jar {
				continue
			}
			for _, o := range outs {
				if path.Dir(src) == o.Dir {
					return &rewrite.Artifact{Path: jar, Line: tc.In.Line(), How: tool + " puts the jar " + o.What + " wrote to " + o.Dir + " there"}, nil
				}
			}
		}
	}
	return nil, nil
}

// jarFile is the archive `jar` creates: -f FILE, --file=FILE, or the
// file after a bundled option such as cvf; "" when it creates none.
func jarFile(args []string) string {
	create := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--create":
			create = true
		case strings.HasPrefix(a, "--file="):
			if create {
				return strings.TrimPrefix(a, "--file=")
			}
		case (a == "--file" || a == "-f") && i+1 < len(args):
			if create {
				return args[i+1]
			}
		case i == 1 && strings.Contains(strings.TrimPrefix(a, "-"), "c") && strings.Contains(a, "f") && !strings.HasPrefix(a, "--"):
			// The classic bundled form (jar cvfe FILE MAIN ...): f, e and m
			// each take the next argument, in the order they are written.
			next := i + 1
			for _, r := range strings.TrimPrefix(a, "-") {
				switch r {
				case 'f':
					if next < len(args) {
						return args[next]
					}
				case 'e', 'm':
					next++
				}
			}
		}
	}
	return ""
}

// javaJar finds the jar the container runs: `java ... -jar FILE`, of the
// command line or of the build context's script it runs (ctx, nil when
// it cannot be seen).
func javaJar(st *rewrite.Stage, prog *rewrite.Program, ctx *buildctx.Context) (string, error) {
	args, dir, script, err := javaCall(st, prog, ctx)
	if err != nil {
		return "", err
	}
	for i := 1; i+1 < len(args); i++ {
		if args[i] == "-jar" {
			jar := args[i+1]
			// A shell's pattern in the file name alone (target/*.jar)
			// expands among the jars the build writes to that folder.
			glob := script && !strings.ContainsAny(path.Dir(jar), "*?[") && !strings.ContainsAny(path.Base(jar), "?[") && strings.Contains(path.Base(jar), "*")
			if jar == "" || strings.ContainsAny(jar, "*?[$") && !glob {
				return "", rewrite.Skipf(prog.In.Line(), "the jar's name is a pattern or variable: which one runs cannot be known")
			}
			if dir == "" && !path.IsAbs(jar) {
				return "", rewrite.Skipf(prog.In.Line(), "the working folder cannot be known")
			}
			return shell.Resolve(dir, jar), nil
		}
	}
	return "", rewrite.Skipf(prog.In.Line(), "%s runs java without -jar: the class path cannot be known", strings.ToUpper(prog.In.Name()))
}

// javaCall is the java command line the container runs: CMD's own, or
// the one java call of its shell script or of a script it runs, with the
// folder it runs in; script tells it came from a shell.
func javaCall(st *rewrite.Stage, prog *rewrite.Program, ctx *buildctx.Context) (args []string, dir string, script bool, err error) {
	args = commandWords(st, prog)
	if why := buildsAtStart(args); why != "" {
		return nil, "", false, rewrite.Skipf(prog.In.Line(), "%s %s again when the container starts, with the toolchain the runtime stage would lack (run the jar with java -jar)", strings.ToUpper(prog.In.Name()), why)
	}
	line, _ := prog.In.CommandLine()
	_, script = shellScript(line)
	calls := commandCalls(st, prog, ctx)
	script = script || slices.ContainsFunc(calls, func(c containerCall) bool { return c.inScript })
	dir = st.Final.Workdir
	if script {
		// sh -c "java $JAVA_OPTS -jar app.jar", the shell form, or
		// ./run.sh: the one java the script runs, in the folder it
		// runs in.
		args = nil
		for _, c := range calls {
			if len(c.words) == 0 || path.Base(c.words[0]) != "java" {
				continue
			}
			if args != nil {
				return nil, "", false, rewrite.Skipf(prog.In.Line(), "%s runs java more than once: which jar is the program cannot be told", strings.ToUpper(prog.In.Name()))
			}
			args, dir = c.words, c.dir
		}
	}
	if len(args) == 0 || path.Base(args[0]) != "java" {
		return nil, "", false, rewrite.Skipf(prog.In.Line(), "%s does not run java -jar: which files the program needs cannot be known", strings.ToUpper(prog.In.Name()))
	}
	return args, dir, script, nil
}

// javaClassPath is the class path a java command line names (-cp,
// -classpath, --class-path), its entries resolved in dir; ok is false
// for a command line that names none or runs a jar, or an entry that
// cannot be known.
func javaClassPath(args []string, dir string) (entries []string, ok bool) {
	value := ""
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-jar" || a == "":
			return nil, false
		case (a == "-cp" || a == "-classpath" || a == "--class-path") && i+1 < len(args):
			value = args[i+1]
			i++
		case strings.HasPrefix(a, "--class-path="):
			value = strings.TrimPrefix(a, "--class-path=")
		case !strings.HasPrefix(a, "-"):
			// The main class: the rest are its arguments.
			i = len(args)
		}
	}
	if value == "" || dir == "" || strings.Contains(value, "$") {
		return nil, false
	}
	for _, e := range strings.Split(value, ":") {
		entries = append(entries, shell.Resolve(dir, e))
	}
	return entries, true
}

// javacOutputs are the build's javac calls, and the folders those with
// -d write classes to.
func javacOutputs(st *rewrite.Stage) ([]rewrite.ToolCall, []rewrite.Output, error) {
	calls, err := st.CallsOf("javac")
	if err != nil {
		return nil, nil, err
	}
	steps := calls // all of them: one without -d writes beside the sources
	var outs []rewrite.Output
	for _, tc := range calls {
		dirs := javacDirs(tc)
		if len(dirs) > 0 {
			if err := tc.Decidable(); err != nil {
				return nil, nil, err
			}
		}
		outs = append(outs, dirs...)
	}
	return steps, outs, nil
}

// javacDirs are the folders a javac call's -d options write classes to.
func javacDirs(tc rewrite.ToolCall) []rewrite.Output {
	var outs []rewrite.Output
	args := tc.Call.Args
	for i := 1; i+1 < len(args); i++ {
		if args[i] == "-d" || args[i] == "--directory" {
			outs = append(outs, rewrite.Output{Dir: shell.Resolve(tc.Call.Dir, args[i+1]), Line: tc.In.Line(), What: "javac -d"})
		}
	}
	return outs
}

// javaMajor reads the JDK's major version from a builder tag, in every
// form the official images write it: eclipse-temurin:17-jdk,
// openjdk:17-slim, openjdk:8u342-jdk, amazoncorretto:21, and the Maven and
// Gradle images that name their JDK: maven:3.9-eclipse-temurin-21,
// maven:3.8-openjdk-17-slim, maven:3.6-jdk-11, maven:3.9-amazoncorretto-17,
// maven:3.8-ibmjava-8, maven:3-sapmachine-17, gradle:8.5-jdk17, and
// maven:3.5.4-alpine, whose JDK was 8. "" when
// the tag does not say (untagged, latest, maven:3.9).
func javaMajor(img rewrite.Image) string {
	tag := img.Tag
	switch img.Family {
	case "eclipse-temurin", "openjdk", "amazoncorretto":
		major, _, _ := strings.Cut(tag, "-")
		major, _, _ = strings.Cut(major, ".")
		major, _, _ = strings.Cut(major, "u") // 8u392
		if rewrite.Digits(major) {
			return major
		}
	case "maven", "gradle":
		// The Maven images' alpine variant was the openjdk:8-jdk-alpine
		// one (maven:3.5.4-alpine was 3.5.4-jdk-8-alpine, 3.6-alpine
		// 3.6.1-jdk-8-alpine) until the openjdk images were retired.
		version, ok := strings.CutSuffix(tag, "-alpine")
		if img.Family == "maven" && (tag == "alpine" || ok && rewrite.Digits(strings.ReplaceAll(version, ".", ""))) {
			return "8"
		}
		parts := strings.Split(tag, "-")
		for i, part := range parts {
			if v, ok := strings.CutPrefix(part, "jdk"); ok && rewrite.Digits(v) {
				return v // gradle:8.5-jdk17
			}
			if i > 0 && rewrite.Digits(part) && jdkVendors.Has(parts[i-1]) {
				return part // maven:3.9-eclipse-temurin-21, maven:3.6-jdk-11
			}
		}
	}
	return ""
}

// temurinJREs are the Java majors eclipse-temurin publishes JRE images
// of (Adoptium's releases from 8 on, but 9, 10 and 12 to 15, which it
// never built). A new major's images come weeks after its GA: 27's
// (GA 2026-09-15) were on Docker Hub by October 2026.
var temurinJREs = rewrite.WordSet(`8 11 16 17 18 19 20 21 22 23 24 25 26 27`)

// jdkVendors are the words before the JDK's major version in the Maven
// images' tags.
var jdkVendors = rewrite.WordSet(`temurin openjdk jdk amazoncorretto ibmjava sapmachine semeru`)

func init() {
	var images []rewrite.ImageFamily
	// The OpenJ9 JREs are runtimes only: a build in them is not rewritten.
	for _, repo := range append(Java.Families, "ibm-semeru-runtimes", "ibmjava") {
		images = append(images, rewrite.ImageFamily{Repo: repo, Describe: describeJava})
	}
	register(Java, images...)
}

// describeJava is what the Java images (JDK, JRE, Maven, Gradle) hold:
// java on PATH, JAVA_HOME, Ubuntu's glibc or alpine's musl.
func describeJava(img *rewrite.Image) {
	img.Known, img.Shell, img.CACerts, img.Libc = true, true, true, rewrite.Glibc
	if strings.Contains(img.Tag, "alpine") {
		img.Libc = rewrite.Musl
	}
	img.Release = temurinRelease(*img)
	img.Env["JAVA_HOME"] = "/opt/java/openjdk"
	switch {
	case img.Family == "ibmjava":
		img.Env["JAVA_HOME"] = "/opt/ibm/java/jre" // the JRE's; the SDK's is /opt/ibm/java
		img.Env["PATH"] = "/opt/ibm/java/jre/bin:" + rewrite.DefaultPath
	case openJ9(*img) == "IBM Java":
		img.Env["JAVA_HOME"] = "/opt/ibm/java"
	}
	// Ubuntu's programs (eclipse-temurin's base, and so Maven's and
	// Gradle's), which Debian's images of openjdk have too; busybox's on
	// alpine.
	img.Programs = rewrite.UbuntuPrograms.With("java")
	if img.Libc == rewrite.Musl {
		img.Programs = rewrite.BusyboxPrograms.With("java")
	}
	switch img.Family {
	case "eclipse-temurin":
		img.Programs = img.Programs.With("curl wget") // installed in the JDK and JRE images alike
		// ENV PATH $JAVA_HOME/bin:$PATH: a script's "$JAVA_HOME/bin/java" is the java on PATH.
		img.Env["PATH"] = "/opt/java/openjdk/bin:" + rewrite.DefaultPath
	case "maven":
		img.Programs = img.Programs.With("curl git") // the maven images install them
		img.Toolchain = "mvn mvnDebug"
	case "gradle":
		// On eclipse-temurin, with the version control programs a build
		// may fetch with (gradle/docker-gradle's Dockerfiles).
		img.Programs = img.Programs.With("curl wget unzip git git-lfs hg svn bzr ssh scp")
		img.Toolchain = "gradle"
	}
	if !strings.Contains(img.Tag, "jre") {
		img.Toolchain = img.Toolchain.With(jdkPrograms)
	}
}

// jdkPrograms are the JDK's commands that its JRE leaves out: a program
// that compiles code at run time (an online judge runs javac) or inspects
// a JVM (jcmd, jstack) needs the JDK.
const jdkPrograms = `javac jar jarsigner javadoc javap jdeps jlink jmod jimage jpackage jshell jdb jcmd jstack jmap jinfo jps jstat jstatd jhsdb jconsole serialver`

// javaSkipDirs are what builds wrote, and the Node dependencies of a
// frontend beside the project.
var javaSkipDirs = rewrite.WordSet(`node_modules target build`)

// manifestClassPath finds a build file that writes a Class-Path into the
// jar's manifest (maven-jar-plugin's addClasspath, a Gradle manifest
// attribute): java -jar then loads the jars it names, from beside the
// jar (target/lib/ and the like), which copying the jar alone drops.
func manifestClassPath(ctx *buildctx.Context) (file, why string) {
	if ctx == nil {
		return "", ""
	}
	buildFile := func(base string) bool {
		return base == "pom.xml" || base == "build.gradle" || base == "build.gradle.kts"
	}
	walkFiles(ctx, javaSkipDirs, buildFile, func(p string) error {
		src, _ := ctx.ReadFile(p)
		switch {
		case bytes.Contains(src, []byte("<addClasspath>true")):
			file, why = p, "sets maven-jar-plugin's addClasspath"
		case bytes.Contains(src, []byte("Class-Path")):
			file, why = p, "writes a Class-Path into the jar's manifest"
		default:
			return nil
		}
		return fs.SkipAll
	})
	return file, why
}

// javaFactsKey memoizes javaSourceFacts in its context.
type javaFactsKey struct{}

// javaFacts are what the Java and Kotlin sources of a context say the
// program needs besides its jar.
type javaFacts struct {
	// reads are the folders below src/, and the build files, that the
	// sources open by a path relative to the working folder (new
	// File("src/main/resources/input.txt"), common in course projects; a
	// bot reading its version from pom.xml): in the original image the
	// project is there, and the jar's copy of a resource is not what such
	// code reads. Each with why; nil for none.
	reads map[string]string
	// jdk says which source uses what only the JDK has (its compiler,
	// JShell): "" for none.
	jdk string
	// resourceFile says which source opens a class path resource as a
	// file (getResource(...).getFile(), ResourceUtils.getFile): that
	// works where the classes are a folder (mvn spring-boot:run, gradle
	// bootRun) and fails inside a jar. "" for none.
	resourceFile string
}

// javaSourcePath finds a string literal naming a path below src/ in a
// Java or Kotlin source ("src/main/resources/data.json",
// "./src/main/webapp/", "file:src/main/resources/app.yml"), or the build
// file (new FileReader("pom.xml"), for the project's version).
var javaSourcePath = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`"(?:file:)?(?:\./)?(src/[^"\\\s]*|pom\.xml|build\.gradle(?:\.kts)?|gradle\.properties)"`)
})

// jdkOnly are uses of the JDK's own modules, which the JRE images leave
// out: ToolProvider.getSystemJavaCompiler() returns null there (online
// judges, code runners), and jdk.jshell and javac's API are missing.
var jdkOnly = []struct{ use, what string }{
	{"getSystemJavaCompiler", "calls ToolProvider.getSystemJavaCompiler, the JDK's compiler"},
	{"com.sun.tools.javac", "uses javac's API (com.sun.tools.javac)"},
	{"jdk.jshell", "uses JShell (jdk.jshell)"},
}

func javaSourceFacts(ctx *buildctx.Context) javaFacts {
	if ctx == nil {
		return javaFacts{}
	}
	return ctx.Memo(javaFactsKey{}, func() any {
		var f javaFacts
		walkSources(ctx, []string{".java", ".kt"}, func(p, src string) {
			for _, j := range jdkOnly {
				if f.jdk == "" && strings.Contains(src, j.use) {
					f.jdk = p + " " + j.what
				}
			}
			// Tests run from the compiled classes in both: only the
			// program's own sources count.
			if f.resourceFile == "" && strings.Contains(src, "Resource") && !strings.Contains("/"+p, "/src/test/") {
				if m := javaResourceFile().FindString(src); m != "" {
					f.resourceFile = p + " opens a class path resource as a file (" + strings.Join(strings.Fields(m), " ") + ")"
				} else if strings.Contains(src, ".getFile()") && (strings.Contains(src, "ClassPathResource") || strings.Contains(src, `"classpath:`)) {
					f.resourceFile = p + " opens a class path resource as a file (a Spring Resource's getFile())"
				}
			}
			if !strings.Contains(src, "src/") && !strings.Contains(src, "pom.xml") && !strings.Contains(src, "gradle") {
				return
			}
			for _, m := range javaSourcePath().FindAllStringSubmatch(src, -1) {
				root := javaReadRoot(m[1])
				if _, ok := f.reads[root]; !ok {
					if f.reads == nil {
						f.reads = map[string]string{}
					}
					f.reads[root] = p + " opens " + m[1] + " from the working folder, not from the class path"
				}
			}
		})
		return f
	}).(javaFacts)
}

// javaResourceFile matches a class path resource opened as a file:
// getResource(...) followed by getFile(), getPath() or toURI() (Kotlin's
// .file and .path too), or Spring's ResourceUtils.getFile.
var javaResourceFile = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`ResourceUtils\s*\.\s*getFile\s*\(|getResource\s*\((?:[^()]|\([^()]*\))*\)\s*[?!]*\.\s*(?:getFile|getPath|toURI|file|path)\b`)
})

// workingFolderReads are the context paths of what a program opens by
// paths relative to its working folder (the final WORKDIR): a module's
// src/main/resources when WORKDIR is the module's folder. A path no COPY
// puts there is taken from the context's root.
func workingFolderReads(st *rewrite.Stage, ctx *buildctx.Context, reads map[string]string) map[string]string {
	if len(reads) == 0 {
		return nil
	}
	out := make(map[string]string, len(reads))
	for p, why := range reads {
		if src, ok := contextPathAt(st, ctx, len(st.Body), path.Join(st.Final.Workdir, p)); ok && st.Final.Workdir != "" {
			p = src
		}
		out[p] = why
	}
	return out
}

// javaReadRoot is the folder a path below src/ is carried with: the
// whole source set's folder (src/main/resources), where the code may
// also write or list; else the path's own folder.
func javaReadRoot(p string) string {
	parts := strings.Split(strings.TrimSuffix(p, "/"), "/")
	if len(parts) >= 3 && parts[1] == "main" {
		return strings.Join(parts[:3], "/")
	}
	if len(parts) >= 2 && path.Ext(parts[len(parts)-1]) != "" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, "/")
}
