# Negative control: the java-javac-beside-sources example with only
# Main.class copied, as a rewrite that picked the class CMD names would
# make: the comparator is Main$1.class, beside it, and the program stops
# when it needs it.
FROM eclipse-temurin:17-jdk AS compiler
WORKDIR /usr/src/app
COPY Main.java names.txt ./
RUN javac Main.java

FROM eclipse-temurin:17-jre
WORKDIR /usr/src/app
COPY --from=compiler /usr/src/app/Main.class /usr/src/app/names.txt ./
CMD ["java", "Main"]
