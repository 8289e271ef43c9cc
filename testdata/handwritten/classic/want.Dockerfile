FROM golang:1.12.4 AS compiler
WORKDIR /helloworld
COPY helloworld.go .
RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -o helloworld .

FROM alpine:3.23
WORKDIR /helloworld
COPY --from=compiler /helloworld/helloworld /helloworld/helloworld
CMD ["./helloworld"]
