FROM golang:1.22
RUN <<EOF
go build
