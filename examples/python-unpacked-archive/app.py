"""Reads the word list the image unpacked from an archive."""
import os

path = os.environ["WORDLIST"]
with open(path) as f:
    words = f.read().split()
print(f"{len(words)} words in {path}, the last is {words[-1]}")
