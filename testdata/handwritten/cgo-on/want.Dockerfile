FROM golang:1.21-bullseye AS compiler
WORKDIR /build
COPY . .
RUN CGO_ENABLED=1 go build -o /usr/bin/app .

FROM debian:bullseye-slim
WORKDIR /build
COPY --from=compiler /usr/bin/app /usr/bin/app
COPY --from=compiler /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
CMD ["/usr/bin/app"]
