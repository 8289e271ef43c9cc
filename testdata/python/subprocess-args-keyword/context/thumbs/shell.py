import subprocess


def run_shell(cmd):
    """Run a command line and return its output and status."""
    proc = subprocess.Popen(args=cmd, shell=True, stdout=subprocess.PIPE)
    out, _ = proc.communicate()
    return out, proc.returncode
