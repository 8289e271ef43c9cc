# Negative control: the go-entrypoint-script example as msrewrite rewrote
# it before it put on PATH the folder of a program a script runs by name:
# greeter is copied to /go/bin, which alpine's PATH lacks.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY go.mod main.go ./
RUN CGO_ENABLED=0 go install .
COPY docker-entrypoint.sh /usr/local/bin/

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /go/bin/greeter /go/bin/greeter
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["-name", "Dockerfile"]
