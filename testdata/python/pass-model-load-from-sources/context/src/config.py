RERANKER_MODEL = "cross-encoder/ms-marco-MiniLM-L-6-v2"
