# Negative control: the python-user-install example without the user base
# folder pip install --user filled (/home/app/.local): the program and its
# console script are not there.
FROM python:3.11-bookworm AS compiler
RUN useradd --create-home --uid 1000 app
USER app
WORKDIR /home/app
COPY --chown=app greet ./greet
RUN pip install --user --no-index --no-build-isolation ./greet
ENV PATH="/home/app/.local/bin:${PATH}"

FROM python:3.11-slim-bookworm
ENV PATH="/home/app/.local/bin:${PATH}"
WORKDIR /home/app
COPY --from=compiler /etc/passwd /etc/passwd
COPY --from=compiler /etc/group /etc/group
RUN mkdir -p /home/app && chown app:app /home/app
USER app
CMD ["greet", "Ada"]
