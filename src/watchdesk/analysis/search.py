"""Search text: how commentaries are written into the full-text index and how a reader's
query is read, in English, Russian and Belarusian. No Django here.

Both sides go through the same normaliser, so the database's own tokenizer (SQLite
FTS5 "unicode61", PostgreSQL's "simple" configuration) only ever sees finished terms:

- English words become simplemma lemmas ("elections" → "election"), Russian words
  Snowball stems ("выборах", "выборы" → "выбор"), Belarusian words the light stems of
  ``textnorm`` ("выбараў" → "выбар"). Stop words are dropped on both sides, so a quoted
  phrase matches the same neighbouring terms in the index.
- Names written differently across languages and transliterations share one term
  (data/name_variants.json): "Lukashenka", "Лукашэнкі" and "Лукашенко" all index and
  search as ``lukashenko``.
- Facets (language, trend, verdict, month and year of publication) are extra terms
  in the same document, so a filter narrows the full-text match itself instead of
  being applied to a long list of matches afterwards.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from watchdesk.analysis import textnorm

LANGUAGES = ("en", "ru", "be")
MAX_QUERY_TERMS = 12
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"?')


# --- words ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _russian_stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


_terms: dict[tuple[str, str], str] = {}


def _term(word: str, language: str) -> str:
    """One lower-cased word as the index stores it (before name grouping)."""
    key = (word, language)
    found = _terms.get(key)
    if found is None:
        if word.endswith(("'s", "’s")):  # possessive: "Makei's" is Makei
            word = word[:-2]
        if word.isascii() and word.isdigit():
            found = word
        elif language == "ru":
            found = _russian_stemmer().stemWord(word.replace("ё", "е"))
        elif language == "be":
            found = textnorm.stem_belarusian(word)
        else:
            found = textnorm._lemma(word, "en")
        # Letters and 0-9 only: "²" or "٣" count as word characters in Python but make
        # no lexeme in PostgreSQL, which would silently drop them from a query.
        found = "".join(c for c in found if c.isalpha() or c in "0123456789")
        if len(_terms) < 1_000_000:
            _terms[key] = found
    return found


@lru_cache(maxsize=1)
def _spellings() -> dict[str, list[str]]:
    """Group key → every spelling of the name (data/name_variants.json), lower-cased."""
    raw = json.loads(
        resources.files("watchdesk.analysis").joinpath("data", "name_variants.json").read_text()
    )
    return {
        g["key"]: [w.lower() for lang in LANGUAGES for w in g.get(lang, [])] for g in raw["names"]
    }


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every normalised spelling of a grouped name → the group's key."""
    out: dict[str, str] = {}
    for key, spellings in _spellings().items():
        for word in spellings:
            # A reader may type any spelling while searching in any language.
            for language in LANGUAGES:
                out[_term(word, language)] = key
            out[word] = key
    return out


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def terms(text: str, language: str) -> list[str]:
    """The text's index terms in order: stop words out, names grouped."""
    stops = textnorm.stop_words(language)
    names = _names()
    out = []
    for word in _words(text):
        if word in stops or (len(word) < 2 and not word.isdigit()):
            continue
        term = _term(word, language)
        if not term or term in stops:
            continue
        out.append(names.get(term, term))
    return out


# --- facets ---------------------------------------------------------------------------
# Letters and digits only: both databases' tokenizers split on anything else.


# Unpublished pages carry this term and every reader's query excludes it. (Marking the
# few drafts rather than the many live pages keeps a long list out of every match.)
DRAFT = "qzdraft"


def language_facet(language: str) -> str:
    return f"qzl{language}"


def trend_facet(trend_key: str) -> str:
    return "qzt" + re.sub(r"[^0-9a-z]", "", str(trend_key).lower())[:12]


def verdict_facet(verdict: str) -> str:
    return "qzv" + re.sub(r"[^a-z]", "", verdict)


def month_facet(day: dt.date) -> str:
    return f"qzm{day.year:04d}{day.month:02d}"


def year_facet(year: int) -> str:
    return f"qzy{year:04d}"


def date_facets(first: dt.date | None, last: dt.date | None) -> list[str]:
    """Facet terms that cover every month from ``first`` to ``last`` (whole years as
    one term), or [] when the range is open on both ends."""
    if first is None and last is None:
        return []
    first = first or dt.date(1990, 1, 1)
    last = last or dt.date(dt.date.today().year + 1, 12, 31)  # noqa: DTZ011 - an open end
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        whole_year = month == 1 and (year < last.year or last.month == 12)
        if whole_year:
            out.append(year_facet(year))
            year += 1
            continue
        out.append(month_facet(dt.date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def document(
    *,
    title: str,
    text: str,
    language: str,
    trend_key: str | None,
    verdict: str,
    published: dt.date | None,
    live: bool = True,
) -> str:
    """The text the index stores for one commentary: the title's terms three times
    (a title match counts more), the text's terms, then the facets."""
    title_terms = " ".join(terms(title, language))
    facets = [language_facet(language), verdict_facet(verdict)]
    if not live:
        facets.append(DRAFT)
    if trend_key:
        facets.append(trend_facet(trend_key))
    if published:
        facets += [year_facet(published.year), month_facet(published)]
    return "\n".join(
        [title_terms, title_terms, title_terms, " ".join(terms(text, language)), " ".join(facets)]
    )


# --- queries --------------------------------------------------------------------------


@dataclass
class Part:
    """A word (one or more alternative terms) or a quoted phrase (a term sequence)."""

    text: str
    alternatives: list[str] = field(default_factory=list)
    phrase: list[str] = field(default_factory=list)


@dataclass
class Query:
    text: str
    parts: list[Part]
    facets: list[str] = field(default_factory=list)
    any_facets: list[str] = field(default_factory=list)  # at least one of these (dates)
    excluded: list[str] = field(default_factory=lambda: [DRAFT])

    @property
    def empty(self) -> bool:
        return not self.parts

    def words(self) -> set[str]:
        """Every term that counts as a match, for highlighting."""
        out: set[str] = set()
        for part in self.parts:
            out.update(part.alternatives or part.phrase)
        return out


def _alternatives(word: str, languages: Iterable[str]) -> list[str]:
    names = _names()
    out = []
    for language in languages:
        if word in textnorm.stop_words(language):
            continue
        term = _term(word, language)
        term = names.get(term, names.get(word, term))
        if term and term not in out:
            out.append(term)
    return out


def parse(text: str, languages: Iterable[str] = LANGUAGES) -> Query:
    """Read what a reader typed: words and "quoted phrases". Each word may match its
    normal form in any of ``languages``; a phrase uses the first language whose
    script it is written in (Cyrillic phrases are read as Russian and Belarusian)."""
    languages = list(languages)
    text = (text or "").strip()[:300]
    parts: list[Part] = []
    rest = text
    for match in _PHRASE.finditer(text):
        rest = rest.replace(match.group(0), " ", 1)
        words = _words(match.group(1))
        if not words:
            continue
        if len(words) == 1:
            alts = _alternatives(words[0], languages)
            if alts:
                parts.append(Part(match.group(1), alternatives=alts))
            continue
        for language in _phrase_languages(words, languages):
            seq = terms(match.group(1), language)
            if seq:
                parts.append(Part(match.group(1), phrase=seq))
                break
    for word in _words(rest):
        if len(word) < 2 and not word.isdigit():
            continue
        alts = _alternatives(word, languages)
        if alts:
            parts.append(Part(word, alternatives=alts))
    return Query(text=text, parts=parts[:MAX_QUERY_TERMS])


def _phrase_languages(words: list[str], languages: list[str]) -> list[str]:
    cyrillic = any(re.search(r"[а-яёіў]", w) for w in words)
    belarusian = any(re.search(r"[іў]", w) for w in words)
    if not cyrillic:
        order = ["en"]
    elif belarusian:
        order = ["be", "ru"]
    else:
        order = ["ru", "be"]
    return [lang for lang in order if lang in languages] or languages


def fts5(query: Query) -> str:
    """The query in SQLite FTS5 syntax (every term quoted: nothing the reader typed is
    read as an operator)."""
    clauses = []
    for part in query.parts:
        if part.phrase:
            clauses.append('"' + " ".join(part.phrase) + '"')
        else:
            clauses.append("(" + " OR ".join(f'"{t}"' for t in part.alternatives) + ")")
    clauses += [f'"{f}"' for f in query.facets]
    if query.any_facets:
        clauses.append("(" + " OR ".join(f'"{f}"' for f in query.any_facets) + ")")
    matched = " AND ".join(clauses)
    if query.excluded:
        return f"({matched}) NOT (" + " OR ".join(f'"{f}"' for f in query.excluded) + ")"
    return matched


def _lexeme(term: str) -> str:
    # Terms hold letters and digits only, but a quote would still end a lexeme.
    return "'" + term.replace("'", "") + "'"


def tsquery(query: Query) -> str:
    """The query in PostgreSQL ``to_tsquery('simple', …)`` syntax."""
    clauses = []
    for part in query.parts:
        if part.phrase:
            clauses.append("(" + " <-> ".join(_lexeme(t) for t in part.phrase) + ")")
        else:
            clauses.append("(" + " | ".join(_lexeme(t) for t in part.alternatives) + ")")
    clauses += [_lexeme(f) for f in query.facets]
    if query.any_facets:
        clauses.append("(" + " | ".join(_lexeme(f) for f in query.any_facets) + ")")
    clauses += ["!" + _lexeme(f) for f in query.excluded]
    return " & ".join(clauses)


# --- snippets and suggestions ---------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def _candidates(wanted: set[str]) -> re.Pattern:
    """Words that may normalise to a wanted term: stems and lemmas share their first
    letters with the words they come from, names with one of their spellings."""
    starts = {t[:4] for t in wanted}
    spellings = _spellings()
    for key in wanted & spellings.keys():
        starts.update(w[:4] for w in spellings[key])
    alternation = "|".join(sorted((re.escape(s) for s in starts if s), key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternation})[^\W_]*(?:['’][^\W_]+)*", re.IGNORECASE)


def snippet(text: str, query: Query, language: str, width: int = 260) -> str:
    """HTML: the passage of ``text`` with the most query terms, matched words in <mark>;
    everything else escaped."""
    wanted = query.words()
    if not wanted:
        return html.escape(text[:width])
    names = _names()
    stops = textnorm.stop_words(language)
    candidates = _candidates(wanted)
    seen: dict[str, bool] = {}

    def matches(word: str) -> bool:
        word = word.lower()
        found = seen.get(word)
        if found is None:
            term = _term(word, language)
            found = seen[word] = word not in stops and names.get(term, term) in wanted
        return found

    sentences = [s for s in _SENTENCE.split(" ".join(text.split())) if s]
    if not sentences:
        return ""
    scores = [sum(matches(w) for w in candidates.findall(sentence)) for sentence in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    passage = sentences[best]
    if len(passage) < width // 2 and best + 1 < len(sentences):
        passage += " " + sentences[best + 1]
    if len(passage) > width:
        cut = passage.rfind(" ", 0, width)
        passage = passage[: cut if cut > 0 else width] + " …"
    out = []
    last = 0
    for match in candidates.finditer(passage):
        if matches(match.group(0)):
            out.append(html.escape(passage[last : match.start()]))
            out.append(f"<mark>{html.escape(match.group(0))}</mark>")
            last = match.end()
    out.append(html.escape(passage[last:]))
    return "".join(out)


def suggest(query: Query, is_known: Callable[[Part], bool], vocabulary: Iterable[str]) -> str:
    """A corrected query when some typed words match nothing: each such word replaced
    by the closest word of ``vocabulary`` (or "" when nothing is close)."""
    pool: dict[str, list[str]] = {}
    for word in vocabulary:
        if word[:1].isalpha():
            pool.setdefault(word[:1], []).append(word)
    changed = False
    words = []
    for part in query.parts:
        if part.phrase or is_known(part):
            words.append(f'"{part.text}"' if part.phrase else part.text)
            continue
        candidates = [w for w in pool.get(part.text[:1], []) if abs(len(w) - len(part.text)) < 3]
        close = difflib.get_close_matches(part.text, candidates, n=1, cutoff=0.75)
        if close:
            words.append(close[0])
            changed = True
        else:
            words.append(part.text)
    return " ".join(words) if changed else ""
