from django.apps import AppConfig


class ExceptionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exceptions"
    verbose_name = "Exception reports"
