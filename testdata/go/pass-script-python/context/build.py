#!/usr/bin/env python3
import subprocess
subprocess.run(["go", "build", "-o", "/app", "."], check=True)
