from django.db import migrations


class Migration(migrations.Migration):
    """The page cache is gone, and with it the number it was keyed on."""

    dependencies = [
        ("improvement", "0005_plan_data_version"),
    ]

    operations = [
        migrations.RemoveField(model_name="plan", name="data_version"),
    ]
