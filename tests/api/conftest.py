import pytest
from django.core.cache import cache

from watchdesk.monitoring import queries


@pytest.fixture(autouse=True)
def _fresh_rate_limit(monkeypatch):
    """Every test starts with an empty request history (the limit is kept in the cache,
    and all test requests come from one address), and with warm site-root memos so that
    query counts do not depend on how slow the machine is."""
    cache.clear()
    monkeypatch.setattr(queries, "_ROOTS_TTL", 3600.0)
    yield
    cache.clear()
