"""Shared fixtures: the sample archive (loaded once per run), personas and factories.

Most tests read the illustrative sample archive that ``watchdesk demo`` serves; it
is loaded into the test database once and every test runs in a rolled-back
transaction on top of it. Browser tests need committed data and run last.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from watchdesk.monitoring import bootstrap


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from watchdesk.sample.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()


def pytest_collection_modifyitems(config, items):
    # Browser tests use committed data and flush the database afterwards, so they
    # must come after every test that relies on the session's sample archive.
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath).replace("\\", "/"))


@pytest.fixture
def sample(db):
    """The loaded sample archive's pages, by trend key and language."""
    from watchdesk.monitoring.models import HomePage, TrendPage

    trends: dict[str, dict[str, TrendPage]] = {}
    for trend in TrendPage.objects.select_related("locale"):
        trends.setdefault(trend.slug, {})[trend.locale.language_code] = trend
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    return {"trends": trends, "homes": homes}


def _user(username: str, *groups: str, superuser: bool = False):
    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery", email=f"{username}@example.org"
    )
    user.is_superuser = user.is_staff = superuser
    user.save()
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def analyst(db):
    """Writes in "Security issues" only; may draft and submit, never publish."""
    return _user("analyst", bootstrap.ANALYSTS, f"{bootstrap.ANALYSTS}: Security issues")


@pytest.fixture
def editor(db):
    return _user("editor", bootstrap.EDITORS)


@pytest.fixture
def reader():
    """An anonymous visitor."""
    return Client()


@pytest.fixture
def login():
    def as_user(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user
