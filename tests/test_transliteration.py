"""Names copied from a source in another script count as copied (issue 16, item 5: ru-en MT301)."""

from __future__ import annotations

import pytest

from mtqa.text.transliteration import echoes_source, romanized


@pytest.mark.parametrize(
    ("word", "source"),
    [
        ("Shestakova", "78-летняя Анна Ивановна Шестакова из Челябинска"),
        ("Chukovsky", "Режиссёр позаимствовал гориллу у Чуковского"),  # Russian case ending
        ("Pridnestrovie", "на выплаты пенсий в Приднестровье"),
        ("Beijing", "我住在北京"),
    ],
)
def test_a_romanized_copy_is_found(word: str, source: str) -> None:
    assert echoes_source(word, source)


@pytest.mark.parametrize(
    ("word", "source"),
    [
        ("Litiger", "plutôt que de ressasser le passé"),  # a Latin source is compared as written elsewhere
        ("house", "Это большой дом"),
        ("Bob", "Боб"),  # too short to tell from chance
        ("Shestakova", None),
    ],
)
def test_other_words_are_not(word: str, source: str | None) -> None:
    assert not echoes_source(word, source)


def test_only_non_latin_text_is_romanized() -> None:
    assert romanized("Pavel Durov, Павел Дуров") == "paveldurov"
