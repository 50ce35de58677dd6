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

import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.store import RemoteConfig, Store, open_store

__all__ = [
    "Role",
    "Settings",
    "default_data_dir",
    "default_query_workers",
    "default_vendor_dir",
    "open_configured_store",
    "saved_projection_folder",
]

Role = Literal["read", "write"]
"""What a bearer token may do: ``read`` (queries) or ``write`` (queries and updates)."""


def default_data_dir() -> Path:
    """The per-user data directory used when none is given.

    >>> default_data_dir().name
    'store'
    """
    return Path(user_data_dir("oversight-graph", appauthor=False)) / "store"


def default_vendor_dir() -> Path:
    """``node_modules`` of the repository, where ``make setup`` (``npm ci``) installs.

    >>> default_vendor_dir().name
    'node_modules'
    """
    return Path(__file__).resolve().parent.parent / "node_modules"


def default_query_workers() -> int:
    """Query workers started when none is configured: twice the CPUs, 4 to 8.

    More workers than CPUs, because a worker waits while the service process
    reads its next request and writes its last answer (on 2 cores, 4 workers
    served 20–25% more look-ups than 2); and one runaway query then holds a
    smaller share of them.

    >>> 4 <= default_query_workers() <= 8
    True
    """
    return max(4, min(8, 2 * (os.cpu_count() or 2)))


def _split_list(value: Any) -> Any:
    """Accept a JSON list or a comma-separated string for list settings."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [item.strip() for item in text.split(",") if item.strip()]
    return value


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
    host: str = Field(default="127.0.0.1", description="Address `oversight serve` listens on.")
    port: int = Field(
        default=8000, ge=0, le=65535, description="Port `oversight serve` listens on."
    )
    tokens: dict[str, Role] = Field(
        default_factory=dict,
        repr=False,
        description=(
            'Bearer tokens and their roles, as JSON: \'{"s3cret": "write"}\'. Without a '
            "write token SPARQL Update is refused; with any read token, queries need a token too."
        ),
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed by CORS (comma-separated or JSON list); empty = CORS off.",
    )
    service_allowlist: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Hosts a SPARQL SERVICE clause or LOAD may reach (comma-separated or JSON "
            "list); empty = SERVICE and LOAD are refused."
        ),
    )
    query_workers: int = Field(
        default_factory=default_query_workers,
        gt=0,
        description="Queries run in parallel (worker processes for the embedded store).",
    )
    vendor_dir: Path = Field(
        default_factory=default_vendor_dir,
        description=(
            "Folder of the npm-installed browser libraries (YASGUI, cytoscape), served at "
            "/vendor/<package>/<file>; only packages listed in the package.json beside it."
        ),
    )

    @field_validator("cors_origins", "service_allowlist", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _split_list(value)

    @field_validator("service_allowlist", mode="after")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        return [host.strip().lower() for host in value if host.strip()]

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


def saved_projection_folder(settings: Settings) -> Path | None:
    """Where copies of the projection are saved: beside an embedded store, else nowhere.

    >>> saved_projection_folder(Settings(data_dir=Path("/data/store"))).name
    'store.projection'
    >>> saved_projection_folder(Settings(store_backend="memory")) is None
    True
    """
    from graph.saved_projection import projection_folder  # networkx only when needed

    if settings.store_backend != "embedded":
        return None
    return projection_folder(settings.data_dir)


def open_configured_store(settings: Settings) -> Store:
    """Open the store the settings describe (embedded, memory or remote)."""
    if settings.store_backend == "memory":
        return open_store(memory=True)
    if settings.store_backend == "remote":
        return open_store(remote=settings.remote_config())
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return open_store(settings.data_dir)
