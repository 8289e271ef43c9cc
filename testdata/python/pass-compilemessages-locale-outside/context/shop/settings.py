from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Shared with the other sites on the host.
LOCALE_PATHS = ("/srv/translations",)
