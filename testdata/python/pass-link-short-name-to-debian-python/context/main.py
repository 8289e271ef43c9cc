"""Runs the installed greeting as a module and as its console script."""

import shutil
import subprocess
import sys

import greet

print(greet.hello(sys.argv[1]))
print(subprocess.run([shutil.which("greet"), "again"], capture_output=True, text=True, check=True).stdout, end="")
