import json
import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
# Four slashes: an absolute path, in the application's own folder.
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////app/instance/links.db"
db = SQLAlchemy(app)
os.makedirs("/app/instance", exist_ok=True)


@app.get("/stats")
def stats():
    with open("/tmp/stats.json", "w") as f:
        json.dump({"links": 0}, f)
    with open("/etc/hostname") as f:
        return f.read()
