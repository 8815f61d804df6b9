"""Sort keys that put words in each language's own alphabetical order.

Python's `locale` module depends on the locales a machine happens to have, and
sorts the same list differently on two machines; these keys are small, written
out and tested, so every build orders a glossary the same way.

- Latin scripts: letters by their base letter, accents a secondary difference
  (é after e only when the words are otherwise equal), case a third; the letters
  a language counts as its own come after their base: Polish ą ć ę ł ń ó ś ź ż,
  Spanish ñ. Spaces, hyphens and punctuation are ignored except as a last resort.
- Arabic: the order of the alphabet (ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي),
  hamza seats sorting with their letter, short vowels ignored, and the article
  "ال" at the start of a term ignored, as in glossaries and indexes.
- Traditional Chinese: by the stroke count of the first character (Taiwan's
  standard forms), then by radical (the Unicode order of the block, which follows
  the radicals), then the next character.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# Letters a language sorts as letters of their own, after the base letter.
OWN_LETTERS = {
    "pl": {
        "ą": "a",
        "ć": "c",
        "ę": "e",
        "ł": "l",
        "ń": "n",
        "ó": "o",
        "ś": "s",
        "ź": "z",
        "ż": "z",
    },
    "es": {"ñ": "n"},
}
# Polish ź comes before ż: their rank after the base letter.
_RANK = {"ź": 1, "ż": 2}
# Letters that do not decompose into a base letter and an accent.
_BASE = {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss"}


def latin_key(text: str, lang: str) -> tuple[Any, ...]:
    own = OWN_LETTERS.get(lang, {})
    primary: list[tuple[str, int]] = []
    secondary: list[str] = []
    tertiary: list[int] = []
    for char in text:
        lower = char.lower()
        if lower in own:
            primary.append((own[lower], _RANK.get(lower, 1)))
            secondary.append("")
            tertiary.append(char != lower)
            continue
        decomposed = unicodedata.normalize("NFD", lower)
        base, marks = decomposed[:1], decomposed[1:]
        base = _BASE.get(base, base)
        if not base.isalnum():
            continue
        for letter in base:
            primary.append((letter, 0))
        secondary.append(marks)
        tertiary.append(char != lower)
    return (primary, secondary, tertiary, text)


ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
ARABIC_ORDER = {letter: index for index, letter in enumerate(ARABIC_LETTERS)}
# Letters written with a hamza or in a final form sort with their base letter.
ARABIC_FOLD = {
    "آ": "ا",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",
    "ة": "ت",
    "ء": "",
}


def arabic_key(text: str) -> tuple[Any, ...]:
    words = text.split()
    if words and words[0].startswith("ال") and len(words[0]) > 3:
        words[0] = words[0][2:]
    primary: list[int] = []
    secondary: list[str] = []
    for char in " ".join(words):
        if unicodedata.category(char) == "Mn" or char == "ـ":  # short vowels, shadda, tatweel
            continue
        base = ARABIC_FOLD.get(char, char)
        if char == "ء":
            primary.append(-1)  # the lone hamza comes before alif
        elif base in ARABIC_ORDER:
            primary.append(ARABIC_ORDER[base])
        elif base.isalnum():
            primary.append(100 + ord(base))
        secondary.append(char)
    return (primary, secondary, text)


# Stroke counts of the characters this site's Traditional Chinese terms begin or go on
# with, in Taiwan's standard forms (艹 counts four). A character missing here sorts after
# every counted one; tests/test_language_rules.py names any that a glossary term uses.
STROKES = {
    **dict.fromkeys("人力", 2),
    **dict.fromkeys("小工", 3),
    **dict.fromkeys("不之互公分化友引", 4),
    **dict.fromkeys("正", 5),
    **dict.fromkeys("交共而行", 6),
    **dict.fromkeys("伴作利助抗求決", 7),
    **dict.fromkeys("制和性抵治法爭直糾金非", 8),
    **dict.fromkeys("係保型律者", 9),
    **dict.fromkeys("員害訊討", 10),
    **dict.fromkeys("動參基接組", 11),
    **dict.fromkeys("惠結訴象集", 12),
    **dict.fromkeys("會盟資", 13),
    **dict.fromkeys("團夥察實滿綠與", 14),
    **dict.fromkeys("徵暴線罷", 15),
    **dict.fromkeys("導親", 16),
    **dict.fromkeys("檢總聯", 17),
    **dict.fromkeys("織藍轉題", 18),
    **dict.fromkeys("識鏈關", 19),
    **dict.fromkeys("議釋", 20),
    **dict.fromkeys("體", 23),
    **dict.fromkeys("觀", 25),
}


def stroke_key(text: str) -> tuple[Any, ...]:
    chars = [c for c in text if c.isalnum()]
    return ([(STROKES.get(c, 99), ord(c)) for c in chars], text)


def unknown_strokes(text: str) -> list[str]:
    """Han characters of `text` without a stroke count in the table."""
    return [c for c in text if unicodedata.name(c, "").startswith("CJK") and c not in STROKES]


def sort_key(text: str, lang: str) -> tuple[Any, ...]:
    """A key that sorts `text` in the alphabetical order of `lang`."""
    if lang == "ar":
        return arabic_key(text)
    if lang.startswith("zh"):
        return stroke_key(text)
    return latin_key(text, lang)
