"""Regular expressions for long word lists, built as a trie.

Python's ``re`` tries the branches of ``(?:january|jan|june|…)`` one by one at every
position; the same list factored into a trie (``(?:j(?:an(?:uary)?|une)|…)``) fails
fast after one or two characters, which matters when dozens of month names in three
languages are looked for in every imported commentary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """A non-capturing regex matching exactly the given words (longest match first)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _render(trie) or "(?!)"


def _render(node: dict) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _render(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # A word that is a prefix of others: the longer ones are tried first.
        return f"(?:{body})?"
    return body
