# Negative control: the python-poetry example with poetry carried in the
# image's site-packages but not the virtualenvs folder poetry install
# made in ~/.cache/pypoetry: poetry run finds no environment of the
# project's, and sets out to make an empty one.
FROM python:3.11.11-bookworm AS compiler
WORKDIR /usr/src/app
RUN pip install poetry
COPY pyproject.toml poetry.lock greeting-1.0-py3-none-any.whl ./
RUN poetry install --no-root --no-interaction
COPY app.py .

FROM python:3.11.11-slim-bookworm
WORKDIR /usr/src/app
COPY --from=compiler /usr/local/lib/python3.11/site-packages/ /usr/local/lib/python3.11/site-packages/
COPY --from=compiler /usr/local/bin/ /usr/local/bin/
COPY --from=compiler /usr/local/share/ /usr/local/share/
COPY --from=compiler /usr/local/etc/ /usr/local/etc/
COPY --from=compiler /usr/src/app/ /usr/src/app/
CMD ["poetry", "run", "python", "app.py"]
