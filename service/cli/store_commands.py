"""Store commands: load, sources, remove, query, validate."""

from __future__ import annotations
