"""The score cache: exact round trips, hit and miss accounting, keys, and every way it degrades."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from mtqa.lm import cache as cache_module
from mtqa.lm import codec
from mtqa.lm.base import Continuation, ScoreRequest, SegmentScores
from mtqa.lm.cache import ScoreCache
from mtqa.lm.cache_admin import cache_info, clear_cache
from mtqa.lm.caching import CachingScorer
from mtqa.lm.codec import continuation_key, decode_scores, encode_scores, request_key
from mtqa.lm.materialize import LAYOUT, WEIGHTS_FORMAT
from mtqa.lm.models import BUILTIN_MODELS, package_version
from mtqa.lm.registry import peek
from mtqa.lm.signature import Expected, cpu_supports_bf16, expected, scorer_signature, uses_bf16
from mtqa.text.segment import word_spans

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["The meeting lasted two hours.", "Everyone agreed on the plan.", "Vladimir Poutine spoke to the press."]
SOURCE = "Vladimir Putin a vorbit presei."


def requests() -> list[ScoreRequest]:
    plain = [ScoreRequest(t, word_spans(t)) for t in TEXTS]
    return [*plain, ScoreRequest(TEXTS[2], word_spans(TEXTS[2]), SOURCE, "ro", "en")]


CONTINUATIONS = [
    Continuation("Vladimir", " Putin spoke"),
    Continuation("Vladimir", " Poutine spoke"),
    Continuation("Vladimir", " Putin spoke", SOURCE, "ro", "en"),
]


class Recording:
    """The tiny scorer, recording what reaches it."""

    def __init__(self, inner, signature: str | None = None) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self._signature = signature or inner.signature
        self.scored: list[list[ScoreRequest]] = []
        self.continued: list[list[Continuation]] = []

    @property
    def signature(self) -> str:
        return self._signature

    @property
    def conditions_on_source(self) -> bool:
        return True

    def score(self, batch: Sequence[ScoreRequest]) -> list[SegmentScores]:
        self.scored.append(list(batch))
        return self.inner.score(batch)

    def score_continuations(self, items: Sequence[Continuation]) -> list[float]:
        self.continued.append(list(items))
        return self.inner.score_continuations(items)


def never_load():  # type: ignore[no-untyped-def]
    raise AssertionError("the model was loaded although everything was cached")


class Warnings(list):  # type: ignore[type-arg]
    def __call__(self, message: str) -> None:
        self.append(message)


def primed_then_rest(tiny_scorer) -> list[SegmentScores]:  # type: ignore[no-untyped-def]
    """What a run returns when the first request was cached alone and the rest are scored now:
    padding in a batch moves the last bits, so each result is exactly what its batch gave."""
    return tiny_scorer.score(requests()[:1]) + tiny_scorer.score(requests()[1:])


def caching(tiny_scorer, path: Path, loader=None, warn=None):  # type: ignore[no-untyped-def]
    recording = Recording(tiny_scorer)
    store = ScoreCache(path, timeout=0.3, warn=warn if warn is not None else Warnings())
    scorer = CachingScorer(loader or (lambda: recording), store, Expected(tiny_scorer.signature, True))
    return scorer, recording, store


# ---- values and keys --------------------------------------------------------------------------


def test_scores_round_trip_bit_for_bit(tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    computed = tiny_scorer.score(requests())
    assert computed[-1].conditioned is not None and computed[0].conditioned is None
    for scores in computed:
        assert decode_scores(encode_scores(scores)) == scores


def test_cached_scores_and_log_probs_equal_fresh_ones(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, _, store = caching(tiny_scorer, tmp_path / "c.sqlite3")
    fresh_scores = first.score(requests())
    fresh_logprobs = first.score_continuations(CONTINUATIONS)
    store.close()
    second, _, _ = caching(tiny_scorer, tmp_path / "c.sqlite3", loader=never_load)
    assert second.score(requests()) == fresh_scores == tiny_scorer.score(requests())
    assert second.score_continuations(CONTINUATIONS) == fresh_logprobs == tiny_scorer.score_continuations(CONTINUATIONS)
    assert not second.loaded and second.hits == len(requests()) + len(CONTINUATIONS) and second.misses == 0


def test_only_misses_reach_the_model_once_each_in_order(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scorer, recording, _ = caching(tiny_scorer, tmp_path / "c.sqlite3")
    batch = requests()
    first = scorer.score(batch[:2])
    assert scorer.misses == 2 and scorer.hits == 0
    mixed = [batch[2], batch[0], batch[3], batch[2], batch[1]]
    result = scorer.score(mixed)
    assert recording.scored[-1] == [batch[2], batch[3]]  # one batch, duplicates scored once
    assert scorer.hits == 2 and scorer.misses == 2 + 3
    # Padding in a batch moves the last bits, so each result is exactly what its batch gave.
    new = tiny_scorer.score([batch[2], batch[3]])
    assert result == [new[0], first[0], new[1], new[0], first[1]]
    scorer.score_continuations(CONTINUATIONS[:1])
    scorer.score_continuations(CONTINUATIONS)
    assert recording.continued[-1] == CONTINUATIONS[1:]


def test_keys_change_with_everything_that_changes_scores() -> None:
    text = TEXTS[2]
    base = ScoreRequest(text, word_spans(text), SOURCE, "ro", "en")
    variants = [
        ScoreRequest(text + " ", word_spans(text), SOURCE, "ro", "en"),
        ScoreRequest(text, word_spans(text)[:-1], SOURCE, "ro", "en"),
        ScoreRequest(text, word_spans(text), SOURCE + ".", "ro", "en"),
        ScoreRequest(text, word_spans(text), None, "ro", "en"),
        ScoreRequest(text, word_spans(text), SOURCE, "fr", "en"),
        ScoreRequest(text, word_spans(text), SOURCE, "ro", "de"),
    ]
    keys = {request_key("sig", base), *(request_key("sig", v) for v in variants), request_key("sig2", base)}
    assert len(keys) == len(variants) + 2
    assert request_key("sig", base) == request_key("sig", ScoreRequest(text, word_spans(text), SOURCE, "ro", "en"))
    item = CONTINUATIONS[2]
    changed = [
        Continuation(item.prefix + "x", item.text, item.source, item.source_lang, item.target_lang),
        Continuation(item.prefix, item.text + "x", item.source, item.source_lang, item.target_lang),
        Continuation(item.prefix, item.text, None, item.source_lang, item.target_lang),
        Continuation(item.prefix, item.text, item.source, "fr", item.target_lang),
    ]
    assert len({continuation_key("sig", c) for c in [item, *changed]}) == 5
    assert continuation_key("sig", item) != request_key("sig", ScoreRequest(item.prefix + item.text, ()))


def test_keys_change_with_the_scoring_code(monkeypatch: pytest.MonkeyPatch) -> None:
    request = requests()[0]
    before = request_key("sig", request)
    monkeypatch.setattr(codec, "code_version", lambda: "0.1.0:edited")
    assert request_key("sig", request) != before


def test_garbage_rows_are_recomputed(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.sqlite3"
    scorer, _, store = caching(tiny_scorer, path)
    scorer.score(requests()[:1])
    scorer.score_continuations(CONTINUATIONS[:1])
    store.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET value = CASE WHEN typeof(value) = 'real' THEN 'text' ELSE x'00ff' END")
    again, recording, _ = caching(tiny_scorer, path)
    assert again.score(requests()[:1]) == tiny_scorer.score(requests()[:1])
    assert again.score_continuations(CONTINUATIONS[:1]) == tiny_scorer.score_continuations(CONTINUATIONS[:1])
    assert again.misses == 2 and recording.scored and recording.continued


# ---- signatures without torch -----------------------------------------------------------------


def test_expected_signature_is_the_loaded_scorers(tiny_model_dir: Path) -> None:
    from mtqa.lm.transformers_scorer import TransformersScorer

    for dtype in ("fp32", "bf16"):
        loaded = TransformersScorer.load(str(tiny_model_dir), dtype=dtype)
        assert expected(str(tiny_model_dir), dtype) == Expected(loaded.signature, True)
    assert uses_bf16("auto") is cpu_supports_bf16() and uses_bf16("bf16") and not uses_bf16("fp32")
    assert scorer_signature("x", True) == "model:x|dtype:bf16|prompt:v1"


def test_builtin_signature_needs_only_the_materialized_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    alias = "gemma3-270m"
    version = package_version(BUILTIN_MODELS[alias].package)
    if version is None:
        pytest.skip("the default model's package is not installed")
    assert peek(alias) is None  # not converted yet: only loading can tell
    folder = tmp_path / "models" / f"{alias}-{version}-{WEIGHTS_FORMAT}-v{LAYOUT}"
    folder.mkdir(parents=True)
    meta = f'{{"version": "{version}", "sha256": "{"ab" * 32}", "weights": "{WEIGHTS_FORMAT}", "files": {{}}}}'
    (folder / "mtqa-model.json").write_text(meta, encoding="utf-8")
    resolved = peek(alias)
    expected = f"{alias}@{version}:{'ab' * 6}:{WEIGHTS_FORMAT}"
    assert resolved is not None and resolved.signature == expected and resolved.multilingual


def test_a_scorer_that_disagrees_with_its_expected_signature_turns_the_cache_off(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    warnings = Warnings()
    store = ScoreCache(tmp_path / "c.sqlite3", warn=warnings)
    odd = Recording(tiny_scorer, signature="model:other|dtype:fp32|prompt:v1")
    scorer = CachingScorer(lambda: odd, store, Expected(tiny_scorer.signature, True))
    scorer.score(requests()[:1])
    assert not store.enabled and len(warnings) == 1 and "signature" in warnings[0]
    assert scorer.signature == "model:other|dtype:fp32|prompt:v1"
    assert cache_info(tmp_path / "c.sqlite3").entries == 0


# ---- degrading, never crashing ----------------------------------------------------------------


def test_corrupt_file_is_moved_aside_and_started_afresh(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database, just bytes\x00\xff" * 100)
    warnings = Warnings()
    scorer, _, _ = caching(tiny_scorer, path, warn=warnings)
    assert scorer.score(requests()) == tiny_scorer.score(requests())
    assert len(warnings) == 1 and "moved it to c.sqlite3.corrupt" in warnings[0]
    assert (tmp_path / "c.sqlite3.corrupt").read_bytes().startswith(b"this is not")
    again, _, _ = caching(tiny_scorer, path, loader=never_load)
    assert again.score(requests()) == tiny_scorer.score(requests())


def test_a_file_corrupted_mid_run_degrades(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.sqlite3"
    warnings = Warnings()
    scorer, _, store = caching(tiny_scorer, path, warn=warnings)
    scorer.score(requests()[:1])
    store.close()
    path.write_bytes(b"\x00" * 8192)  # clobbered while no connection was open
    (tmp_path / "c.sqlite3-wal").unlink(missing_ok=True)
    assert scorer.score(requests()) == tiny_scorer.score(requests())
    assert len(warnings) == 1


def test_write_lock_held_beyond_the_timeout_degrades(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.sqlite3"
    scorer, _, store = caching(tiny_scorer, path)
    scorer.score(requests()[:1])
    store.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        warnings = Warnings()
        blocked, _, blocked_store = caching(tiny_scorer, path, warn=warnings)
        started = time.monotonic()
        assert blocked.score(requests()) == primed_then_rest(tiny_scorer)
        assert blocked.score_continuations(CONTINUATIONS) == tiny_scorer.score_continuations(CONTINUATIONS)
        assert time.monotonic() - started < 10
        assert blocked.hits == 1  # reads go on beside a writer (WAL); the write gave up
        assert len(warnings) == 1 and "locked" in warnings[0] and not blocked_store.enabled
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_hits_survive_a_locked_last_used_refresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.sqlite3"
    clock = [1_000_000.0]
    monkeypatch.setattr(cache_module.time, "time", lambda: clock[0])
    ScoreCache(path).put_many("m", [(b"k", b"v")])
    clock[0] += 2 * cache_module.REFRESH_AFTER
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        warnings = Warnings()
        store = ScoreCache(path, timeout=0.2, warn=warnings)
        assert store.get_many([b"k"]) == {b"k": b"v"}
        assert len(warnings) == 1 and not store.enabled
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_locked_before_wal_could_be_set_degrades(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO other VALUES (1)")
    try:
        warnings = Warnings()
        scorer, _, _ = caching(tiny_scorer, path, warn=warnings)
        started = time.monotonic()
        assert scorer.score(requests()) == tiny_scorer.score(requests())
        assert time.monotonic() - started < 10 and len(warnings) == 1 and "locked" in warnings[0]
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_unwritable_cache_folder_degrades(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    warnings = Warnings()
    scorer, _, _ = caching(tiny_scorer, blocker / "mtqa" / "c.sqlite3", warn=warnings)
    assert scorer.score(requests()) == tiny_scorer.score(requests())
    assert scorer.score_continuations(CONTINUATIONS) == tiny_scorer.score_continuations(CONTINUATIONS)
    assert len(warnings) == 1 and "not-a-folder" in warnings[0]


def test_read_only_database_degrades(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file opened read-only (as on a read-only mount): reads work, the first write gives up."""
    path = tmp_path / "c.sqlite3"
    scorer, _, store = caching(tiny_scorer, path)
    scorer.score(requests()[:1])
    store.close()
    warnings = Warnings()
    read_only, _, ro_store = caching(tiny_scorer, path, warn=warnings)
    ro_store._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    assert read_only.score(requests()) == primed_then_rest(tiny_scorer)
    assert read_only.hits == 1 and len(warnings) == 1 and "readonly" in warnings[0]


def test_concurrent_writers_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from mtqa.lm.cache import ScoreCache

        def fail(message):
            raise SystemExit("warned: " + message)

        name = sys.argv[2]
        store = ScoreCache(Path(sys.argv[1]), warn=fail)
        for batch in range(40):
            items = [(f"{name}-{batch}-{i}".encode(), f"value {i}".encode()) for i in range(50)]
            shared = [(f"shared-{batch}-{i}".encode(), b"same") for i in range(50)]
            store.put_many("model:" + name, items + shared)
            found = store.get_many([key for key, _ in items])
            assert len(found) == 50, len(found)
        """
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(path), name], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for name in ("a", "b")
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    info = cache_info(path)
    assert info.entries == 2 * 40 * 50 + 40 * 50
    assert {m.signature for m in info.models} == {"model:a", "model:b"}


def test_least_recently_used_rows_go_first_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.sqlite3"
    clock = [1_000_000.0]
    monkeypatch.setattr(cache_module.time, "time", lambda: clock[0])
    store = ScoreCache(path, max_bytes=400_000)
    store.put_many("m", [(b"old-%d" % i, b"x" * 1000) for i in range(100)])
    clock[0] += 1
    store.put_many("m", [(b"mid-%d" % i, b"x" * 1000) for i in range(100)])
    assert cache_info(path).entries == 200  # under the limit: nothing dropped
    clock[0] += 10 * cache_module.REFRESH_AFTER
    assert len(store.get_many([b"old-%d" % i for i in range(50)])) == 50  # used again: now the newest
    clock[0] += 1
    store.put_many("m", [(b"new-%d" % i, b"y" * 1000) for i in range(200)])
    found = store.get_many([b"old-0", b"old-49", b"old-50", b"old-99", b"mid-0", b"new-0", b"new-199"])
    assert set(found) == {b"old-0", b"old-49", b"new-0", b"new-199"}
    assert 200 < cache_info(path).entries < 400


def test_info_and_clear(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    assert not cache_info(path).exists and clear_cache(path) == 0 and not path.exists()
    store = ScoreCache(path)
    store.put_many("model:a", [(b"k1", b"v"), (b"k2", 1.5)])
    store.put_many("model:b", [(b"k3", b"v")])
    info = cache_info(path)
    assert info.exists and info.entries == 3 and info.size_bytes > 0
    assert [(m.signature, m.segments, m.continuations) for m in info.models] == [("model:a", 1, 1), ("model:b", 1, 0)]
    assert clear_cache(path) == 3
    assert cache_info(path).entries == 0
    assert store.get_many([b"k1"]) == {}  # the open connection sees the cleared file
    store.put_many("model:a", [(b"k1", b"v")])
    assert cache_info(path).entries == 1


def test_a_cache_survives_pickling_for_worker_processes(tmp_path: Path) -> None:
    import pickle

    store = ScoreCache(tmp_path / "c.sqlite3")
    store.put_many("m", [(b"k", b"v")])
    copy = pickle.loads(pickle.dumps(store))
    assert copy.get_many([b"k"]) == {b"k": b"v"}
