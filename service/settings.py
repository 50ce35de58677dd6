"""Every setting of the service and the CLI, in one object read from the environment.

Each field is documented by its ``description``; ``oversight serve --help`` and
the README list them. Environment variables are the field names in upper case
with the prefix ``OVERSIGHT_`` (``OVERSIGHT_DATA_DIR``, ``OVERSIGHT_QUERY_TIMEOUT``).

>>> s = Settings(data_dir="/tmp/og")
>>> s.query_timeout
30.0
>>> s.store_backend
'embedded'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.store import RemoteConfig, Store, open_store

__all__ = ["Settings", "default_data_dir", "open_configured_store"]


def default_data_dir() -> Path:
    """The per-user data directory used when none is given.

    >>> default_data_dir().name
    'store'
    """
    return Path(user_data_dir("oversight-graph", appauthor=False)) / "store"


class Settings(BaseSettings):
    """Settings with defaults and help; read from ``OVERSIGHT_*`` variables."""

    model_config = SettingsConfigDict(env_prefix="OVERSIGHT_", extra="forbid")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder of the embedded on-disk store (created if missing).",
    )
    store_backend: Literal["embedded", "memory", "remote"] = Field(
        default="embedded", description="Where the graph lives: embedded, memory or remote."
    )
    remote_query_url: str | None = Field(
        default=None, description="SPARQL query endpoint of a remote store."
    )
    remote_update_url: str | None = Field(
        default=None, description="SPARQL update endpoint of a remote store."
    )
    remote_store_url: str | None = Field(
        default=None, description="Graph Store Protocol endpoint of a remote store (optional)."
    )
    remote_username: str | None = Field(default=None, description="Remote store user name.")
    remote_password: str | None = Field(
        default=None, description="Remote store password.", repr=False
    )
    load_seed: bool = Field(
        default=True,
        description="Load the ontology and the bundled seed graph into an empty store on start.",
    )
    query_timeout: float = Field(
        default=30.0, gt=0, description="Seconds a SPARQL query may run before it is stopped."
    )
    max_rows: int = Field(
        default=10_000, gt=0, description="Most rows (or triples) a query may return."
    )

    def remote_config(self) -> RemoteConfig:
        """The remote store configuration; raises if its URLs are missing."""
        if not self.remote_query_url or not self.remote_update_url:
            raise ValueError(
                "store_backend=remote needs OVERSIGHT_REMOTE_QUERY_URL and "
                "OVERSIGHT_REMOTE_UPDATE_URL"
            )
        return RemoteConfig(
            query_url=self.remote_query_url,
            update_url=self.remote_update_url,
            store_url=self.remote_store_url,
            username=self.remote_username,
            password=self.remote_password,
        )


def open_configured_store(settings: Settings) -> Store:
    """Open the store the settings describe (embedded, memory or remote)."""
    if settings.store_backend == "memory":
        return open_store(memory=True)
    if settings.store_backend == "remote":
        return open_store(remote=settings.remote_config())
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return open_store(settings.data_dir)
