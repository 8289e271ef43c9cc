# Negative control: the python-shell-source example as msrewrite rewrote
# it before it repeated the builder's SHELL in the runtime stage: CMD
# runs with /bin/sh (Debian's dash), which has no source.
FROM python:3.11-bookworm AS compiler
# hadolint's DL4006: a failing command on the left of a pipe fails the step.
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-index -r requirements.txt
COPY . .

FROM python:3.11-slim-bookworm
ENV PATH="/opt/venv/bin:${PATH}"
WORKDIR /app
COPY --from=compiler /opt/venv/ /opt/venv/
COPY --from=compiler /app/ /app/
# source is bash's: Debian's /bin/sh (dash) has only "."
CMD source ./settings.env && exec python3 app.py
