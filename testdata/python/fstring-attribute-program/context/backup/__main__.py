import subprocess
import time

import schedule

from .config import settings


def bundle():
    cmd = f"{settings.git_bin} -C {settings.repo_dir} bundle create /tmp/repo.bundle --all"
    subprocess.run(cmd, shell=True, check=True)


def ship():
    cmd = f"{settings.scp_bin} -q /tmp/repo.bundle {settings.target}"
    subprocess.run(cmd, shell=True, check=True)


schedule.every().day.at("02:00").do(lambda: (bundle(), ship()))

while True:
    schedule.run_pending()
    time.sleep(30)
