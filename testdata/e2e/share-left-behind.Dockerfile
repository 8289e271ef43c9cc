# Negative control: the python-console-script example rewritten as the
# image's own Python was before its data files were carried: the
# site-packages and console scripts reach the runtime stage, but not
# /usr/local/share, where pip put the package's greeting.
FROM python:3.11-bookworm AS compiler
WORKDIR /srv
COPY greeter ./greeter
RUN pip install --no-index --no-build-isolation ./greeter

FROM python:3.11-slim-bookworm
WORKDIR /srv
COPY --from=compiler /usr/local/lib/python3.11/site-packages/ /usr/local/lib/python3.11/site-packages/
COPY --from=compiler /usr/local/bin/ /usr/local/bin/
COPY --from=compiler /usr/local/etc/ /usr/local/etc/
COPY --from=compiler /srv/ /srv/
# pip's console script, by its path: it runs the image's own Python,
# which sees the package pip installed into it.
ENTRYPOINT ["/usr/local/bin/greet"]
CMD ["Ada"]
