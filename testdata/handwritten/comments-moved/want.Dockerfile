FROM golang:1.22-alpine AS compiler
WORKDIR /src
COPY . .
RUN go build -o /bin/svc .

FROM alpine:3.23
WORKDIR /src
COPY --from=compiler /bin/svc /bin/svc
# Listen here.
EXPOSE 80
# Run the service.
ENTRYPOINT ["/bin/svc"]
