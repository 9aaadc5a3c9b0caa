import factory


class FacetedItemFactory(factory.django.DjangoModelFactory):
    """What the factories of faceted items share; tags are not indexed (use the kind's services
    for that)."""

    class Meta:
        abstract = True

    categories = factory.LazyFunction(lambda: ["environment/water"])


class FacetTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    facet = "hazard"
    value = "floods"
