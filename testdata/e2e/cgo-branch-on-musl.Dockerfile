# Negative control: the go-cgo-in-branch example as msrewrite rewrote it
# before a variable set in an if's branch was unknown after it: cgo was
# read as off, but the branch turns it on, so the binary links glibc, and
# the alpine runtime has only musl's loader: it cannot start.
FROM golang:1.22-bookworm AS compiler
ARG WITH_CGO=1
WORKDIR /src
COPY go.mod main.go ./
RUN export CGO_ENABLED=0; \
    if [ "$WITH_CGO" = 1 ]; then export CGO_ENABLED=1; fi; \
    go build -o /usr/local/bin/lookup .

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /usr/local/bin/lookup /usr/local/bin/lookup
CMD ["lookup"]
