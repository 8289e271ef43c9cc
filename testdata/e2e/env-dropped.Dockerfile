# Negative control: the go-entrypoint-env example with its runtime stage
# left without the ENV its entrypoint reads: "$APP_HOME/bin/greeter" is
# /bin/greeter there, which nothing put in. msrewrite carries the ENV
# line, and reads the script with it.
FROM golang:1.22-bookworm AS compiler
ENV APP_HOME=/opt/greeter
WORKDIR $APP_HOME
COPY go.mod main.go ./
RUN CGO_ENABLED=0 go build -o $APP_HOME/bin/greeter .
COPY docker-entrypoint.sh /usr/local/bin/

FROM alpine:3.23
WORKDIR /opt/greeter
COPY --from=compiler /opt/greeter/bin/greeter /opt/greeter/bin/greeter
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["-name", "Dockerfile"]
