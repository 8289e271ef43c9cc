import os, subprocess
subprocess.run(["git", "pull", "--ff-only"], check=True)
os.system("convert in.png -resize 50% out.jpg")
subprocess.check_output("ls -l | wc -l", shell=True)
subprocess.run("echo not a shell")
import subprocess
subprocess.run(["python3", "-m", "http.server"])
subprocess.run(["node", "x.js"])
subprocess.check_call("curl")
