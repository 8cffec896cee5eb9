"""Typed access to environment variables, failing loudly on bad values.

Every variable read through these helpers is recorded in ``USED`` so that a test
can check that each one is documented in the README.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

USED: dict[str, str] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, kind: str) -> str | None:
    USED[name] = kind
    return os.environ.get(name)


def env_str(name: str, default: str = "") -> str:
    value = _raw(name, "string")
    return default if value is None else value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name, "boolean")
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false or yes/no.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name, "integer")
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name, "comma-separated list")
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/systemd style)."""
    value = _raw(name, "secret")
    path = _raw(f"{name}_FILE", "path to a file holding the secret")
    if value and path:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from None
    return (value or "").strip()


def env_path(name: str, default: str) -> Path:
    value = _raw(name, "path")
    return Path(value or default).expanduser().resolve()
