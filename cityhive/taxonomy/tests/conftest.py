import pytest

from cityhive.taxonomy.services import reference_data_load


@pytest.fixture
def reference_data(db):
    """The shipped SDG, KPI and vocabulary rows, loaded into the test database."""
    return reference_data_load()
