"""Schemathesis: generated requests to public read operations get documented answers, no 500."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application).include(method="GET")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_public_reads_conform_to_the_schema(case):
    case.call_and_validate()
