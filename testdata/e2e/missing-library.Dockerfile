# Negative control for verify: the c-hello example linked against a
# library (libgomp) that the Debian slim runtime does not have. verify must
# report the library; the program would not start.
FROM gcc:12-bookworm AS compiler
ENV GREETING="Hi there"
WORKDIR /src
COPY hello.c .
RUN gcc -O2 -Wall -o hello hello.c -Wl,--no-as-needed -lgomp

FROM debian:bookworm-slim
ENV GREETING="Hi there"
WORKDIR /src
COPY --from=compiler /src/hello /src/hello
CMD ["./hello"]
