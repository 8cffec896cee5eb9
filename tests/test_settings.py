"""Settings come from the environment, with loud errors and a strict production mode."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from watchdesk import conf

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({k: getattr(settings, k) for k in "
    "['DEBUG','SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS',"
    "'SECURE_SSL_REDIRECT','TIME_ZONE']}))"
)


def _settings(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WATCHDESK_", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"))
    }
    clean.update(
        {"WATCHDESK_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "watchdesk.settings", **env}
    )
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _settings(tmp_path, WATCHDESK_PRODUCTION="1", ALLOWED_HOSTS="monitor.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set in production mode" in result.stderr


def test_production_refuses_a_short_key(tmp_path):
    result = _settings(
        tmp_path, WATCHDESK_PRODUCTION="1", SECRET_KEY="short", ALLOWED_HOSTS="x.org"
    )
    assert result.returncode != 0 and "too short" in result.stderr


def test_production_mode_is_secure(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("k" * 60)
    result = _settings(
        tmp_path,
        WATCHDESK_PRODUCTION="1",
        SECRET_KEY_FILE=str(key_file),
        ALLOWED_HOSTS="monitor.example.org",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert (
        values["SESSION_COOKIE_SECURE"]
        and values["CSRF_COOKIE_SECURE"]
        and values["SECURE_SSL_REDIRECT"]
    )
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000


def test_development_defaults_and_time_zone(tmp_path):
    result = _settings(tmp_path, WATCHDESK_TIME_ZONE="Europe/Vilnius")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is True and values["TIME_ZONE"] == "Europe/Vilnius"


@pytest.mark.parametrize(
    ("helper", "value", "message"),
    [
        (lambda: conf.env_bool("WD_TEST_FLAG", False), "perhaps", "not a boolean"),
        (lambda: conf.env_int("WD_TEST_FLAG", 1), "ten", "not a whole number"),
        (lambda: conf.env_int("WD_TEST_FLAG", 1, minimum=5), "2", "below the minimum"),
    ],
)
def test_bad_values_fail_loudly(monkeypatch, helper, value, message):
    monkeypatch.setenv("WD_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        helper()


def test_secret_from_a_file_and_not_both(monkeypatch, tmp_path):
    path = tmp_path / "secret"
    path.write_text("from-file\n")
    monkeypatch.setenv("WD_SECRET_FILE", str(path))
    assert conf.env_secret("WD_SECRET") == "from-file"
    monkeypatch.setenv("WD_SECRET", "inline")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        conf.env_secret("WD_SECRET")
