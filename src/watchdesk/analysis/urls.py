"""Canonical forms of article addresses, so that URL variants collapse to one key.

Old monitoring sites serve one article as ``http://site/x?page=1``,
``https://www.site/x`` and ``https://mirror-domain/x``. ``canonical_url`` maps all
of them to ``site/x``: no scheme, no ``www.``, no default port, no tracking or
paging parameters, no trailing slash or ``index.html``, and alternate domains
folded into the main one.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

# Query parameters that never identify a different article.
IGNORED_PARAMS = {
    "page",
    "fbclid",
    "gclid",
    "yclid",
    "ref",
    "from",
    "share",
    "amp",
    "print",
    "lang",
}
IGNORED_PREFIXES = ("utm_",)
INDEX_FILES = ("index.html", "index.htm", "index.php")


def canonical_url(url: str, *, aliases: Mapping[str, str] | None = None) -> str | None:
    """``host/path?significant=params`` for an http(s) address, or None if it is not one.

    ``aliases`` maps alternate host names to the main one
    (``{"monitor-by.example": "belarusmonitor.example"}``).
    """
    text = (url or "").strip()
    if not text:
        return None
    if "://" not in text and not text.startswith("//"):
        return None
    try:
        parts = urlsplit(text if "://" in text else "http:" + text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if aliases:
        host = aliases.get(host, host)
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = unquote(parts.path or "/")
    while "//" in path:
        path = path.replace("//", "/")
    for index in INDEX_FILES:
        if path.endswith("/" + index):
            path = path[: -len(index)]
    path = path.rstrip("/") or ""
    params = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=False)
        if k.lower() not in IGNORED_PARAMS and not k.lower().startswith(IGNORED_PREFIXES)
    )
    query = f"?{urlencode(params)}" if params else ""
    return f"{host}{path}{query}"


def parse_aliases(values: list[str]) -> dict[str, str]:
    """``["mirror.example=main.example", …]`` → ``{"mirror.example": "main.example"}``."""
    aliases: dict[str, str] = {}
    for value in values:
        alias, sep, main = value.partition("=")
        if not sep or not alias.strip() or not main.strip():
            raise ValueError(f"{value!r} is not ALTERNATE=MAIN (for example mirror.by=main.by)")
        aliases[alias.strip().lower().removeprefix("www.")] = (
            main.strip().lower().removeprefix("www.")
        )
    return aliases
