import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Every test starts with no sign-ups counted: the per-client limit is kept in the
    cache, and all test requests come from one address."""
    cache.clear()
    yield
    cache.clear()
