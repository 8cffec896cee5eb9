from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "watchdesk.search"
    label = "watchdesk_search"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("search")
