# Negative control: the go-gopath-env example with its ENV carried but
# not the ARG that gives $GOPATH the builder's value: on alpine, APP_HOME
# becomes /src/github.com/acme/hello, which is not the working folder.
FROM golang:1.22-bookworm AS compiler
ENV APP_HOME=$GOPATH/src/github.com/acme/hello
WORKDIR $APP_HOME
COPY . .
RUN CGO_ENABLED=0 go build -o hello .

FROM alpine:3.23
ENV APP_HOME=$GOPATH/src/github.com/acme/hello
WORKDIR /go/src/github.com/acme/hello
COPY --from=compiler /go/src/github.com/acme/hello/hello /go/src/github.com/acme/hello/hello
COPY --from=compiler /go/src/github.com/acme/hello/conf/ /go/src/github.com/acme/hello/conf/
CMD ["./hello"]
