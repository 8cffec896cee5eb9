"""The anonymous rate limit of the API, read from settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from ninja.throttling import AnonRateThrottle


class ReaderThrottle(AnonRateThrottle):
    """Readers share ``WATCHDESK_API_ANON_RATE`` per client address (counted in the
    default cache); signed-in staff, and editors who may use Wagtail's admin, are not
    limited."""

    scope = "watchdesk_api_anon"

    def __init__(self) -> None:
        super().__init__(rate=settings.WATCHDESK_API_ANON_RATE)

    def allow_request(self, request) -> bool:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))
        ):
            return True
        # Read on each request, so a changed setting applies without rebuilding the API.
        if self.rate != settings.WATCHDESK_API_ANON_RATE:
            self.rate = settings.WATCHDESK_API_ANON_RATE
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request) -> str | None:
        # Ninja's own reading trusts X-Forwarded-For from anyone, so a client could
        # claim a new address with every request. Only behind the site's own proxy
        # (WATCHDESK_BEHIND_PROXY, which turns USE_X_FORWARDED_HOST on) is the header
        # believed, and then only its last entry: the address that proxy saw.
        if settings.USE_X_FORWARDED_HOST:
            last = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
            if last:
                return last
        return request.META.get("REMOTE_ADDR")


def check_rate(rate: str) -> None:
    """Fail at start-up, not on the first request, when the configured rate is unreadable."""
    try:
        count, seconds = ReaderThrottle.parse_rate(ReaderThrottle, rate)
    except ValueError:
        count = seconds = None
    if not (count and count > 0 and seconds and seconds > 0):
        raise ImproperlyConfigured(
            f"WATCHDESK_API_ANON_RATE={rate!r} is not a rate; write it as requests/period, "
            "such as 120/m (periods: s, m, h, d)."
        )
