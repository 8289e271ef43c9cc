from nltk.corpus import stopwords
from nltk.tokenize import word_tokenize

print(word_tokenize("Hello there."), len(stopwords.words("english")))
