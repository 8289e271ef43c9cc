# Negative control: the python-unpacked-archive example as msrewrite would
# rewrite it if it copied only the virtualenv and the application folder:
# the word list the archive held stays in the builder.
FROM python:3.11-bookworm AS compiler
# A word list shipped as a release archive, unpacked into a folder of its own.
COPY wordlist.tar.gz /tmp/
RUN mkdir -p /opt/wordlist \
    && tar -xzf /tmp/wordlist.tar.gz -C /opt/wordlist --strip-components=1 \
    && rm /tmp/wordlist.tar.gz
ENV WORDLIST=/opt/wordlist/fruit.txt
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-index -r requirements.txt
COPY app.py .

FROM python:3.11-slim-bookworm
ENV WORDLIST=/opt/wordlist/fruit.txt
ENV PATH="/opt/venv/bin:${PATH}"
WORKDIR /app
COPY --from=compiler /opt/venv/ /opt/venv/
COPY --from=compiler /app/ /app/
CMD ["python3", "app.py"]
