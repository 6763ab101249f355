"""Fixtures for benchmarking: the shipped SPBE 2020 framework, and framework folders to
break."""
import shutil

import pytest

from app.benchmarking.frameworks import FRAMEWORKS_DIR, load_framework, sync_framework

SPBE_2020 = FRAMEWORKS_DIR / "spbe-2020"


@pytest.fixture
def spbe(db):
    framework, _summary = sync_framework(load_framework(SPBE_2020))
    return framework


@pytest.fixture
def framework_copy(tmp_path):
    """A copy of the SPBE 2020 folder that a test may edit."""
    folder = tmp_path / "spbe-copy"
    shutil.copytree(SPBE_2020, folder)
    return folder
