"""Every measure is recorded to at least as many decimal places as its saved figures and
baseline have (at most 4), so that a figure entered before places were checked (79.5 on a
measure shown to 0 places) is shown as entered, not rounded, and stays valid."""

from django.db import migrations

MOST = 4  # the figures' columns hold 4 decimal places


def _places(value):
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent)


def hold_every_figure(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    Actual = apps.get_model("measures", "Actual")
    needed = {}
    figures = Actual.objects.exclude(value=None).values_list("measure_id", "value")
    for measure_id, value in figures.iterator(chunk_size=2000):
        needed[measure_id] = max(needed.get(measure_id, 0), _places(value))
    for measure in Measure.objects.only("pk", "decimal_places", "baseline"):
        places = needed.get(measure.pk, 0)
        if measure.baseline is not None:
            places = max(places, _places(measure.baseline))
        places = min(MOST, places)
        if places > measure.decimal_places:
            Measure.objects.filter(pk=measure.pk).update(decimal_places=places)


class Migration(migrations.Migration):
    dependencies = [("measures", "0003_text_limits_and_decimal_places")]

    operations = [migrations.RunPython(hold_every_figure, migrations.RunPython.noop)]
