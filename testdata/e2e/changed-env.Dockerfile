# Negative control for verify: the env-workdir-user example rewritten with
# another value of ENV GREETING. verify must report the configuration.
FROM golang:1.22-bookworm AS compiler
ENV GREETING="Hello, world" \
    GOFLAGS=-trimpath
WORKDIR /srv/app
COPY . .
RUN CGO_ENABLED=0 go build
RUN useradd --uid 10001 --no-create-home appuser
USER appuser

FROM alpine:3.23
ENV GREETING="Hello, planet"
WORKDIR /srv/app
COPY --from=compiler /srv/app/whoami /srv/app/whoami
COPY --from=compiler /etc/passwd /etc/passwd
COPY --from=compiler /etc/group /etc/group
USER appuser
CMD ["./whoami"]
