"""Line types contributed by apps above the exchange: registered, routed, in a stable order."""

import pytest

from cityhive.exchange import registry
from cityhive.exchange.records import TYPES


def test_the_exchanges_own_types_come_first_then_the_contributed_ones_by_name(monkeypatch):
    monkeypatch.setattr(registry, "_types", dict(registry._types))
    line_type = registry.contributed("assessment")
    registry.line_type_register(
        registry.LineType(
            name="audit_note",
            schema={"type": "object"},
            check=lambda data, vocabulary: {},
            key_fields=("city",),
            references=(),
            owner="city",
            write=lambda batch, **kwargs: None,
            export=lambda actor: [],
        )
    )
    assert registry.all_types() == (*TYPES, "assessment", "audit_note", "project")
    assert [t.name for t in registry.contributed_types()] == [
        "assessment",
        "audit_note",
        "project",
    ]
    assert registry.contributed("assessment") is line_type
    assert registry.contributed("solution") is None


def test_an_app_cannot_take_one_of_the_exchanges_own_type_names():
    own = registry.contributed("assessment")
    with pytest.raises(ValueError, match="'solution' is one of the exchange's own types"):
        registry.line_type_register(registry.LineType(**{**own.__dict__, "name": "solution"}))
    assert registry.all_types() == (*TYPES, "assessment", "project")
