# Negative control for the end-to-end suite: the go-web-files example
# rewritten the way msrewrite did before it carried run-time files, with
# the binary alone. It must fail: the program reads templates/, static/
# and config.yaml from its working folder.
FROM golang:1.22-bookworm AS compiler
WORKDIR /usr/src/app
COPY go.mod ./
RUN go mod download && go mod verify
COPY . .
RUN CGO_ENABLED=0 go build -v -o /usr/local/bin/app ./...

FROM alpine:3.23
WORKDIR /usr/src/app
COPY --from=compiler /usr/local/bin/app /usr/local/bin/app
CMD ["app"]
