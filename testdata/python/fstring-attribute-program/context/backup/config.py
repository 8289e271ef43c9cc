from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    repo_dir: str = "/srv/repo"
    target: str = "backup@vault.internal:/srv/bundles"
    git_bin: str = "git"
    scp_bin: str = "scp"


settings = Settings()
