"""A query worker hands back the memory a long query freed (glibc keeps it otherwise)."""

from __future__ import annotations

import os
import sys

import pytest

from service.query_worker import release_memory


def resident_mib() -> float:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; glibc only")
def test_memory_freed_by_a_large_job_goes_back_to_the_system() -> None:
    kept, freed = [], []
    for _ in range(2000):  # 200 MB in blocks under glibc's mmap threshold, pinned by small ones
        freed.append(bytes(100_000))
        kept.append(bytes(600))
    del freed
    before = resident_mib()
    assert release_memory()
    assert resident_mib() < before - 100
    assert len(kept) == 2000
