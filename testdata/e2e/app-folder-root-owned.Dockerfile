# Negative control: the python-app-owner example with the application
# folder copied but its owner not set again: COPY --from carries what is
# inside /app with its owner, not /app itself, and app cannot write there.
FROM python:3.11-bookworm AS compiler
RUN useradd --uid 1000 --user-group app
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-index -r requirements.txt
COPY app.py .
RUN chown -R app:app /app
USER app

FROM python:3.11-slim-bookworm
ENV PATH="/opt/venv/bin:${PATH}"
WORKDIR /app
COPY --from=compiler /opt/venv/ /opt/venv/
COPY --from=compiler /app/ /app/
COPY --from=compiler /etc/passwd /etc/passwd
COPY --from=compiler /etc/group /etc/group
USER app
CMD ["python3", "app.py"]
