# Negative control: the go-nonroot-uploads example as nonroot wrote it
# before it gave 65532 a passwd entry and a home: HOME is /, which is
# root's, so the program cannot keep its count in its cache folder.
FROM golang:1.22-bookworm AS compiler
RUN mkdir -p /var/lib/drop
WORKDIR /srv/drop
COPY . .
RUN CGO_ENABLED=0 go build -o drop .

FROM alpine:3.23
WORKDIR /srv/drop
COPY --from=compiler --chown=65532:65532 /srv/drop/drop /srv/drop/drop
COPY --from=compiler --chown=65532:65532 /srv/drop/uploads/ /srv/drop/uploads/
COPY --from=compiler --chown=65532:65532 /var/lib/drop/ /var/lib/drop/
RUN chown 65532:65532 /srv/drop
USER 65532:65532
EXPOSE 8080
CMD ["./drop"]
