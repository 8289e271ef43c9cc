# Negative control: the go-time-zone example rewritten without the time
# zone database, as msrewrite did before it read time.LoadLocation. The
# alpine runtime has no /usr/share/zoneinfo: the program cannot load
# its zones.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/standup .

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /usr/local/bin/standup /usr/local/bin/standup
CMD ["standup"]
