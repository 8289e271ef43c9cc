# Negative control for the end-to-end suite: the go-moved-binary example
# rewritten as if the binary stayed where go build wrote it. It must
# fail to build: mv took /src/greeter to /usr/local/bin.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY go.mod main.go ./
RUN CGO_ENABLED=0 go build -o greeter . && mv greeter /usr/local/bin

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /src/greeter /usr/local/bin/greeter
CMD ["greeter", "moved"]
