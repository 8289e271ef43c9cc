# Negative control for the end-to-end suite: the net-lookup example built
# with cgo left at the golang image's default (on, since the image has gcc),
# so the binary links glibc, then copied onto the musl runtime. It must fail
# to start: this is the bug msrewrite's CGO_ENABLED=0 prevents.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY go.mod main.go ./
RUN go build -o /usr/local/bin/netlookup .

FROM alpine:3.23
COPY --from=compiler /usr/local/bin/netlookup /usr/local/bin/netlookup
CMD ["netlookup"]
