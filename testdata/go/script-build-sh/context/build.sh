#!/usr/bin/env bash
set -euo pipefail

VERSION="${VERSION:-dev}"
echo "building server ${VERSION}"
go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o bin/server ./cmd/server
