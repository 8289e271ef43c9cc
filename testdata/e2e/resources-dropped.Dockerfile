# Negative control for the end-to-end suite: the java-resources-on-disk
# example rewritten without the resources folder. It must fail: the
# program opens src/main/resources/questions.txt from its working folder,
# which the build context's src (the sources, built into classes) held.
FROM eclipse-temurin:17-jdk AS compiler
WORKDIR /app
COPY . .
RUN javac -d out src/main/java/quiz/Quiz.java

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=compiler /app/out/ /app/out/
CMD ["java", "-cp", "out", "quiz.Quiz"]
