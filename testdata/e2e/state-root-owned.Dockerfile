# Negative control: the go-nonroot-uploads example as nonroot wrote it
# before it gave the user the folders the build makes empty: uploads/ is
# 65532's, but /var/lib/drop, made by the builder's mkdir and copied from
# it, stays root's, so the program cannot note its last name there.
FROM golang:1.22-bookworm AS compiler
RUN mkdir -p /var/lib/drop
WORKDIR /srv/drop
COPY . .
RUN CGO_ENABLED=0 go build -o drop .

FROM alpine:3.23
WORKDIR /srv/drop
COPY --from=compiler --chown=65532:65532 /srv/drop/drop /srv/drop/drop
COPY --from=compiler --chown=65532:65532 /srv/drop/uploads/ /srv/drop/uploads/
COPY --from=compiler /var/lib/drop/ /var/lib/drop/
RUN chown 65532:65532 /srv/drop
USER 65532:65532
EXPOSE 8080
CMD ["./drop"]
