from sentence_transformers import SentenceTransformer

print(SentenceTransformer("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"))
