import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from config.api import api


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema to docs/openapi.json (committed, checked by a test)."

    def handle(self, *args, **options):
        target = Path(settings.BASE_DIR) / "docs" / "openapi.json"
        target.write_text(json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True) + "\n")
        self.stdout.write(f"Wrote {target}")
