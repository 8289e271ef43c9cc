import subprocess

subprocess.run(["npx", "tailwindcss", "-o", "static/site.css"])
