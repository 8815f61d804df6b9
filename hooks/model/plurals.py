"""Plural categories of whole numbers, by each language's CLDR plural rule.

A string that meets a number ("2 hours", "5 pages") has one form per category
in languages that need it: Polish 2 strony / 5 stron / 22 strony, Arabic
ساعتان / 3 ساعات / 11 ساعة. Only integers occur in generated text (durations,
group sizes, page counts), so only the integer part of each rule is written;
the rules are CLDR's (plurals.xml, cardinal), operand n = i, v = 0.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def _en(n: int) -> str:
    return "one" if n == 1 else "other"


def _es(n: int) -> str:
    # CLDR: many for a whole number of millions ("1 000 000 de personas").
    if n == 1:
        return "one"
    if n != 0 and n % 1_000_000 == 0:
        return "many"
    return "other"


def _fr(n: int) -> str:
    # French counts 0 with 1: "0 heure", "1 heure", "2 heures".
    if n in (0, 1):
        return "one"
    if n % 1_000_000 == 0:
        return "many"
    return "other"


def _pl(n: int) -> str:
    if n == 1:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    # Every other whole number; `other` is for fractions, which never occur here.
    return "many"


def _ar(n: int) -> str:
    if n == 0:
        return "zero"
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


def _other(n: int) -> str:
    return "other"


RULES: dict[str, Callable[[int], str]] = {
    "en": _en,
    "es": _es,
    "fr": _fr,
    "pl": _pl,
    "ar": _ar,
    "zh-Hant": _other,
}


def rule(lang: str) -> Callable[[int], str]:
    """The rule of `lang`; a language without one written here uses English's."""
    return RULES.get(lang, RULES.get(lang.split("-")[0], _en))


def category(lang: str, n: int) -> str:
    return rule(lang)(abs(n))


@cache  # a pure function of the language, asked for every plural string
def used(lang: str) -> frozenset[str]:
    """The categories the language's rule gives, plus `other`, which every plural string has."""
    return frozenset({"other"} | {category(lang, n) for n in (*range(1001), 1_000_000)})


@cache
def needed(lang: str) -> frozenset[str]:
    """Categories a plural string of `lang` must write: those of the numbers up to 1000.

    Spanish and French `many` (whole millions) falls back to `other` without a warning.
    """
    return frozenset({"other"} | {category(lang, n) for n in range(1001)})
