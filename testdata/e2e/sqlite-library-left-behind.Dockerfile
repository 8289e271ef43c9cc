# Negative control: the go-cgo-apt-library example on the slim runtime
# without libsqlite3-0, the library package of the libsqlite3-dev its
# build installed: the loader cannot find SQLite at start.
FROM golang:1.22-bookworm AS compiler
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/notes .

FROM debian:bookworm-slim
WORKDIR /src
COPY --from=compiler /usr/local/bin/notes /usr/local/bin/notes
CMD ["notes"]
