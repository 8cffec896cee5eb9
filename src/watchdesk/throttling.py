"""Rate limits for anonymous clients (the JSON API, digest sign-ups), read from settings."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from ninja.throttling import AnonRateThrottle


class _PerThread:
    """An attribute each thread sees its own value of."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        try:
            return getattr(obj._per_thread, self.name)
        except AttributeError:
            raise AttributeError(self.name) from None

    def __set__(self, obj, value) -> None:
        setattr(obj._per_thread, self.name, value)


class ClientThrottle(AnonRateThrottle):
    """Anonymous clients share the rate in the setting named ``setting`` per client
    address (counted in the default cache); signed-in staff, and editors who may use
    Wagtail's admin, are not limited."""

    # Ninja keeps the request being checked on the throttle (its cache key, history and
    # time, read again by ``wait()``), and the API has one throttle for all requests: in
    # a threaded server each thread must see its own.
    key = _PerThread()
    history = _PerThread()
    now = _PerThread()

    def __init__(self, scope: str, setting: str) -> None:
        self._per_thread = threading.local()
        self.scope, self.setting = scope, setting
        super().__init__(rate=getattr(settings, setting))

    def allow_request(self, request) -> bool:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))
        ):
            return True
        # Read on each request, so a changed setting applies without a restart.
        rate = getattr(settings, self.setting)
        if self.rate != rate:
            self.rate = rate
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


def api_throttle() -> ClientThrottle:
    return ClientThrottle("watchdesk_api_anon", "WATCHDESK_API_ANON_RATE")


def signup_throttle() -> ClientThrottle:
    return ClientThrottle("watchdesk_signup", "WATCHDESK_SIGNUP_RATE")


def check_rate(setting: str, example: str) -> None:
    """Fail at start-up, not on the first request, when a configured rate is unreadable."""
    rate = getattr(settings, setting)
    try:
        count, seconds = AnonRateThrottle.parse_rate(AnonRateThrottle, rate)
    except ValueError:
        count = seconds = None
    if not (count and count > 0 and seconds and seconds > 0):
        raise ImproperlyConfigured(
            f"{setting}={rate!r} is not a rate; write it as requests/period, "
            f"such as {example} (periods: s, m, h, d)."
        )
