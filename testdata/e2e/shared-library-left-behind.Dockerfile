# Negative control: the cmake-shared-library example with the program
# alone, as msrewrite left such files before it read install() for
# shared libraries: the loader cannot find the library at start.
FROM gcc:13-bookworm AS compiler
WORKDIR /usr/src/greeter
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
    && cmake --build build \
    && cmake --install build \
    && ldconfig

FROM debian:bookworm-slim
WORKDIR /usr/src/greeter
COPY --from=compiler /usr/local/bin/greeter /usr/local/bin/greeter
COPY --from=compiler /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
CMD ["greeter", "Ada"]
