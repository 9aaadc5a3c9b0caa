"""Give every city that already has needs a needs profile row with a visibility.

Until now any signed-in account read every needs profile. Existing profiles of real cities become
"partners" (the new default: members of verified organisations), which narrows who reads them
without hiding them from the programme's partners. The demo cities' profiles become public, so the
demo's unverified demo companies keep seeing the cities their solutions cover.
"""

from django.db import migrations


def visibility_set(apps, schema_editor):
    NeedItem = apps.get_model("challenges", "NeedItem")
    NeedsProfile = apps.get_model("challenges", "NeedsProfile")
    Organisation = apps.get_model("directory", "Organisation")
    with_needs = NeedItem.objects.values("city_id").distinct()
    cities = Organisation.objects.filter(pk__in=with_needs, needs_profile__isnull=True)
    NeedsProfile.objects.bulk_create(
        NeedsProfile(city_id=pk, visibility="public" if is_demo else "partners")
        for pk, is_demo in cities.values_list("pk", "is_demo")
    )


class Migration(migrations.Migration):
    dependencies = [("challenges", "0003_needs_profile"), ("directory", "0001_initial")]
    operations = [migrations.RunPython(visibility_set, migrations.RunPython.noop)]
