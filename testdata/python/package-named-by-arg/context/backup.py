"""Dumps DATABASE_URL with pg_dump and uploads it to BUCKET."""
import datetime
import os
import subprocess

import boto3

name = datetime.date.today().isoformat() + ".dump"
subprocess.run(["pg_dump", "--format=custom", "--file", name, os.environ["DATABASE_URL"]], check=True)
boto3.client("s3").upload_file(name, os.environ["BUCKET"], name)
