"""Shared pieces of extraction: boilerplate lines, verdict lines, safe HTML."""

from __future__ import annotations

import html
import re

import nh3

from watchdesk.analysis.verdicts import parse_verdict

STATUS_LINE = re.compile(
    r"^\s*(?:category\s+status|статус\s+категории|статус\s+катэгорыі)\s*[:：]?\s*(?P<phrase>.*)$",
    re.IGNORECASE,
)
# A standalone verdict sentence ("The situation got worse.", "Ситуация не изменилась").
_VERDICT_SENTENCE = re.compile(
    r"^\s*[-–—(]*\s*(?:the\s+)?(?:situation|ситуация|сітуацыя|положение|становішча)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^\s*(?:error message|сообщение об ошибке|"
    r"(?:notice|warning|deprecated|strict standards|fatal error)\s*:.*|"
    r"subscribe to receive analytics.*|подпис\w+ на .*|падпіс\w+ на .*|"
    r"share\s*:.*|поделиться.*|падзяліцца.*|recent trends|последние тренды|апошнія трэнды|"
    r"similar articles|похожие статьи|падобныя артыкулы|read more|читать далее|чытаць далей|"
    r"©.*all rights reserved.*|all rights reserved.*)\s*$",
    re.IGNORECASE,
)
_PHP_NOTICE = re.compile(r"\b(?:in|on)\s+line\s+\d+|\(line \d+ of /", re.IGNORECASE)

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "hr",
}


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.match(line)) or bool(_PHP_NOTICE.search(line) and "/" in line)


def verdict_in_line(line: str) -> str | None:
    """The verdict phrase a line carries: after "Category status:" or as a standalone
    "The situation …" sentence; None for an ordinary line."""
    status = STATUS_LINE.match(line)
    if status:
        return status.group("phrase").strip()
    if len(line) <= 90 and _VERDICT_SENTENCE.match(line) and parse_verdict(line).recognised:
        return line.strip()
    return None


def safe_html(html: str) -> str:
    """Markup an editor may keep: paragraphs, headings, emphasis, lists, links; no script,
    event handler, style or ``javascript:`` address survives."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    ).strip()


def paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
