# Negative control: the c-libpq example on the slim runtime without the
# library package the build's libpq-dev stands for, as msrewrite wrote
# such files before it mapped -dev packages: the loader cannot find
# libpq at start.
FROM gcc:12-bookworm AS compiler
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY main.c .
RUN gcc -O2 -Wall -o pgcheck main.c -I"$(pg_config --includedir)" -lpq

FROM debian:bookworm-slim
WORKDIR /src
COPY --from=compiler /src/pgcheck /src/pgcheck
CMD ["./pgcheck"]
