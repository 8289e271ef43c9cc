from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.staticfiles"]
ROOT_URLCONF = "recipes.urls"

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
# Recipe photos the users upload, kept in a volume.
MEDIA_ROOT = "/vol/web/media"
