# Negative control: the go-pie example on alpine, as msrewrite rewrote it
# before it read -buildmode=pie. A PIE asks for glibc's loader even with
# cgo off, and the alpine runtime has only musl's: it cannot start.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -buildmode=pie -o /usr/local/bin/agent .

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /usr/local/bin/agent /usr/local/bin/agent
CMD ["agent"]
