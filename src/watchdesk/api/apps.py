from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "watchdesk.api"
    label = "watchdesk_api"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("api")

    def ready(self) -> None:
        from watchdesk.throttling import check_rate

        check_rate("WATCHDESK_API_ANON_RATE", "120/m")
