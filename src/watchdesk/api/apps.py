from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "watchdesk.api"
    label = "watchdesk_api"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("api")

    def ready(self) -> None:
        from django.conf import settings

        from watchdesk.api.throttling import check_rate

        check_rate(settings.WATCHDESK_API_ANON_RATE)
