"""The comparators' tests read real files: copies of the DfE's published files (slices of
them, byte for byte) kept beside the tests in files/."""

from pathlib import Path

import pytest

FILES = Path(__file__).resolve().parent / "files"


@pytest.fixture
def catalogue(db):
    """The national indicator catalogue, councils, regions and neighbours (a transactional
    test elsewhere may have flushed what the migration loaded)."""
    from comparators.catalogue.sync import sync_catalogue
    from comparators.models import Indicator

    if not Indicator.objects.exists():
        sync_catalogue()


@pytest.fixture
def files():
    return FILES
