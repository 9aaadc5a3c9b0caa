import factory


class StoredFileFactory(factory.django.DjangoModelFactory):
    """What the factories of stored files share: a PDF by default, its size the file's."""

    class Meta:
        abstract = True

    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
