import sys

import greet

print(greet.hello("world"), "in", sys.prefix)
