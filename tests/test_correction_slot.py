"""Which candidates may take a flagged word's place (issue 17: fit the slot)."""

from __future__ import annotations

import pytest

from mtqa.corrections.candidates import CorrectionRequest, candidates, deletable
from mtqa.corrections.slot import fits_slot


@pytest.mark.parametrize(
    ("candidate", "original", "source", "fits"),
    [
        ("to", "reiterated", None, False),  # a function word for a content word
        ("his", "optimistic", None, False),
        ("retreated", "reiterated", None, True),
        ("a", "the", None, True),  # function word for function word
        ("is", "Trump", None, False),  # a common word for a name
        ("DC", "Carnegie", None, False),  # another name
        ("FBI", "give", None, False),  # a name for a common word
        ("Hamburg", "summit", "sommet de Hamburg", True),  # unless the source writes it
        ("Putin", "Poutine", None, True),  # a near spelling of the name
        ("Paris", "Lyon", "Il vit à Paris.", True),  # a word of the source
        ("Lyon", "Weiss", "said Weiss", False),  # the source writes the name: it stays
        ("", "the", None, True),  # a deletion fits anywhere
    ],
)
def test_fits_slot(candidate: str, original: str, source: str | None, fits: bool) -> None:
    assert fits_slot(candidate, original, "en", False, source) is fits


@pytest.mark.parametrize(
    ("candidate", "original", "source", "fits"),
    [
        ("Matrosenmütze", "Seemütze", None, True),  # every German noun has a capital: no name rule
        ("während", "Seemütze", None, False),  # a lowercase word for a noun
        ("US", "Seemütze", "a US sailor cap", False),  # an acronym for a noun, though the source writes it
        ("genehmigte", "genehmigt", None, True),
        ("Genehmigung", "genehmigt", None, False),  # a noun for a verb
        ("Hamburg", "Hamburg", "in Hamburg", False),  # the source's name stays
        ("der", "Seemütze", None, False),  # a function word for a content word, as in English
    ],
)
def test_fits_slot_in_german(candidate: str, original: str, source: str | None, fits: bool) -> None:
    assert fits_slot(candidate, original, "de", False, source) is fits


def test_german_look_alikes_of_a_noun_get_its_capital() -> None:
    text = "Die neue Regirung tagt heute."
    start = text.index("Regirung")
    request = CorrectionRequest(text, start, start + 8, None, None, None, "de", min_similarity=0.6)
    found = candidates(request)
    assert found[0] == "Regierung"
    assert all(c[:1].isupper() for c in found)


def test_a_capital_at_the_start_of_a_sentence_is_no_name() -> None:
    assert fits_slot("Warm", "Chome", "en", True, None)


def test_candidates_are_unique_whatever_their_case() -> None:
    text = "Russian Vladimir Poutine discussed the elections."
    start = text.index("Poutine")
    request = CorrectionRequest(text, start, start + 7, None, None, None, "en", min_similarity=0.6, original_competes=False)
    found = candidates(request)
    assert "putin" in [c.casefold() for c in found]
    assert len({c.casefold() for c in found}) == len(found)
    assert all(c.casefold() != "poutine" for c in found)


def _request(text: str, word: str, **kwargs: object) -> CorrectionRequest:
    start = text.index(word)
    return CorrectionRequest(text, start, start + len(word), None, None, None, "en", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "word", "kwargs", "expected"),
    [
        ("We visited the the museum.", "the", {}, True),  # a repeat
        ("He has arrived yesterday.", "has", {}, True),  # an inserted auxiliary (a function word)
        ("The meeting was cordial.", "cordial", {}, False),  # a content word is mended, not dropped
        ("We saw the", "the", {}, False),  # nothing follows: deleting always shortens the text
        ("We visited the the museum.", "the", {"min_similarity": 0.6}, False),  # a spelling fault
        ("We visited the the museum.", "the", {"original_competes": False}, False),  # a source word
    ],
)
def test_deletion_is_a_candidate_for_function_words_and_repeats(text: str, word: str, kwargs: dict, expected: bool) -> None:
    request = _request(text, word, **kwargs)
    assert deletable(request) is expected
    assert ("" in candidates(request)) is expected


def test_a_source_word_left_untranslated_is_no_candidate() -> None:
    """The source-conditioned model copies source words; "Launch" is English, not German, so it
    does not replace "Starts". A name belongs to both languages and may still be copied."""
    from mtqa.lm.base import WordScores

    text = "Nach zwei Starts kehrte die Rakete zurück."
    start = text.index("Starts")
    alternatives = ((" Launch", -0.2), (" Starts", -1.0), (" Versuchen", -1.5))
    scores = WordScores(5.0, 5.0, 5.0, 3, 2.0, 1, alternatives)
    request = CorrectionRequest(
        text, start, start + 6, scores, "After two launches and one Launch the rocket returned.", "en", "de"
    )
    found = candidates(request)
    assert "Launch" not in found
    assert "Versuchen" in found
    english = CorrectionRequest("Vladimir Poutine spoke.", 9, 16, None, "Vladimir Putin a parlé.", "fr", "en", min_similarity=0.6)
    assert "putin" in {c.casefold() for c in candidates(english)}  # a name: as common in French as in English
