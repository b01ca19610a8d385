from django.apps import AppConfig


class ComparatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comparators"
    verbose_name = "Published statistics (comparators)"
