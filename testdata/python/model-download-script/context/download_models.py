"""Bakes the embedding model into the image: no download at start."""
from sentence_transformers import SentenceTransformer

if __name__ == "__main__":
    SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
