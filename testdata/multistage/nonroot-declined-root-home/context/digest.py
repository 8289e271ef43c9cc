from flask import Flask
import nltk

app = Flask(__name__)


@app.get("/")
def index():
    return " ".join(nltk.word_tokenize("a short digest"))
