# syntax=docker/dockerfile:1
# A typical Go service: dependencies first for the layer cache, then the
# sources, tests, the build, and what the container needs at run time.
FROM golang:1.23-bookworm

LABEL org.opencontainers.image.title="orders" \
      org.opencontainers.image.source="https://example.com/acme/orders"

ENV GOFLAGS=-mod=readonly \
    GOPRIVATE=example.com/acme

RUN apt-get update && \
    apt-get install -y --no-install-recommends git make && \
    rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Dependencies change less often than the code.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download

COPY . .
RUN go vet ./... && go test ./...

ARG VERSION=dev
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
    -o /usr/local/bin/orders ./cmd/orders

RUN useradd --system --uid 10001 orders
USER orders

ENV PORT=8080 LOG_LEVEL=info
EXPOSE 8080
HEALTHCHECK --interval=30s CMD ["/usr/local/bin/orders", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/orders"]
CMD ["serve"]
