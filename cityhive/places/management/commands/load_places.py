from django.core.management.base import BaseCommand

from cityhive.places.services import places_load


class Command(BaseCommand):
    help = "Load the GeoNames world cities (population > 15,000); safe to run again."

    def handle(self, *args, **options):
        count = places_load()
        self.stdout.write(f"{count} GeoNames cities loaded.")
