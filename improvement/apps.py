from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "improvement"
    verbose_name = "Improvement plans"

    def ready(self):
        from . import changes  # noqa: F401  (connects the receivers that track changes)
