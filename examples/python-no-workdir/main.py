"""Prints a quote from the file the COPY put beside it in /."""
from pathlib import Path

quotes = Path(__file__).with_name("quotes.txt").read_text().splitlines()
print(f"{len(quotes)} quotes, the first: {quotes[0]}")
