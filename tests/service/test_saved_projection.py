"""A restarted service reads the projection it saved, when the store has not changed."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.deps import ServiceState
from service.settings import Settings


def _bradford(settings: Settings) -> tuple[list[str], tuple[int, int]]:
    """Start the service, search for Bradford, stop; the hits and (builds, reads)."""
    with TestClient(create_app(settings)) as client:
        found = client.get("/api/bodies", params={"q": "Bradford", "limit": 3}).json()
        state: ServiceState = client.app.state.oversight  # type: ignore[attr-defined]
        counts = state.projections.builds, state.projections.reads
    return [b["id"] for b in found["items"]], counts


def test_a_restarted_service_reads_its_saved_projection(tmp_path: Path) -> None:
    settings = Settings(store_backend="embedded", data_dir=tmp_path / "store", query_workers=1)
    first, counts = _bradford(settings)
    assert "la/380" in first and counts == (1, 0)
    assert any((tmp_path / "store.projection").iterdir())

    again, counts = _bradford(settings)
    assert again == first and counts == (0, 1)
