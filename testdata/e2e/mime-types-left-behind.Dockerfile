# Negative control: the go-mime-types example rewritten without the
# builder's /etc/mime.types, as msrewrite did before it carried it. The
# alpine runtime has none, and Go's own table has no type for .woff2: the
# program refuses the file it cannot type.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/typer .

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /usr/local/bin/typer /usr/local/bin/typer
CMD ["typer"]
