"""mtqa.integrations.ray: the same rows give the same results through Ray as through ``mtqa check``.

Ray 2.54+ has no ``local_mode``, so the parity tests start a single-node local cluster once for
the module (two CPUs, no dashboard). The tiny random model makes the numbers meaningless but
the plumbing exact: words, p_bad, fluency, findings and fingerprints must all match.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import BENCH
from typer.testing import CliRunner

from mtqa.cli.app import app
from mtqa.errors import InputError, UsageError
from mtqa.integrations.ray import METRIC_NAMES, OUTPUT_SCHEMA, MtqaScorer, check_dataset, ray_config
from mtqa.quality.metrics import segment_chrf
from mtqa.types import Severity

pytestmark = [
    pytest.mark.ray,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context"),  # Ray's own settings
    pytest.mark.skipif(not (BENCH / "ro-en.dev.jsonl").exists(), reason="needs ../shared/bench"),
]

ROWS = 20
runner = CliRunner()
MonkeyPatch = pytest.MonkeyPatch


def bench_rows() -> list[dict[str, Any]]:
    """The first rows of the ro-en dev set: id, src, mt, a reference on every other row, and an
    extra column that must pass through untouched."""
    with (BENCH / "ro-en.dev.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(ROWS), handle)]
    return [
        {"id": r["id"], "src": r["src"], "mt": r["mt"], "ref": r["pe"] if i % 2 else None, "lang_pair": r["lang_pair"]}
        for i, r in enumerate(records)
    ]


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    import ray
    import ray.data

    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        yield
    finally:
        ray.shutdown()


def cli_segments(folder: Path, rows: list[dict[str, Any]], model_dir: Path, *args: str) -> list[dict[str, Any]]:
    """``mtqa check rows.jsonl --format json`` run in ``folder``: the JSON report's segments."""
    (folder / "rows.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    command = ["check", "rows.jsonl", "--isolated", "--format", "json", "--fail-on", "never", "--model", str(model_dir)]
    result = runner.invoke(app, [*command, "--dtype", "fp32", *args])
    assert result.exit_code == 0, result.output
    (document,) = json.loads(result.stdout)["documents"]
    segments: list[dict[str, Any]] = document["segments"]
    return segments


def spans(words: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    return [(w["start"], w["end"], w["text"]) for w in words]


def assert_same(row: dict[str, Any], segment: dict[str, Any]) -> None:
    """One Ray row against the JSON report's segment for the same record."""
    for key in ("text", "source", "reference", "metrics"):
        assert row[key] == segment[key], key
    assert math.isclose(row["fluency"], segment["fluency"], abs_tol=1e-4)
    assert spans(row["words"]) == spans(segment["words"])
    for mine, theirs in zip(row["words"], segment["words"]):
        assert abs(mine["p_bad"] - theirs["p_bad"]) <= 1e-4 + 1e-12
        assert abs(mine["p_wrong"] - theirs["p_wrong"]) <= 1e-4 + 1e-12
    flags = [(f["code"], f["severity"], f["start"], f["end"]) for f in row["findings"]]
    assert flags == [(f["code"], f["severity"], f["start"], f["end"]) for f in segment["findings"]]
    for mine, theirs in zip(row["findings"], segment["findings"]):
        assert (mine["text"], mine["message"], mine["fingerprint"]) == (theirs["text"], theirs["message"], theirs["fingerprint"])
        assert math.isclose(mine["confidence"], theirs["confidence"], abs_tol=1e-3)
        assert [s["text"] for s in mine["suggestions"]] == [s["text"] for s in theirs["suggestions"]]
    assert row["max_p_bad"] == max((w["p_bad"] for w in row["words"]), default=0.0)
    assert row["max_p_wrong"] == max((w["p_wrong"] for w in row["words"]), default=0.0)
    severities = {f["severity"] for f in row["findings"]}
    assert row["worst_severity"] == next((s for s in ("error", "warning", "info") if s in severities), None)


def test_bilingual_rows_match_mtqa_check(cluster: None, tiny_model_dir: Path, tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    import ray.data

    rows = bench_rows()
    monkeypatch.chdir(tmp_path)
    expected = cli_segments(tmp_path, rows, tiny_model_dir, "--lang", "en", "--source-lang", "ro")
    ds = ray.data.read_json(str(tmp_path / "rows.jsonl")).repartition(4)  # the file mtqa check read
    scored = check_dataset(
        ds,
        lang="en",
        source_lang="ro",
        model=str(tiny_model_dir),
        dtype="fp32",
        dataset="rows.jsonl",
        concurrency=2,
        batch_size=5,
        num_cpus_per_actor=0.5,  # two models, and a CPU left for reading the file
    ).materialize()
    got = {row["id"]: row for row in scored.take_all()}

    assert sorted(got) == sorted(s["id"] for s in expected)
    for segment in expected:
        assert_same(got[segment["id"]], segment)
        assert got[segment["id"]]["lang_pair"] == "ro-en"
    assert sum(len(s["findings"]) for s in expected) > 0, "nothing was compared"
    assert any(s["metrics"]["chrF"] is not None for s in expected)

    # The README's recipe: keep suspect rows, write Parquet; the nested columns survive the trip.
    from ray.data.expressions import col

    threshold = sorted(row["max_p_bad"] for row in got.values())[ROWS // 2]
    suspect = scored.filter(expr=(col("max_p_bad") >= threshold) | (col("worst_severity") == "error"))
    suspect.write_parquet(str(tmp_path / "suspect"))
    table = pq.read_table(tmp_path / "suspect")
    wanted = {i for i, row in got.items() if row["max_p_bad"] >= threshold or row["worst_severity"] == "error"}
    assert set(table.column("id").to_pylist()) == wanted
    for name in OUTPUT_SCHEMA.names:
        assert table.schema.field(name).type == OUTPUT_SCHEMA.field(name).type
    back = {row["id"]: row for row in table.to_pylist()}
    assert all(back[i]["findings"] == got[i]["findings"] and back[i]["words"] == got[i]["words"] for i in wanted)


def test_rows_without_src_or_id(cluster: None, tiny_model_dir: Path, tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    import ray.data

    rows = [{"mt": row["mt"]} for row in bench_rows()]
    monkeypatch.chdir(tmp_path)
    expected = cli_segments(tmp_path, rows, tiny_model_dir, "--lang", "en")
    ds = ray.data.from_items(rows, override_num_blocks=2)
    with pytest.warns(RuntimeWarning, match="leaving none to read"):  # in memory already: no read to starve
        scored = check_dataset(
            ds, lang="en", model=str(tiny_model_dir), dtype="fp32", dataset="rows.jsonl", concurrency=1, num_cpus_per_actor=2
        )
    got = {row["text"]: row for row in scored.take_all()}

    assert len(got) == len(expected) == ROWS
    for segment in expected:
        row = got[segment["text"]]
        assert row["id"] is None and row["source"] is None
        assert_same(row, segment)
        assert not any(f["code"].startswith("MT1") for f in row["findings"])


# ---- without a cluster: the callable itself -------------------------------------------------


@pytest.fixture(scope="module")
def scorer(tiny_model_dir: Path) -> MtqaScorer:
    """Built in this process without ``threads``: torch keeps every core, as in the other tests."""
    return MtqaScorer(ray_config(lang="en", source_lang="ro", model=str(tiny_model_dir), dtype="fp32"), dataset="x.jsonl")


def test_batch_formats_give_the_same_table(scorer: MtqaScorer) -> None:
    rows = bench_rows()[:4]
    frame = pd.DataFrame(rows)
    frame.loc[1, "src"] = np.nan  # pandas' missing value is a missing source
    table = scorer(pa.Table.from_pandas(frame, preserve_index=False))
    assert table.schema.names == [*OUTPUT_SCHEMA.names, "lang_pair"]
    assert table.to_pylist() == scorer(frame).to_pylist()
    assert table.to_pylist() == scorer({name: frame[name].to_numpy() for name in frame.columns}).to_pylist()
    assert table.column("source").to_pylist()[1] is None
    assert table.column("id").to_pylist() == [r["id"] for r in rows]
    assert scorer(pa.table({"mt": pa.array([], pa.string())})).num_rows == 0
    assert "model:" in scorer.signature


def test_source_without_source_lang_is_refused(tiny_model_dir: Path) -> None:
    scorer = MtqaScorer(ray_config(lang="en", model=str(tiny_model_dir), dtype="fp32"))
    with pytest.raises(UsageError, match="source_lang"):
        scorer(pa.table({"src": ["Bună ziua ."], "mt": ["Good day ."]}))
    with pytest.raises(InputError, match='row 2 of a batch: "mt" must be a string'):
        scorer(pa.table({"mt": ["fine", None]}))


def test_settings() -> None:
    config = ray_config(lang="en", select=["MT3", "MT4"], severity={"MT401": "error"}, allowed_terms=["Bora"], suggest=False)
    assert config.select == ("MT3", "MT4") and config.severity == {"MT401": Severity.ERROR}
    assert config.allowed_terms == frozenset({"Bora"}) and config.suggest is False
    with pytest.raises(UsageError, match="lang is required"):
        ray_config()
    with pytest.raises(UsageError, match="min_chrf"):
        ray_config(lang="en", min_chrf=40)
    with pytest.raises(UsageError, match="MT9"):
        ray_config(lang="en", ignore=["MT9"])
    with pytest.raises(TypeError, match="colour"):
        ray_config(lang="en", colour="red")
    assert set(segment_chrf("a b", "a b")) == set(METRIC_NAMES)


def test_mtqa_never_imports_ray() -> None:
    code = (
        "import sys\n"
        "import mtqa, mtqa.pipeline.engine\n"
        "from mtqa.cli.app import main\n"
        "sys.argv = ['mtqa', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('ray', 'pyarrow') or m == 'mtqa.integrations.ray']\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
