"""The data-quality report: imported commentaries whose stated date looks wrong."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from watchdesk.monitoring.models import CommentaryPage


class DateCheckReport(ReportView):
    page_title = _("Date check")
    header_icon = "date"
    template_name = "wagtailadmin/reports/base_report.html"
    results_template_name = "importer/date_check_results.html"
    index_url_name = "importer_date_check"
    index_results_url_name = "importer_date_check_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = [
        "title",
        "published_at",
        "written_estimate",
        "written_confidence",
        "date_evidence",
    ]
    export_headings = {
        "published_at": _("Stated date"),
        "written_estimate": _("Estimated writing date"),
        "written_confidence": _("Confidence"),
        "date_evidence": _("Evidence"),
    }

    def get_queryset(self):
        return (
            CommentaryPage.objects.filter(date_flagged=True)
            .select_related("trend", "locale")
            .order_by("-written_confidence", "published_at")
        )
