# Negative control: the go-log-link example with its log link copied by
# COPY --from, which follows the link to /dev/stdout, no file of an
# image: the rewrite does not build. msrewrite makes the link again.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY go.mod main.go ./
RUN CGO_ENABLED=0 go build -o /usr/local/bin/greeter .
RUN ln -sf /dev/stdout /var/log/greeter.log

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /usr/local/bin/greeter /usr/local/bin/greeter
COPY --from=compiler /var/log/greeter.log /var/log/greeter.log
CMD ["greeter", "-log", "/var/log/greeter.log", "-name", "Dockerfile"]
