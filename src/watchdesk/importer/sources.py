"""Finding import sources and telling their formats apart."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("auto", "text", "html", "feed", "jsonl")
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
MAX_BYTES = 20 * 1024 * 1024  # one source file; anything larger is not a saved page


@dataclass
class Source:
    origin: str
    format: str
    text: str | None
    error: str = ""


def detect_format(name: str, text: str) -> str:
    """The format a source is in, from its content first and its name second."""
    head = text.lstrip("\ufeff \t\r\n")[:600].lower()
    if head.startswith("{") and '"type"' in head[:200]:
        return "jsonl"
    if head.startswith("<?xml") or head.startswith("<rss") or head.startswith("<feed"):
        if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
            return "feed"
        if "<html" in head:
            return "html"
    if head.startswith("<!doctype html") or "<html" in head or "<body" in head:
        return "html"
    return _EXTENSIONS.get(Path(name).suffix.lower(), "text")


def _read(path: Path) -> tuple[str | None, str]:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, f"larger than {MAX_BYTES // (1024 * 1024)} MB; not imported"
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return storable(data.decode(encoding)), ""
        except UnicodeDecodeError:
            continue
    return storable(data.decode("utf-8", errors="replace")), ""


def storable(text: str) -> str:
    """Text a database can keep: NUL characters (refused by PostgreSQL) become U+FFFD."""
    return text.replace("\x00", "\ufffd")


def iter_sources(paths: list[str], fmt: str = "auto", *, stdin=None) -> Iterator[Source]:
    """Every file under the given paths (directories recursively; ``-`` is standard input)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    for given in paths:
        if given == "-":
            text = storable((stdin or sys.stdin).read())
            yield Source("-", fmt if fmt != "auto" else detect_format("-", text), text)
            continue
        path = Path(given)
        if not path.exists():
            yield Source(given, fmt, None, "no such file or directory")
            continue
        if path.is_dir():
            # In a directory, only files that look like sources (not images, maps, notes).
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in _EXTENSIONS
            )
        else:
            files = [path]
        for file in files:
            text, error = _read(file)
            shown = str(file)
            if text is None:
                yield Source(shown, fmt, None, error)
            else:
                yield Source(shown, fmt if fmt != "auto" else detect_format(file.name, text), text)
