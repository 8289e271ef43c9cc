#!/usr/local/bin/python3
import telegram
print(telegram.__version__)
