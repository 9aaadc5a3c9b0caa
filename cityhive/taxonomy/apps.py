from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "cityhive.taxonomy"
    label = "taxonomy"
    verbose_name = "Reference taxonomies"
