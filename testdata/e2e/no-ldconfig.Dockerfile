# Negative control: the cgo-shared-library example rewritten without
# running ldconfig in the runtime stage. The library is in
# /usr/local/lib, but the loader finds it only through its cache, which
# the slim image built before the copy: the program cannot start.
FROM golang:1.22-bookworm AS compiler
WORKDIR /src
COPY greet/ greet/
RUN cd greet && make install
COPY go.mod main.go ./
RUN go build -o /usr/local/bin/greeter .

FROM debian:bookworm-slim
WORKDIR /src
COPY --from=compiler /usr/local/bin/greeter /usr/local/bin/greeter
COPY --from=compiler /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=compiler /src/greet/greet.c /src/greet/greet.c
COPY --from=compiler /src/greet/greet.h /src/greet/greet.h
COPY --from=compiler /src/greet/libgreet.so /src/greet/libgreet.so
COPY --from=compiler /usr/local/include/greet.h /usr/local/include/greet.h
COPY --from=compiler /usr/local/lib/libgreet.so /usr/local/lib/libgreet.so
CMD ["greeter"]
