import feedparser

print(feedparser.__version__)
