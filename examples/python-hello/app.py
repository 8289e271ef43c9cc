"""A Python program with the standard library only."""
import os
import sys

print(f"{os.environ.get('GREETING', 'Hello')} from Python {sys.version_info.major}, in {os.getcwd()}")
