from django.db import migrations

from cityhive.core.search import fts_operations


class Migration(migrations.Migration):
    dependencies = [("challenges", "0001_initial")]
    operations = [fts_operations("challenges_challenge", ["title", "description"])]
