"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("OVERSIGHT_SHARED_DIR", REPO.parent / "shared"))


def _shared_folder(name: str) -> Path:
    folder = SHARED / name
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: this integration test needs the shared {name} folder")
    return folder


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    """``../shared/data`` (real national open data); skips the test when absent."""
    return _shared_folder("data")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``../shared/corpus`` (the five council documents); skips the test when absent."""
    return _shared_folder("corpus")


@pytest.fixture(scope="session")
def w3c_dir() -> Path:
    """``../shared/w3c-sparql11`` (W3C test manifests); skips the test when absent."""
    return _shared_folder("w3c-sparql11")
