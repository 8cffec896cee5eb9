from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from watchdesk.importer.views import DateCheckReport


@hooks.register("register_admin_urls")
def register_date_check_urls():
    return [
        path("reports/date-check/", DateCheckReport.as_view(), name="importer_date_check"),
        path(
            "reports/date-check/results/",
            DateCheckReport.as_view(results_only=True),
            name="importer_date_check_results",
        ),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def register_date_check_menu_item():
    return EditorsMenuItem(
        _("Date check"),
        reverse("importer_date_check"),
        name="date-check",
        icon_name="date",
        order=650,
    )
