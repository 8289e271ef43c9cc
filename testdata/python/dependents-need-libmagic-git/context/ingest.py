"""Splits the documents DVC fetched into chunks for the index."""
from pathlib import Path

from unstructured.partition.auto import partition

for doc in Path("data/docs").glob("*"):
    print(doc.name, len(partition(filename=str(doc))))
