# Negative control: the go-static-cgo example as msrewrite rewrote it
# before it read -linkmode external: cgo turned off for alpine, which
# the go command refuses for an external link, so the build fails.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src/stamp
COPY go.mod *.go ./
RUN CGO_ENABLED=0 go build -tags "netgo osusergo" \
      -ldflags "-s -w -linkmode external -extldflags -static" \
      -o /usr/local/bin/stamp .

FROM alpine:3.23
WORKDIR /src/stamp
COPY --from=compiler /usr/local/bin/stamp /usr/local/bin/stamp
CMD ["stamp"]
