"""Subscribers built directly, and a mail backend that refuses chosen addresses."""

from __future__ import annotations

import re

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone
from wagtail.models import Locale

from watchdesk.analysis.weeks import Week
from watchdesk.monitoring import queries
from watchdesk.newsletter.models import Subscriber

LINK = re.compile(r"https?://\S+/digest/(?:confirm|unsubscribe)/\S+/")


def confirmed(email: str, language: str = "en", trend_keys=()) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        language=language,
        trend_keys=[str(k) for k in trend_keys],
        confirmed_at=timezone.now(),
    )


def sample_week() -> Week:
    """The week the sample archive's English home page leads with."""
    return queries.front_week(Locale.objects.get(language_code="en").pk)


def link_in(text: str) -> str:
    found = LINK.findall(text)
    assert len(found) == 1, text
    return found[0]


class RefusingBackend(LocmemBackend):
    """Delivers like the test backend except to the addresses in ``refused``."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refused:
                raise ConnectionRefusedError("the mail server refused the connection")
        return super().send_messages(messages)
