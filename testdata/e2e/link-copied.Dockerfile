# Negative control: the go-linked-binary example with the link copied by
# COPY --from, which copies the file a link points to: greeter then runs
# from /usr/local/bin and looks for /usr/local/share/greeting.txt.
# msrewrite makes the link again in the runtime stage.
FROM golang:1.22-bookworm AS compiler
WORKDIR /opt/greeter
COPY go.mod main.go ./
RUN CGO_ENABLED=0 go build -o bin/greeter . && ln -s /opt/greeter/bin/greeter /usr/local/bin/greeter

FROM alpine:3.23
WORKDIR /opt/greeter
COPY --from=compiler /opt/greeter/bin/greeter /opt/greeter/bin/greeter
COPY --from=compiler /usr/local/bin/greeter /usr/local/bin/greeter
COPY share ./share
CMD ["greeter", "-name", "Dockerfile"]
