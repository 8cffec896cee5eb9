from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "watchdesk.newsletter"
    label = "watchdesk_newsletter"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("newsletter")

    def ready(self) -> None:
        from watchdesk.throttling import check_rate

        check_rate("WATCHDESK_SIGNUP_RATE", "10/h")
