"""Words of a commentary as similarity and search compare them, in three languages.

English and Russian words are lemmatised with simplemma ("negotiations" →
"negotiation", "переговоров" → "переговоры"); simplemma has no Belarusian data, so
Belarusian words lose their inflectional ending by a light suffix rule ("перамовах",
"перамоў" → "перамов"). Stop words are dropped. Names of people and places, and
event names with a year ("Zapad-2017"), are also collected on their own: the
storyline signal of similarity.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_BELARUSIAN_ENDINGS = sorted(
    """
    вшыся ючыся ачыся лася ліся лося ецца юцца аюць яюць уюць ываць іваць аваць ыцца іцца
    ымі імі амі ямі ага яга ому аму яму ога ых іх ым ім ую юю ая яя ое ае ыя ія ай яй ой ей ёй
    ах ях ав яв ов ам ям ом ем юць аць яць іць ыць ець уць ла лі ло ць ся ы і а я у ю е о ь
    """.split(),
    key=len,
    reverse=True,
)
_STEM_MIN = 4


@lru_cache(maxsize=4)
def stop_words(language: str) -> frozenset[str]:
    if language == "en":
        return frozenset(ENGLISH_STOP_WORDS) | {"s", "t", "said", "says", "also"}
    if language == "ru":
        import stopwordsiso

        return frozenset(stopwordsiso.stopwords("ru"))
    if language == "be":
        text = (
            resources.files("watchdesk.analysis")
            .joinpath("data", "stopwords_be.txt")
            .read_text("utf-8")
        )
        return frozenset(
            w for line in text.splitlines() if not line.startswith("#") for w in line.split()
        )
    return frozenset()


def stem_belarusian(word: str) -> str:
    """A light stem: "ў" read as the "в" it alternates with, then up to two endings off
    ("перамоў", "перамовы", "перамовах" → "перам")."""
    stem = word.replace("ў", "в")
    for _ in range(2):
        for ending in _BELARUSIAN_ENDINGS:
            if stem.endswith(ending) and len(stem) - len(ending) >= _STEM_MIN:
                stem = stem[: -len(ending)]
                break
        else:
            break
    return stem


_lemmas: dict[tuple[str, str], str] = {}


def _lemma(word: str, language: str) -> str:
    # A plain dict: this runs for every word of every commentary, and a cache
    # wrapper's call overhead shows at a million documents.
    key = (word, language)
    found = _lemmas.get(key)
    if found is None:
        if language == "be":
            found = stem_belarusian(word)
        elif language in {"en", "ru"}:
            import simplemma

            found = simplemma.lemmatize(word, lang=language).lower()
        else:
            found = word
        if len(_lemmas) < 2_000_000:
            _lemmas[key] = found
    return found


_WORD = re.compile(r"[^\W\d_][\w'-]*\w|[^\W\d_]", re.UNICODE)


def normal_words(text: str, language: str, surface: dict[str, str] | None = None) -> list[str]:
    """Lower-cased lemmas (or stems) of the text's words, without stop words. When
    ``surface`` is given, it learns a readable word for each lemma (its first form seen)."""
    stops = stop_words(language)
    out = []
    append = out.append
    for word in _WORD.findall(text.lower().replace("’", "'")):
        if word in stops or len(word) < 2:
            continue
        lemma = _lemma(word, language)
        if lemma not in stops:
            append(lemma)
            if surface is not None and lemma not in surface:
                surface[lemma] = word
    return out


_SENTENCES = re.compile(r"(?<=[.!?…])\s+|\n+")
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-ZА-ЯЁІЎ][\w'’-]*\w)")
_DATED_NAME = re.compile(r"\b([\w]+[-‑]\d{4})\b")


def names(text: str, language: str, surface: dict[str, str] | None = None) -> list[str]:
    """Capitalised words that are not a sentence's first word (people, places,
    institutions) and event names with a year, normalised like other words."""
    stops = stop_words(language)
    found = []
    for sentence in _SENTENCES.split(text):
        tokens = _CAPITALISED.findall(sentence)
        if tokens and sentence.lstrip('«»"“”„‘’([ ').startswith(tokens[0]):
            tokens = tokens[1:]  # the sentence's first word is capitalised anyway
        dated = [t for t in _DATED_NAME.findall(sentence) if not t[0].isupper()]  # others are above
        for token in tokens + dated:
            word = token.lower().replace("’", "'")
            if word in stops or len(word) < 2:
                continue
            lemma = word if word[-1].isdigit() else _lemma(word, language)
            found.append(lemma)
            if surface is not None and lemma not in surface:
                surface[lemma] = token
    return found


class Analyzer:
    """A picklable analyzer for scikit-learn vectorizers. While ``learning`` (during a
    fit) it keeps a readable form of every term in ``surface``."""

    def __init__(self, language: str, kind: str = "words") -> None:
        self.language = language
        self.kind = kind
        self.surface: dict[str, str] = {}
        self.learning = False

    def __call__(self, text: str) -> list[str]:
        surface = self.surface if self.learning else None
        if self.kind == "names":
            return names(text, self.language, surface)
        return normal_words(text, self.language, surface)
