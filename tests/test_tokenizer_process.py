"""The tokenizer served by a child process: same answers as in-process, and a fallback."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from mtqa.errors import ModelError
from mtqa.lm.base import Continuation, ScoreRequest
from mtqa.lm.tokenizer_process import TokenizerProcess, TokenizerProcessError
from mtqa.lm.transformers_scorer import TransformersScorer, _from_pretrained
from mtqa.text.segment import word_spans

TEXTS = [
    "Trump and Putin spoke for translators with their foreign ministers present.",
    "  Leading spaces, tabs\tand\nnewlines — “quotes”, 東京, 😀 {x:1} %1$s",
    "",
]


@pytest.fixture()
def served(tiny_model_dir: Path):  # type: ignore[no-untyped-def]
    process = TokenizerProcess(tiny_model_dir).ready()
    yield process
    process.close()


def test_answers_equal_the_in_process_tokenizer(served, tiny_model) -> None:  # type: ignore[no-untyped-def]
    _, tokenizer = tiny_model
    for text in TEXTS:
        ours = served(text, add_special_tokens=False, return_offsets_mapping=True)
        theirs = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        assert ours["input_ids"] == theirs["input_ids"]
        assert ours["offset_mapping"] == [tuple(pair) for pair in theirs["offset_mapping"]]
    for name in ("bos_token_id", "eos_token_id", "pad_token_id"):
        assert getattr(served, name) == getattr(tokenizer, name), name
    ids = list(range(len(tokenizer)))
    assert served.convert_ids_to_tokens(ids) == tokenizer.convert_ids_to_tokens(ids)
    assert served.convert_ids_to_tokens(5) == tokenizer.convert_ids_to_tokens(5)
    assert served.batch_decode([[i] for i in ids]) == [tokenizer.decode([i]) for i in ids]


def test_scores_equal_the_in_process_scorer(served, tiny_model, tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    model, _ = tiny_model
    remote = TransformersScorer(model, served, "tiny-random", dtype="fp32")
    requests = [ScoreRequest(t, word_spans(t)) for t in TEXTS[:2]]
    for ours, theirs in zip(remote.score(requests), tiny_scorer.score(requests)):
        assert np.allclose(ours.target.token_surprisals, theirs.target.token_surprisals, atol=1e-6)
        assert [w.alternatives for w in ours.target.words] == [w.alternatives for w in theirs.target.words]
    items = [Continuation("Trump and Putin", " spoke"), Continuation("Trump and Putin", " met")]
    assert remote.score_continuations(items) == pytest.approx(tiny_scorer.score_continuations(items), abs=1e-6)


def test_a_child_that_cannot_load_reports_why_and_the_load_falls_back(tiny_model_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "tokenizer.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(TokenizerProcessError, match="Exception"):
        TokenizerProcess(broken).ready()
    tokenizer, _model = _from_pretrained(str(tiny_model_dir), False, builtin=True, tokenizer=TokenizerProcess(broken))
    assert tokenizer.is_fast and not isinstance(tokenizer, TokenizerProcess)
    assert tokenizer("Trump", add_special_tokens=False)["input_ids"]


def test_the_child_exits_when_closed_and_a_dead_child_is_an_error(tiny_model_dir: Path) -> None:
    process = TokenizerProcess(tiny_model_dir).ready()
    process.close()
    assert process._process.returncode == 0
    killed = TokenizerProcess(tiny_model_dir).ready()
    killed._process.kill()
    killed._process.wait()
    with pytest.raises(ModelError, match="stopped"):  # one line and exit 2 in the CLI, like any model failure
        killed("Trump", add_special_tokens=False)
    killed.close()
