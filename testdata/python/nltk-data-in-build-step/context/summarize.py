from nltk.tokenize import sent_tokenize
print(sent_tokenize("One. Two."))
