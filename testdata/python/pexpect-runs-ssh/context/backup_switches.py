"""Saves the running configuration of each switch in SWITCHES."""
import os

import pexpect

for host in os.environ["SWITCHES"].split():
    session = pexpect.spawn(f"ssh -o StrictHostKeyChecking=no backup@{host}", timeout=30)
    session.expect("assword:")
    session.sendline(os.environ["SWITCH_PASSWORD"])
    session.expect("#")
    session.sendline("show running-config")
    session.expect("#")
    with open(f"/backups/{host}.cfg", "wb") as f:
        f.write(session.before)
    session.sendline("exit")
