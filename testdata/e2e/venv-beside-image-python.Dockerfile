# Negative control: the python-image-python example rewritten as files
# that run python by name are: a virtualenv is added before pip install,
# and the runtime stage gets it, but the command runs the image's own
# interpreter by its path, which sees nothing in the virtualenv.
FROM python:3.11-bookworm AS compiler
WORKDIR /srv
COPY src ./src
RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-index --no-build-isolation ./src
COPY main.py .

FROM python:3.11-slim-bookworm
ENV PATH="/opt/venv/bin:${PATH}"
WORKDIR /srv
COPY --from=compiler /opt/venv/ /opt/venv/
COPY --from=compiler /srv/ /srv/
CMD ["/usr/local/bin/python", "main.py", "Ada"]
