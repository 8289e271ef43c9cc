from flask import Flask
from flask_babel import Babel, gettext

app = Flask(__name__)
babel = Babel(app)


@app.route("/")
def index():
    return gettext("Welcome to the shelf")
