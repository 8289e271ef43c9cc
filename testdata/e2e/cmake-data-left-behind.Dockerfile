# Negative control: the cmake-install example rewritten with its
# executable alone, as the binary CMD runs: the fortunes install() put in
# /usr/local/share/fortune stay in the builder.
FROM gcc:13-bookworm AS compiler
WORKDIR /usr/src/fortune
COPY . .
RUN mkdir build && cd build \
    && cmake .. -DCMAKE_BUILD_TYPE=Release \
    && make -j"$(nproc)" \
    && make install

FROM debian:bookworm-slim
COPY --from=compiler /usr/local/lib64/libstdc++.so.6 /usr/local/lib64/libgcc_s.so.1 /usr/local/lib64/
RUN echo /usr/local/lib64 > /etc/ld.so.conf.d/000-local-lib.conf && ldconfig
WORKDIR /usr/src/fortune
COPY --from=compiler /usr/local/bin/fortune /usr/local/bin/fortune
CMD ["fortune"]
