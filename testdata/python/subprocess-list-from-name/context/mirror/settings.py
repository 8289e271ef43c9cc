import os

from pydantic_settings import BaseSettings

GIT_BIN = os.environ.get("GIT_BIN", "git")


class Config(BaseSettings):
    repos: list[str] = []
    upload_url: str = ""
    curl_path: str = "curl"


config = Config()
