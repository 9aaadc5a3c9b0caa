import factory

from cityhive.places.models import Place


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ["geonames_id"]

    geonames_id = factory.Sequence(lambda n: 9_000_000 + n)
    name = factory.Sequence(lambda n: f"Testville {n}")
    search_name = factory.LazyAttribute(lambda place: place.name.casefold())
    country = "BR"
    admin1_code = "30"
    continent = "SA"
    population = 1_500_000
    latitude = -8.05
    longitude = -34.9
    timezone = "America/Recife"
