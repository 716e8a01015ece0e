"""Setting aside what other checks compare whole, before a check reads words, signs or layout.

Placeholders, tags, links and e-mail addresses are MT103's and MT104's; a check of words ("is
this copy untranslated?"), signs ("was the "°" kept?") or layout must not read "%(name)s" as
the word "name" or the "%" in "%d" as a percent sign. The tokens and the blanking are
mtqa.text.markup's, which the word segmentation uses too.
"""

from __future__ import annotations

from mtqa.text.markup import blank, code_tokens

__all__ = ["blank", "code_tokens", "without_code"]


def without_code(text: str) -> str:
    """``text`` with its placeholders, tags, links and e-mail addresses blanked."""
    return blank(text, code_tokens(text))
