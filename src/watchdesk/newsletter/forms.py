from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from watchdesk.monitoring import queries


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language of the digest"), choices=settings.LANGUAGES)
    trends = forms.MultipleChoiceField(
        label=_("Trends to follow"),
        help_text=_("Leave all unticked to receive every trend."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Hidden from people by the stylesheet and from assistive technology by its label;
    # form-filling bots tend to complete every field they find.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        self.fields["trends"].choices = queries.trend_choices(language)

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
