# Negative control for the end-to-end suite: the python-no-workdir
# example rewritten with the virtualenv alone, as for an application
# folder that / cannot be. It must fail: main.py is not there.
FROM python:3.11-bookworm AS compiler
COPY ./ ./
RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-index -r requirements.txt

FROM python:3.11-slim-bookworm
ENV PATH="/opt/venv/bin:${PATH}"
COPY --from=compiler /opt/venv/ /opt/venv/
CMD ["python3", "main.py"]
