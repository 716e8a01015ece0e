"""What a locale calls languages, months and weekdays, from CLDR (through Babel).

A copied English "Asturian", "May" or "Wed" is the hardest untranslated string to judge by word
frequencies: many languages do write "Afrikaans" or "Nov" as English does. CLDR settles it for
these names: if the target language's own name for the thing differs, the copy is untranslated,
and CLDR's name is the fix.
"""

from __future__ import annotations

from functools import cache

Name = tuple[str, str]
"""(kind, CLDR key): ("language", "ast"), ("month", "5"), ("day", "2")."""


def _key(text: str) -> str:
    return text.strip().rstrip(".").casefold()


@cache
def _names(lang: str) -> dict[Name, frozenset[str]]:
    """Every form the locale writes each name in (wide and abbreviated, any context), keyed."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return {}
    out: dict[Name, set[str]] = {}
    for code, name in locale.languages.items():
        out.setdefault(("language", code), set()).add(_key(name))
    for kind, table in (("month", locale.months), ("day", locale.days)):
        for context in table.values():
            for width in ("wide", "abbreviated"):
                for number, name in context.get(width, {}).items():
                    out.setdefault((kind, str(number)), set()).add(_key(name))
    return {name: frozenset(forms) for name, forms in out.items()}


@cache
def _english_index() -> dict[str, frozenset[Name]]:
    index: dict[str, set[Name]] = {}
    for name, forms in _names("en").items():
        for form in forms:
            index.setdefault(form, set()).add(name)
    return {form: frozenset(names) for form, names in index.items()}


def localized_name(text: str, target_lang: str) -> str | None:
    """The target language's name for an English language, month or weekday name ``text``, when
    the target writes it otherwise; None when it is no such name or the target writes it the same."""
    names = _english_index().get(_key(text))
    target = _names(target_lang)
    if not names or not target:
        return None
    best = None
    for name in sorted(names):
        forms = target.get(name)
        if not forms:
            return None  # CLDR has no name for it in the target: nothing to go by
        if _key(text) in forms or (len(_key(text)) <= 4 and any(form.startswith(_key(text)) for form in forms)):
            # The target writes it the same ("Afrikaans", "Nov"), or a short abbreviation is a
            # prefix of its own form: three-letter date formats keep "jan" for "janv.".
            return None
        best = best or min(forms, key=len) if len(_key(text)) <= 4 else best or max(forms, key=len)
    return best
