package transforms

import (
	"encoding/xml"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// bootRun is CMD ["mvn", "spring-boot:run"] (or ./mvnw) read as what it
// does when the container starts: Maven compiles the project (up to
// test-compile) and the Spring Boot plugin starts the application from
// target/classes and the dependencies, in the project's folder. The jar
// the plugin's repackage goal makes of the same classes and dependencies
// starts the same application with java -jar, which a JRE can run: the
// runtime stage runs that jar, made by the file's own mvn package or by
// one the rewrite adds.
type bootRun struct {
	in    *dockerfile.Instruction
	shell bool
	kind  string
	jar   string
	step  *dockerfile.Instruction // the mvn package that makes the jar
	tail  string                  // the mvn package the rewrite adds, when the file has none
}

// readBootRun reads the container's mvn spring-boot:run; nil when the
// container does not start with one.
func readBootRun(st *rewrite.Stage, p *rewrite.Pass, steps []rewrite.ToolCall) (*bootRun, error) {
	prog := st.Program()
	if prog == nil || path.Base(prog.Name) != "mvn" && path.Base(prog.Name) != "mvnw" {
		return nil, nil
	}
	words, err := literalCommand(st, prog, "mvn spring-boot:run")
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
	if !slices.Equal(goals, []string{"spring-boot:run"}) {
		return nil, nil
	}
	kind := strings.ToUpper(prog.In.Name())
	what := kind + " " + path.Base(prog.Name) + " spring-boot:run"
	line, _ := prog.In.CommandLine()
	if kind == "ENTRYPOINT" && !line.PrependShell && slices.ContainsFunc(st.Body, func(in *dockerfile.Instruction) bool { return in.Name() == "cmd" }) {
		return nil, rewrite.Skipf(prog.In.Line(), "ENTRYPOINT runs mvn spring-boot:run with CMD's words after it, which Maven takes as goals or options")
	}
	for _, o := range options {
		if !mavenQuietOptions.Has(o) {
			// -Dspring-boot.run.profiles=..., -P, -f, -pl: each changes
			// what is built or how the application starts.
			return nil, rewrite.Skipf(prog.In.Line(), "%s %s: what it builds and starts with it is not known to msrewrite", what, o)
		}
	}
	dir := st.Final.Workdir
	ctx := p.Options.Context
	if dir == "" {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: the working folder, where Maven finds pom.xml, cannot be known", what)
	}
	if ctx == nil {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: the jar it stands for is named by pom.xml in the build context (pass --context)", what)
	}
	if _, set, _ := st.Final.Get("MAVEN_ARGS"); set {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: MAVEN_ARGS gives Maven more goals or options", what)
	}
	src, ok := contextPathAt(st, ctx, len(st.Body), path.Join(dir, "pom.xml"))
	if !ok {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: no pom.xml the build context brings to %s is known", what, dir)
	}
	if data, err := ctx.ReadFile(path.Join(path.Dir(src), ".mvn/maven.config")); err == nil && strings.TrimSpace(string(data)) != "" {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: .mvn/maven.config gives Maven options of its own", what)
	}
	data, err := ctx.ReadFile(src)
	if err != nil {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: %s cannot be read: %v", what, src, err)
	}
	jar, why := bootJar(src, data)
	if why != "" {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: %s", what, why)
	}
	r := &bootRun{in: prog.In, shell: line.PrependShell, kind: kind, jar: path.Join(dir, "target", jar)}
	for _, tc := range steps {
		if mavenPackages(tc, dir) && lastChange(st, tc.In) {
			r.step = tc.In
		}
	}
	if r.step == nil {
		// spring-boot:run compiles the tests without running them; so
		// does package with -DskipTests, which also makes the jar.
		build := append([]string{prog.Name}, options...)
		run, word, ok := shell.Join(append(build, "-DskipTests", "package"))
		if !ok {
			return nil, rewrite.Skipf(prog.In.Line(), "%s: %q cannot be written in a RUN", what, word)
		}
		r.step, r.tail = prog.In, run
	}
	return r, nil
}

// mavenQuietOptions are Maven's options that change only what it prints
// or whether it reaches the network, not what it builds.
var mavenQuietOptions = rewrite.WordSet(`-B --batch-mode -e --errors -q --quiet -ntp --no-transfer-progress -o --offline
	-U --update-snapshots -X --debug -V --show-version`)

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

// apply puts the run's build into b: the package step, the jar as the
// artifact, the command that runs it.
func (r *bootRun) apply(st *rewrite.Stage, b *rewrite.Build) {
	how := "the Spring Boot plugin's repackage goal makes " + r.jar + " of the classes and dependencies spring-boot:run starts"
	if r.tail != "" {
		b.Tail = []string{st.Doc.Keyword("RUN") + " " + r.tail}
		how = "the mvn package added at the end of the builder, for the compile spring-boot:run made when the container started, writes " + r.jar + " (the Spring Boot plugin's repackage goal)"
	}
	b.Steps = []*dockerfile.Instruction{r.step}
	b.Artifacts = []rewrite.Artifact{{Path: r.jar, Line: r.step.Line(), How: how}}
	b.Command = &rewrite.Command{In: r.in, Args: []string{"java", "-jar", r.jar}, Shell: r.shell,
		Why: "mvn spring-boot:run compiles with Maven and the JDK when the container starts, which the runtime image lacks: " + r.kind + " runs the jar of the same classes and dependencies with java -jar, in the same working folder"}
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
			ArtifactID    string `xml:"artifactId"`
			Configuration struct {
				Elements []struct{ XMLName xml.Name } `xml:",any"`
			} `xml:"configuration"`
			Executions []struct {
				Goals []string `xml:"goals>goal"`
			} `xml:"executions>execution"`
		} `xml:"plugins>plugin"`
	} `xml:"build"`
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
		if d.Scope == "provided" || d.Scope == "system" {
			return "", file + " has a " + d.Scope + " dependency (" + d.ArtifactID + "), which spring-boot:run and the jar treat differently"
		}
	}
	repackaged := pom.Parent.ArtifactID == "spring-boot-starter-parent"
	found := false
	for _, pl := range pom.Build.Plugins {
		if pl.ArtifactID != "spring-boot-maven-plugin" {
			continue
		}
		found = true
		for _, e := range pl.Configuration.Elements {
			if !bootPluginSettings.Has(e.XMLName.Local) {
				return "", file + " configures the Spring Boot plugin's " + e.XMLName.Local + ", which the jar and spring-boot:run may not share"
			}
		}
		for _, ex := range pl.Executions {
			repackaged = repackaged || slices.Contains(ex.Goals, "repackage")
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
