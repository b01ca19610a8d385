"""The national indicator catalogue, councils and regions, and the neighbour models, from
the data files in comparators/catalogue (run again by `load_comparators`)."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from comparators.catalogue.sync import sync_catalogue

    sync_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("comparators", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
