FROM golang:1.22 AS compiler
ENV APP_NAME=demo
WORKDIR /opt/demo
COPY . .
RUN CGO_ENABLED=0 go build -o demo ./cmd/demo
RUN groupadd -g 1000 demo && useradd -u 1000 -g demo demo
USER demo

FROM alpine:3.23
ENV APP_NAME=demo
WORKDIR /opt/demo
COPY --from=compiler /opt/demo/demo /opt/demo/demo
COPY --from=compiler /etc/passwd /etc/passwd
COPY --from=compiler /etc/group /etc/group
USER demo
EXPOSE 8080
CMD ["./demo"]
