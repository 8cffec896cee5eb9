import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from watchdesk.monitoring import queries
from watchdesk.monitoring.verdicts import Verdict
from watchdesk.search.engine import MAX_PAGE, Filters

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the archive"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    trend = forms.ChoiceField(label=_("Trend"), required=False)
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", _("Any verdict")), *Verdict.choices],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages")), *settings.LANGUAGES]
        self.fields["trend"].choices = [("", _("All trends")), *queries.trend_choices(language)]

    def _in_range(self, name: str):
        day = self.cleaned_data.get(name)
        if day and not (EARLIEST <= day <= LATEST):
            raise forms.ValidationError(_("Choose a date between 1900 and 2200."))
        return day

    def clean_since(self):
        return self._in_range("since")

    def clean_until(self):
        return self._in_range("until")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            language=data.get("language") or "",
            trend_key=data.get("trend") or "",
            verdict=data.get("verdict") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
