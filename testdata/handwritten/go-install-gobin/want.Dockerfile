FROM golang:1.22 AS compiler
ENV GOBIN=/usr/local/bin
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go install ./cmd/tool

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /usr/local/bin/tool /usr/local/bin/tool
CMD ["tool", "--help"]
