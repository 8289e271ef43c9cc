"""Prints a greeting the start command's shell sourced."""
import os

print(f"{os.environ.get('GREETING', 'unset')} from {os.getcwd()}")
