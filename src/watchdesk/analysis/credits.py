"""Photo credit lines: "Image: BelTA", "Фото: RFRM", "Фота: president.gov.by", "(c) …"."""

from __future__ import annotations

import re

_CREDIT = re.compile(
    r"^\s*(?:"
    r"(?:photo|photos|image|images|picture|illustration|graphic|photo\s+illustration"
    r"|фото|фотография|изображение|иллюстрация|фота|фотаздымак|выява|ілюстрацыя)\s*[:：]"
    r"|\(c\)|\(с\)|©"
    r")\s*\S",
    re.IGNORECASE,
)
MAX_CREDIT_LENGTH = 160


def is_credit_line(line: str) -> bool:
    """True for a short line that names the source of a photo."""
    stripped = line.strip()
    return 0 < len(stripped) <= MAX_CREDIT_LENGTH and bool(_CREDIT.match(stripped))
