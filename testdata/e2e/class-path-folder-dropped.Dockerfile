# Negative control for the end-to-end suite: the java-classpath example
# rewritten with the classes javac wrote alone. It must fail: the
# program reads greeting.properties from conf/, the class path's other
# folder, which the build context brought.
FROM eclipse-temurin:17-jdk AS compiler
WORKDIR /app
COPY . .
RUN javac -d out Greeter.java

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=compiler /app/out/ /app/out/
CMD ["java", "-cp", "out:conf", "Greeter"]
