"""Settings for every test: none reads or writes the data folder of whoever runs them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

# No time limit per example: a busy two-core machine running the whole suite on two
# workers is slow now and then, and speed is measured by `make bench`, not by tests.
settings.register_profile("course", deadline=None)
settings.load_profile("course")


@pytest.fixture(autouse=True, scope="session")
def _own_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A data folder of the test session's own, unless a test sets another."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CASERATE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield
