"""Every model of ours has a factory_boy factory, and each factory builds a valid saved row."""

import importlib
import pkgutil

import factory
import pytest
from django.apps import apps

import cityhive


def _factory_modules():
    for module in pkgutil.walk_packages(cityhive.__path__, "cityhive."):
        if module.name.endswith(".tests.factories"):
            yield importlib.import_module(module.name)


def _factories() -> dict:
    found = {}
    for module in _factory_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
            ):
                found.setdefault(value._meta.model, value)
    return found


OUR_MODELS = [
    model
    for config in apps.get_app_configs()
    if config.name.startswith("cityhive.")
    for model in config.get_models()
]


def test_every_model_has_a_factory():
    missing = sorted(m._meta.label for m in OUR_MODELS if m not in _factories())
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_each_factory_saves_a_row(model):
    row = _factories()[model]()
    assert model.objects.filter(pk=row.pk).exists()
