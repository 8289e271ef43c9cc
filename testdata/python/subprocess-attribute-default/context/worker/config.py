from typing import Annotated

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    """Read from the environment: DOCS_REPO, GIT_BIN, CONVERT, ..."""

    docs_repo: str = "https://example.com/docs.git"
    checkout: str = "/srv/docs"
    git_bin: str = "git"
    convert: Annotated[str, Field(default="convert", description="ImageMagick's convert")]


settings = Settings()
