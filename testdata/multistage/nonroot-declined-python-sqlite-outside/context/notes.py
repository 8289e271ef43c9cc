import logging
import sqlite3

from flask import Flask, request

logging.basicConfig(level=logging.INFO)
app = Flask(__name__)


def db():
    # The notes outlive the container in a volume mounted at /data.
    conn = sqlite3.connect("/data/notes.db")
    conn.execute("CREATE TABLE IF NOT EXISTS notes (body TEXT)")
    return conn


@app.post("/notes")
def add():
    with db() as conn:
        conn.execute("INSERT INTO notes VALUES (?)", (request.get_data(as_text=True),))
    return "", 204
