package transforms

import (
	"cmp"
	"encoding/xml"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// bootRun is CMD ["mvn", "spring-boot:run"] (or ./mvnw, gradle bootRun,
// ./gradlew bootRun) read as what it does when the container starts: the
// build tool compiles the project and the Spring Boot plugin starts the
// application from the compiled classes and the dependencies, in the
// project's folder. The jar the plugin makes of the same classes and
// dependencies (Maven's repackage goal, Gradle's bootJar task) starts the
// same application with java -jar, which a JRE can run: the runtime stage
// runs that jar, made by the file's own package or build step or by one
// the rewrite adds.
type bootRun struct {
	in    *dockerfile.Instruction
	shell bool
	what  string                  // "CMD mvn spring-boot:run"
	kind  string                  // CMD or ENTRYPOINT
	run   string                  // "mvn spring-boot:run"
	tool  string                  // Maven or Gradle
	out   string                  // the jar, or the application's installed distribution
	exe   []string                // the command that starts it, before args
	args  []string                // the application's arguments (gradle bootRun --args=...)
	step  *dockerfile.Instruction // the build step that makes the jar
	tail  string                  // the build step the rewrite adds, when the file has none
	task  string                  // the goal or task that makes the jar, for the notes
}

// startsBootRun tells whether the container's command runs the Spring
// Boot plugin's run goal or task, or Gradle's application plugin's run
// (readBootRun reads it).
func startsBootRun(st *rewrite.Stage) bool {
	prog := st.Program()
	if prog == nil {
		return false
	}
	words := commandWords(st, prog)
	switch path.Base(prog.Name) {
	case "mvn", "mvnw":
		return slices.Contains(words, "spring-boot:run")
	case "gradle", "gradlew":
		return slices.Contains(words, "bootRun") || slices.Contains(words, "run")
	}
	return false
}

// readBootRun reads the container's mvn spring-boot:run or gradle
// bootRun; nil when the container does not start with one.
func readBootRun(st *rewrite.Stage, p *rewrite.Pass, steps []rewrite.ToolCall, major string) (*bootRun, error) {
	prog := st.Program()
	if prog == nil {
		return nil, nil
	}
	tool := path.Base(prog.Name)
	maven := tool == "mvn" || tool == "mvnw"
	goal, quiet := "bootRun", gradleQuietOptions
	switch {
	case maven:
		goal, quiet = "spring-boot:run", mavenQuietOptions
	case tool != "gradle" && tool != "gradlew":
		return nil, nil
	}
	words, err := literalCommand(st, prog, tool+" "+goal)
	if err != nil {
		return nil, err
	}
	var goals, options []string
	for _, w := range words[1:] {
		if strings.HasPrefix(w, "-") {
			options = append(options, w)
		} else {
			goals = append(goals, w)
		}
	}
	if len(goals) == 2 && goals[0] == "clean" {
		// mvn clean spring-boot:run: the output made anew, as the added
		// build step or the file's own makes it.
		goals = goals[1:]
	}
	if !maven && slices.Equal(goals, []string{"run"}) {
		goal = "run" // the application plugin's
	}
	if !slices.Equal(goals, []string{goal}) {
		return nil, nil
	}
	kind := strings.ToUpper(prog.In.Name())
	r := &bootRun{in: prog.In, what: kind + " " + tool + " " + goal, kind: kind, run: tool + " " + goal, tool: "Gradle"}
	if maven {
		r.tool = "Maven"
	}
	line, _ := prog.In.CommandLine()
	r.shell = line.PrependShell
	if cmdFollows(st, prog) {
		return nil, rewrite.Skipf(prog.In.Line(), "ENTRYPOINT runs %s %s with CMD's words after it, which %s takes as tasks or options", tool, goal, tool)
	}
	var kept []string // the options the added build step repeats
	for _, o := range options {
		switch v, ok := strings.CutPrefix(o, "--args="); {
		case o == "-o" || o == "--offline":
			// Not repeated in the added build step: the image build may
			// reach the network for what packaging needs beyond the run.
		case quiet.Has(o):
			kept = append(kept, o)
		case !maven && ok && v != "" && !strings.ContainsAny(v, " \t'\"\\"):
			// bootRun --args=--spring.profiles.active=docker: one word.
			r.args = []string{v}
		default:
			// -Dspring-boot.run.profiles=..., -P, -f, -pl, -p: each
			// changes what is built or how the application starts.
			return nil, rewrite.Skipf(prog.In.Line(), "%s %s: what it builds and starts with it is not known to msrewrite", r.what, o)
		}
	}
	dir := st.Final.Workdir
	ctx := p.Options.Context
	switch {
	case dir == "" || dir == "/":
		return nil, rewrite.Skipf(prog.In.Line(), "%s: the project's folder (the working folder) cannot be known, or is /", r.what)
	case ctx == nil:
		return nil, rewrite.Skipf(prog.In.Line(), "%s: the jar it stands for is named by the project's build files in the build context (pass --context)", r.what)
	}
	var why string
	packages, task := mavenPackages, "bootJar"
	switch {
	case maven:
		r.out, why = mavenBootJar(st, ctx, dir)
		r.task = "the Spring Boot plugin's repackage goal"
	case goal == "run":
		r.out, why = gradleAppDist(st, ctx, dir, major)
		r.exe = []string{path.Join(r.out, "bin", path.Base(r.out))}
		r.task, packages, task = "the application plugin's installDist task", gradleInstalls, "installDist"
	default:
		r.out, why = gradleBootJar(st, ctx, dir, major)
		r.task, packages = "the Spring Boot plugin's bootJar task", gradleAssembles
	}
	if r.exe == nil {
		r.exe = []string{"java", "-jar", r.out}
	}
	if why != "" {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: %s", r.what, why)
	}
	if f := javaSourceFacts(ctx).resourceFile; f != "" {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: %s, which works from the compiled classes %s starts and fails inside a jar", r.what, f, r.run)
	}
	for _, tc := range steps {
		if packages(tc, dir) && lastChange(st, tc.In) {
			r.step = tc.In
		}
	}
	if r.step == nil {
		// spring-boot:run compiles the tests without running them; so
		// does package with -DskipTests, which also makes the jar.
		// bootRun compiles the main classes, as bootJar does.
		build := append([]string{prog.Name}, kept...)
		build = append(build, task)
		if maven {
			build = append(build[:len(build)-1], "-DskipTests", "package")
		}
		run, word, ok := shell.Join(build)
		if !ok {
			return nil, rewrite.Skipf(prog.In.Line(), "%s: %q cannot be written in a RUN", r.what, word)
		}
		r.step, r.tail = prog.In, run
	}
	return r, nil
}

// mavenBootJar is the jar of the pom.xml the build context brings to dir;
// why says why it is not known or does not stand for spring-boot:run.
func mavenBootJar(st *rewrite.Stage, ctx *buildctx.Context, dir string) (jar, why string) {
	if _, set, _ := st.Final.Get("MAVEN_ARGS"); set {
		return "", "MAVEN_ARGS gives Maven more goals or options"
	}
	src, ok := contextPathAt(st, ctx, len(st.Body), path.Join(dir, "pom.xml"))
	if !ok {
		return "", "no pom.xml the build context brings to " + dir + " is known"
	}
	if data, err := ctx.ReadFile(path.Join(path.Dir(src), ".mvn/maven.config")); err == nil && strings.TrimSpace(string(data)) != "" {
		return "", ".mvn/maven.config gives Maven options of its own"
	}
	data, err := ctx.ReadFile(src)
	if err != nil {
		return "", src + " cannot be read: " + err.Error()
	}
	name, why := bootJar(src, data)
	return path.Join(dir, "target", name), why
}

// mavenQuietOptions are Maven's options that change only what it prints
// or whether it reaches the network, not what it builds.
var mavenQuietOptions = rewrite.WordSet(`-B --batch-mode -e --errors -q --quiet -ntp --no-transfer-progress -o --offline
	-U --update-snapshots -X --debug -V --show-version`)

// gradleQuietOptions are Gradle's options that change only what it prints,
// where it runs (the daemon) or whether it reaches the network.
var gradleQuietOptions = rewrite.WordSet(`--no-daemon --daemon -q --quiet -i --info -d --debug -w --warn -s --stacktrace
	-S --full-stacktrace --console=plain --console=auto --console=rich --console=verbose --offline
	--warning-mode=all --warning-mode=fail --warning-mode=none --warning-mode=summary --build-cache --no-build-cache
	--parallel --no-parallel --refresh-dependencies`)

// mavenPackages tells whether a mvn call packages the project in dir as
// it is: a lifecycle phase from package on, no module, file, profile or
// property (but skipping the tests), and no clean after it.
func mavenPackages(tc rewrite.ToolCall, dir string) bool {
	if tc.Decidable() != nil || tc.Call.Dir != dir {
		return false
	}
	packaged := false
	for _, a := range tc.Call.Args[1:] {
		switch {
		case a == "package" || a == "install" || a == "verify" || a == "deploy":
			packaged = true
		case a == "clean" && !packaged, a == "dependency:go-offline", a == "dependency:resolve":
		case a == "-DskipTests" || a == "-DskipTests=true" || a == "-Dmaven.test.skip=true" || mavenQuietOptions.Has(a):
		default:
			return false
		}
	}
	return packaged
}

// gradleAssembles tells whether a gradle call runs the bootJar task of
// the project in dir: build, assemble or bootJar.
func gradleAssembles(tc rewrite.ToolCall, dir string) bool {
	return gradleMakes(tc, dir, "build", "assemble", "bootJar")
}

// gradleInstalls tells whether a gradle call runs the installDist task
// of the project in dir.
func gradleInstalls(tc rewrite.ToolCall, dir string) bool { return gradleMakes(tc, dir, "installDist") }

// gradleMakes tells whether a gradle call in dir runs one of the tasks,
// with tests left out (-x test) or not, other tasks that only build
// (build, assemble), and no clean after them.
func gradleMakes(tc rewrite.ToolCall, dir string, tasks ...string) bool {
	if tc.Decidable() != nil || tc.Call.Dir != dir {
		return false
	}
	made := false
	args := tc.Call.Args
	for i := 1; i < len(args); i++ {
		switch a := args[i]; {
		case slices.Contains(tasks, a):
			made = true
		case a == "clean" && !made, a == "build" || a == "assemble", gradleQuietOptions.Has(a):
		case (a == "-x" || a == "--exclude-task") && i+1 < len(args):
			i++
		default:
			return false
		}
	}
	return made
}

// apply puts the run's build into b: the build step, the jar as the
// artifact, the command that runs it.
func (r *bootRun) apply(st *rewrite.Stage, b *rewrite.Build) {
	what := "the jar of the same classes and dependencies with java -jar"
	if r.exe[0] != "java" {
		what = "the start script of the application's distribution, which runs java with the same classes and dependencies"
	}
	how := r.task + " makes " + r.out + " of the classes and dependencies " + r.run + " starts"
	if r.tail != "" {
		b.Tail = []string{st.Doc.Keyword("RUN") + " " + r.tail}
		// target/ or build/: what the added step writes beside the jar.
		out := path.Dir(r.out)
		if path.Base(out) == "libs" || path.Base(out) == "install" {
			out = path.Dir(out)
		}
		b.BuildOutputs = append(b.BuildOutputs, out)
		how = r.tail + ", added at the end of the builder for the compile " + r.run + " made when the container started, writes " + r.out + " (" + r.task + ")"
	}
	b.Steps = []*dockerfile.Instruction{r.step}
	b.Artifacts = []rewrite.Artifact{{Path: r.out, Dir: r.exe[0] != "java", Line: r.step.Line(), How: how}}
	b.Command = &rewrite.Command{In: r.in, Args: append(slices.Clone(r.exe), r.args...), Shell: r.shell,
		Why: r.run + " compiles with " + r.tool + " and the JDK when the container starts, which the runtime image lacks: " + r.kind + " runs " + what + ", in the same working folder"}
}

// pomProject is what bootJar reads of a pom.xml.
type pomProject struct {
	Parent struct {
		GroupID    string `xml:"groupId"`
		ArtifactID string `xml:"artifactId"`
		Version    string `xml:"version"`
	} `xml:"parent"`
	ArtifactID string   `xml:"artifactId"`
	Version    string   `xml:"version"`
	Packaging  string   `xml:"packaging"`
	Modules    []string `xml:"modules>module"`
	Profiles   []struct {
		ID string `xml:"id"`
	} `xml:"profiles>profile"`
	Properties struct {
		Entries []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:",any"`
	} `xml:"properties"`
	Dependencies []struct {
		ArtifactID string `xml:"artifactId"`
		Scope      string `xml:"scope"`
	} `xml:"dependencies>dependency"`
	Build struct {
		FinalName string `xml:"finalName"`
		Plugins   []struct {
			ArtifactID    string    `xml:"artifactId"`
			Configuration pomConfig `xml:"configuration"`
			Executions    []struct {
				Phase         string    `xml:"phase"`
				Goals         []string  `xml:"goals>goal"`
				Configuration pomConfig `xml:"configuration"`
			} `xml:"executions>execution"`
		} `xml:"plugins>plugin"`
	} `xml:"build"`
}

// pomConfig is a plugin's or an execution's <configuration>: the names
// of its settings.
type pomConfig struct {
	Elements []struct{ XMLName xml.Name } `xml:",any"`
}

// unshared is the first setting that is not one of bootPluginSettings,
// "" for none.
func (c pomConfig) unshared() string {
	for _, e := range c.Elements {
		if !bootPluginSettings.Has(e.XMLName.Local) {
			return e.XMLName.Local
		}
	}
	return ""
}

// bootPluginSettings are the Spring Boot plugin's settings that the run
// and repackage goals share, or that only name the image: with any other
// (jvmArguments, profiles, arguments, workingDirectory, classifier,
// layout, skip, ...) the jar and the run differ.
var bootPluginSettings = rewrite.WordSet(`mainClass excludes excludeGroupIds excludeArtifactIds includes image layers`)

// bootDevOnly are the dependencies the repackaged jar leaves out and
// spring-boot:run puts on the class path: the two start differently.
var bootDevOnly = map[string]string{
	"spring-boot-devtools":       "brings restarts, LiveReload and development defaults such as the H2 console",
	"spring-boot-docker-compose": "runs docker compose up at start",
	"spring-boot-testcontainers": "starts containers at start",
}

// mavenRunPhases are the lifecycle phases spring-boot:run builds before it
// starts the program (it forks the lifecycle up to test-compile).
var mavenRunPhases = rewrite.WordSet(`validate initialize generate-sources process-sources generate-resources
	process-resources compile process-classes generate-test-sources process-test-sources
	generate-test-resources process-test-resources test-compile`)

// mavenQuietPlugins are plugins whose executions the added package may run
// without changing the jar or reaching out: goals that default to an
// early phase (git-commit-id's revision, build-helper's sources,
// enforcer's rules, flatten, openapi-generator's sources), test and
// coverage reports (surefire, failsafe, jacoco), and a sources jar,
// another file.
var mavenQuietPlugins = rewrite.WordSet(`git-commit-id-plugin git-commit-id-maven-plugin build-helper-maven-plugin
	maven-enforcer-plugin flatten-maven-plugin openapi-generator-maven-plugin maven-resources-plugin maven-compiler-plugin
	maven-surefire-plugin maven-failsafe-plugin jacoco-maven-plugin maven-source-plugin`)

// bootCompileOnly are dependencies only the compiler uses (annotation
// processors): whichever class path holds them, the program never loads
// them, so their scope does not matter.
var bootCompileOnly = rewrite.WordSet(`lombok mapstruct-processor spring-boot-configuration-processor`)

// bootJar is the file name of the jar the Spring Boot plugin's repackage
// goal makes of the project (target/<finalName or artifactId-version>.jar);
// why says what keeps it from standing for spring-boot:run.
func bootJar(file string, data []byte) (jar, why string) {
	var pom pomProject
	if err := xml.Unmarshal(data, &pom); err != nil {
		return "", file + " cannot be read as XML: " + err.Error()
	}
	switch {
	case len(pom.Modules) > 0:
		return "", file + " has modules, each of which spring-boot:run may start"
	case len(pom.Profiles) > 0:
		return "", file + " has profiles, which may change the build or the plugin"
	case pom.Packaging != "" && pom.Packaging != "jar":
		return "", file + " packages a " + pom.Packaging + ", not a jar"
	}
	props := map[string]string{}
	for _, e := range pom.Properties.Entries {
		name := e.XMLName.Local
		if strings.HasPrefix(name, "spring-boot.run.") {
			return "", file + " sets " + name + ", which spring-boot:run reads and the jar does not"
		}
		props[name] = strings.TrimSpace(e.Value)
	}
	for _, d := range pom.Dependencies {
		if does := bootDevOnly[d.ArtifactID]; does != "" {
			return "", file + " uses " + d.ArtifactID + ", which spring-boot:run puts on the class path and the jar leaves out: it " + does
		}
		if (d.Scope == "provided" || d.Scope == "system") && !bootCompileOnly.Has(d.ArtifactID) {
			return "", file + " has a " + d.Scope + " dependency (" + d.ArtifactID + "), which spring-boot:run and the jar treat differently"
		}
	}
	repackaged := pom.Parent.ArtifactID == "spring-boot-starter-parent"
	found := false
	for _, pl := range pom.Build.Plugins {
		if pl.ArtifactID != "spring-boot-maven-plugin" {
			// spring-boot:run builds only up to test-compile; the package
			// that makes the jar also runs what is bound after it (a shade
			// that replaces the jar, jib pushing an image).
			for _, ex := range pl.Executions {
				if !mavenRunPhases.Has(ex.Phase) && !mavenQuietPlugins.Has(pl.ArtifactID) {
					return "", file + " runs " + pl.ArtifactID + " in its build at " + cmp.Or(ex.Phase, "its goal's own phase") + ", which the package that makes the jar runs and spring-boot:run does not"
				}
			}
			continue
		}
		found = true
		if e := pl.Configuration.unshared(); e != "" {
			return "", file + " configures the Spring Boot plugin's " + e + ", which the jar and spring-boot:run may not share"
		}
		for _, ex := range pl.Executions {
			repackaged = repackaged || slices.Contains(ex.Goals, "repackage")
			// <classifier>exec</classifier> in the repackage execution:
			// the executable jar is another file.
			if e := ex.Configuration.unshared(); e != "" {
				return "", file + " configures an execution of the Spring Boot plugin with " + e + ", which the jar and spring-boot:run may not share"
			}
		}
	}
	if !found || !repackaged {
		return "", file + " does not run the Spring Boot plugin's repackage goal in its build, so mvn package makes no jar that java -jar starts"
	}
	version := pom.Version
	if version == "" {
		version = pom.Parent.Version
	}
	props["project.artifactId"], props["project.version"] = pom.ArtifactID, version
	props["pom.artifactId"], props["pom.version"] = pom.ArtifactID, version
	name := pom.Build.FinalName
	if name == "" {
		name = "${project.artifactId}-${project.version}"
	}
	for range 3 { // ${revision} may name ${major}.${minor}
		name = mavenProperty().ReplaceAllStringFunc(name, func(ref string) string {
			if v, ok := props[ref[2:len(ref)-1]]; ok {
				return v
			}
			return ref
		})
	}
	if name == "" || strings.ContainsAny(name, "$/{}") || strings.HasPrefix(name, "-") || strings.HasSuffix(name, "-") {
		return "", file + " names its jar with properties msrewrite cannot resolve (" + name + ")"
	}
	return name + ".jar", ""
}

// mavenProperty matches a property reference, ${name}.
var mavenProperty = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{[A-Za-z0-9_.-]+\}`) })

// gradleProject is what gradleBootJar and gradleAppDist read of the
// Gradle project whose build script the build context brings to dir.
type gradleProject struct {
	script, file string // the build script and its context path
	name         string // rootProject.name, or the folder's name
	version      string // "" when unspecified
}

// readGradleProject reads the project in dir for a task that starts it
// (what, "bootRun"): the name from settings.gradle's rootProject.name (the
// folder's name without one), the version from the build script's
// `version = '...'` or gradle.properties. A build script is code: only
// the plain forms Spring Initializr and Gradle's own init write are read,
// and why says what else it does that msrewrite cannot follow: a Java
// toolchain other than the image's major (the task starts the
// toolchain's java), subprojects, a version set otherwise.
func readGradleProject(st *rewrite.Stage, ctx *buildctx.Context, dir, major, what string) (g gradleProject, why string) {
	read := func(name string) (string, string, bool) {
		src, ok := contextPathAt(st, ctx, len(st.Body), path.Join(dir, name))
		if !ok {
			return "", "", false
		}
		data, err := ctx.ReadFile(src)
		return string(data), src, err == nil
	}
	var ok bool
	if g.script, g.file, ok = read("build.gradle"); !ok {
		if g.script, g.file, ok = read("build.gradle.kts"); !ok {
			return g, "no build.gradle the build context brings to " + dir + " is known"
		}
	}
	script, file := g.script, g.file
	if why := g.mentions(gradleUnread, "what is built or what "+what+" starts"); why != "" {
		return g, why
	}
	if strings.Contains(script, "toolchain") {
		// The task starts the toolchain's java, which Gradle may have
		// fetched; the runtime stage's JRE is the image's major.
		m := gradleToolchain().FindStringSubmatch(script)
		if m == nil || m[1] != major || strings.Count(script, "languageVersion") > 1 {
			return g, file + " sets a Java toolchain that is not plainly the image's Java " + major + ": " + what + " starts the toolchain's java"
		}
	}
	g.name = path.Base(dir)
	settings, settingsFile, ok := read("settings.gradle")
	if !ok {
		settings, settingsFile, _ = read("settings.gradle.kts")
	}
	if settings != "" {
		if strings.Contains(settings, "include") {
			return g, settingsFile + " includes subprojects, each of which " + what + " may start"
		}
		if strings.Contains(settings, "rootProject.name") {
			m := gradleRootName().FindStringSubmatch(settings)
			if m == nil {
				return g, settingsFile + " names the project with something other than a plain string"
			}
			g.name = m[1]
		}
	}
	versions := 0
	for _, l := range strings.Split(script, "\n") {
		l = strings.TrimSpace(l)
		if !gradleVersionWord().MatchString(l) || strings.HasPrefix(l, "id") || strings.HasPrefix(l, "kotlin(") || strings.HasPrefix(l, "//") {
			continue // a plugin's version, or a comment
		}
		m := gradleVersion().FindStringSubmatch(l)
		if m == nil {
			return g, file + " sets its version in a way msrewrite does not read: " + l
		}
		g.version, versions = m[1], versions+1
	}
	if versions > 1 {
		return g, file + " sets its version more than once"
	}
	if versions == 0 {
		if props, _, ok := read("gradle.properties"); ok {
			for _, l := range strings.Split(props, "\n") {
				if k, v, found := strings.Cut(l, "="); found && strings.TrimSpace(k) == "version" {
					g.version = strings.TrimSpace(v)
				}
			}
		}
	}
	if strings.ContainsAny(g.version, "$\\") {
		return g, "the project's version is not a plain string: " + g.version
	}
	if g.version == "unspecified" {
		g.version = ""
	}
	return g, ""
}

// mentions says, as the reason to leave the file alone, which of words
// the build script holds first ("" for none): what it changes is changes.
func (g gradleProject) mentions(words []string, changes string) string {
	for _, word := range words {
		if strings.Contains(g.script, word) {
			return g.file + " mentions " + strings.TrimSpace(word) + ", which may change " + changes
		}
	}
	return ""
}

// gradleBootJar is the jar Gradle's bootJar task writes for the project
// in dir: build/libs/<project name>-<version>.jar (the version left out
// when unspecified).
func gradleBootJar(st *rewrite.Stage, ctx *buildctx.Context, dir, major string) (jar, why string) {
	g, why := readGradleProject(st, ctx, dir, major, "bootRun")
	if why != "" {
		return "", why
	}
	if !gradleBootPlugin().MatchString(g.script) {
		return "", g.file + " does not apply the org.springframework.boot plugin, whose bootJar makes the jar"
	}
	if why := g.mentions(gradleBootUnread, "the jar or what bootRun starts"); why != "" {
		return "", why
	}
	name := g.name
	if g.version != "" {
		name += "-" + g.version
	}
	return path.Join(dir, "build/libs", name+".jar"), ""
}

// gradleAppDist is the folder Gradle's installDist task writes the
// application plugin's distribution of the project in dir to:
// build/install/<project name>, whose bin/<project name> starts the main
// class with the jars of lib/, as gradle run does from the compiled
// classes (the same main class and applicationDefaultJvmArgs). The
// script also reads JAVA_OPTS and <NAME>_OPTS, which gradle run does not.
func gradleAppDist(st *rewrite.Stage, ctx *buildctx.Context, dir, major string) (dist, why string) {
	g, why := readGradleProject(st, ctx, dir, major, "gradle run")
	if why != "" {
		return "", why
	}
	if !gradleAppPlugin().MatchString(g.script) {
		return "", g.file + " does not apply the application plugin, whose installDist makes a start script"
	}
	if why := g.mentions(gradleAppUnread, "the distribution or what gradle run starts"); why != "" {
		return "", why
	}
	opts := strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(g.name)) + "_OPTS"
	for _, v := range []string{"JAVA_OPTS", opts} {
		if _, set, _ := st.Final.Get(v); set {
			return "", "the environment sets " + v + ", which the start script passes to java and gradle run does not"
		}
	}
	return path.Join(dir, "build/install", g.name), ""
}

// gradleUnread are what a build script says that makes what it builds
// differ from what readGradleProject reads: the build folder, other
// scripts, other projects.
var gradleUnread = []string{"buildDir", "buildDirectory", "apply from", "subprojects", "allprojects"}

// gradleAppUnread are what a build script says that would make the
// distribution or the run differ: the run task's own settings, the
// application's or the distribution's name, the start scripts, the
// standard input gradle run does not give the program.
var gradleAppUnread = []string{"tasks.run", "run {", `named("run")`, "named('run')", "JavaExec", "applicationName",
	"executableDir", "distribution", "startScripts", "installDist", "standardInput", "mainModule"}

// gradleBootUnread are what a build script says that would make the jar's
// name, its content or the run differ from what gradleBootJar reads:
// settings of the two tasks, the archive's name, development-only
// dependencies (devtools, docker compose), a war.
var gradleBootUnread = []string{"bootJar", "bootRun", "archive", "developmentOnly",
	"spring-boot-devtools", "spring-boot-docker-compose", "spring-boot-testcontainers", "'war'", `"war"`, "war {",
	"providedRuntime", "providedCompile"}

var (
	gradleBootPlugin = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\bid\s*\(?\s*['"]org\.springframework\.boot['"]|apply\s*\(?\s*plugin\s*[:=]\s*['"]org\.springframework\.boot['"]`)
	})
	gradleRootName = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?m)^\s*rootProject\.name\s*=\s*['"]([\w.-]+)['"]\s*$`)
	})
	gradleAppPlugin = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\bid\s*\(?\s*['"]application['"]|(?m)^\s*application\s*$|apply\s*\(?\s*plugin\s*[:=]\s*['"]application['"]`)
	})
	gradleToolchain = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`languageVersion\s*(?:=|\.set\()\s*JavaLanguageVersion\.of\(\s*['"]?(\d+)['"]?\s*\)`)
	})
	gradleVersionWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bversion\b`) })
	gradleVersion     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^version\s*=?\s*['"]([\w.+-]+)['"]$`) })
)
