from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "watchdesk.newsletter"
    label = "watchdesk_newsletter"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("newsletter")
