package transforms

import (
	"fmt"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

func TestJavaMajor(t *testing.T) {
	for ref, want := range map[string]string{
		"eclipse-temurin:17-jdk":                "17",
		"openjdk:17-slim":                       "17",
		"openjdk:8u342-jdk":                     "8",
		"openjdk:11-jdk-slim":                   "11",
		"amazoncorretto:21":                     "21",
		"amazoncorretto:17-alpine":              "17",
		"maven:3.9-eclipse-temurin-21":          "21",
		"maven:3.9.6-eclipse-temurin-17-alpine": "17",
		"maven:3.8-openjdk-17-slim":             "17",
		"maven:3.6-jdk-11":                      "11",
		"maven:3.9-amazoncorretto-17":           "17",
		"maven:3.8.4-ibmjava-8":                 "8",
		"maven:3-sapmachine-17":                 "17",
		"gradle:8.5-jdk17":                      "17",
		"gradle:7.6-jdk11-alpine":               "11",
		"maven:3.5.4-alpine":                    "8",
		"maven:3.6-alpine":                      "8",
		"maven:alpine":                          "8",
		"maven:3.9-eclipse-temurin-21-alpine":   "21",
		"gradle:alpine":                         "",
		"maven:3.9":                             "",
		"maven":                                 "",
		"openjdk":                               "",
		"gradle:latest":                         "",
	} {
		if got := javaMajor(rewrite.LookupImage(ref)); got != want {
			t.Errorf("javaMajor(%s) = %q, want %q", ref, got, want)
		}
	}
}

func TestTemurinRelease(t *testing.T) {
	for ref, want := range map[string]string{
		"eclipse-temurin:17-jdk":              "temurin-ubuntu",
		"eclipse-temurin:21-jdk-noble":        "noble",
		"eclipse-temurin:17-jdk-alpine":       "",
		"eclipse-temurin:17-jdk-ubi9-minimal": "",
		"maven:3.9-eclipse-temurin-17":        "temurin-ubuntu",
		"maven:3.9-eclipse-temurin-17-focal":  "focal",
		"maven:3.8-openjdk-17":                "", // Oracle Linux
		"maven:3.9-amazoncorretto-21":         "",
		"gradle:8.5-jdk17":                    "temurin-ubuntu",
		"gradle:8.5-jdk17-corretto":           "",
		"eclipse-temurin":                     "",
		"amazoncorretto:17":                   "",
	} {
		if got := rewrite.LookupImage(ref).Release; got != want {
			t.Errorf("%s: release %q, want %q", ref, got, want)
		}
	}
}

func TestOpenJ9Runtime(t *testing.T) {
	for ref, want := range map[string]string{
		"maven:3-ibm-semeru-17-focal":     "ibm-semeru-runtimes:open-17-jre-focal",
		"maven:3.9.6-ibm-semeru-21-jammy": "ibm-semeru-runtimes:open-21-jre-jammy",
		"maven:3-ibm-semeru-11":           "ibm-semeru-runtimes:open-11-jre",
		"maven:3.8-ibmjava-8":             "ibmjava:8-jre",
		"maven:3.6.3-ibmjava-8-alpine":    "", // no JRE published: left alone
		"maven:3.9-eclipse-temurin-17":    "", // HotSpot: not OpenJ9
		"eclipse-temurin:17-jdk":          "",
	} {
		img := rewrite.LookupImage(ref)
		got := ""
		if openJ9(img) != "" {
			got, _ = openJ9Runtime(img, javaMajor(img))
		}
		if got != want {
			t.Errorf("OpenJ9 runtime of %s = %q, want %q", ref, got, want)
		}
	}
}

func TestBootJar(t *testing.T) {
	const boot = `<project><parent><artifactId>spring-boot-starter-parent</artifactId><version>3.2.5</version></parent>
<artifactId>shop</artifactId>%s<build>%s<plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId>%s</plugin></plugins></build></project>`
	for _, tc := range []struct {
		name, project, build, plugin string
		want                         string // "" when why is expected
	}{
		{"parent's version", "", "", "", "shop-3.2.5.jar"},
		{"own version", "<version>1.0-SNAPSHOT</version>", "", "", "shop-1.0-SNAPSHOT.jar"},
		{"revision", "<version>${revision}</version><properties><revision>${major}.4</revision><major>2</major></properties>", "", "", "shop-2.4.jar"},
		{"final name", "", "<finalName>app</finalName>", "", "app.jar"},
		{"unknown property", "<version>${ci.version}</version>", "", "", ""},
		{"war", "<packaging>war</packaging>", "", "", ""},
		{"main class", "", "", "<configuration><mainClass>x.Main</mainClass></configuration>", "shop-3.2.5.jar"},
		{"classifier", "", "", "<configuration><classifier>exec</classifier></configuration>", ""},
		{"run profiles", "<properties><spring-boot.run.profiles>dev</spring-boot.run.profiles></properties>", "", "", ""},
		{"devtools", "<dependencies><dependency><artifactId>spring-boot-devtools</artifactId></dependency></dependencies>", "", "", ""},
		{"provided", "<dependencies><dependency><artifactId>servlet-api</artifactId><scope>provided</scope></dependency></dependencies>", "", "", ""},
		{"plugin at compile", "", "<plugins><plugin><artifactId>git-commit-id-maven-plugin</artifactId><executions><execution><phase>initialize</phase></execution></executions></plugin></plugins>", "", "shop-3.2.5.jar"},
		{"plugin at package", "", "<plugins><plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><phase>package</phase><goals><goal>shade</goal></goals></execution></executions></plugin></plugins>", "", ""},
		{"coverage report", "", "<plugins><plugin><artifactId>jacoco-maven-plugin</artifactId><executions><execution><goals><goal>prepare-agent</goal></goals></execution><execution><id>report</id><phase>test</phase><goals><goal>report</goal></goals></execution></executions></plugin></plugins>", "", "shop-3.2.5.jar"},
		{"plugin's own phase", "", "<plugins><plugin><artifactId>jib-maven-plugin</artifactId><executions><execution><goals><goal>build</goal></goals></execution></executions></plugin></plugins>", "", ""},
		{"provided lombok", "<dependencies><dependency><artifactId>lombok</artifactId><scope>provided</scope></dependency></dependencies>", "", "", "shop-3.2.5.jar"},
	} {
		data := fmt.Sprintf(boot, tc.project, tc.build, tc.plugin)
		got, why := bootJar("pom.xml", []byte(data))
		if got != tc.want || (why == "") != (tc.want != "") {
			t.Errorf("%s: bootJar = %q, %q; want %q", tc.name, got, why, tc.want)
		}
	}
	// Without the starter parent the plugin must say repackage itself.
	plain := `<project><artifactId>shop</artifactId><version>1</version><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId>%s</plugin></plugins></build></project>`
	if got, _ := bootJar("pom.xml", []byte(fmt.Sprintf(plain, ""))); got != "" {
		t.Errorf("bootJar without repackage = %q, want none", got)
	}
	if got, _ := bootJar("pom.xml", []byte(fmt.Sprintf(plain, "<executions><execution><goals><goal>repackage</goal></goals></execution></executions>"))); got != "shop-1.jar" {
		t.Errorf("bootJar with repackage = %q, want shop-1.jar", got)
	}
	exec := "<executions><execution><goals><goal>repackage</goal></goals><configuration><classifier>exec</classifier></configuration></execution></executions>"
	if got, why := bootJar("pom.xml", []byte(fmt.Sprintf(plain, exec))); got != "" {
		t.Errorf("bootJar with an exec classifier = %q, want none (%s)", got, why)
	}
}

func TestJavaResourceFile(t *testing.T) {
	for src, want := range map[string]bool{
		`new File(getClass().getClassLoader().getResource("data/x.json").getFile())`:   true,
		`Paths.get(Main.class.getResource("/seed").toURI())`:                           true,
		`File f = ResourceUtils.getFile("classpath:config.yml");`:                      true,
		`val dir = javaClass.getResource("/templates")!!.path`:                         true,
		`val f = this::class.java.classLoader.getResource("words.txt")?.file`:          true,
		`InputStream in = getClass().getResourceAsStream("/data.json");`:               false,
		`URL u = getClass().getResource("/x"); String s = u.toExternalForm();`:         false,
		`return new String(getClass().getResource("/x").openStream().readAllBytes());`: false,
	} {
		if got := javaResourceFile().MatchString(src); got != want {
			t.Errorf("javaResourceFile matches %s: %v, want %v", src, got, want)
		}
	}
}
