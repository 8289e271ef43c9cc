# already split
FROM golang:1.22 AS build
RUN go build -o /app .
FROM scratch
COPY --from=build /app /app
CMD ["/app"]
