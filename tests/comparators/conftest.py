"""The comparators' tests read real files: copies of the DfE's published files (slices of
them, byte for byte) kept beside the tests in files/."""

from pathlib import Path

import pytest

FILES = Path(__file__).resolve().parent / "files"


@pytest.fixture
def files():
    return FILES
