"""Score a Ray Dataset of bilingual rows with one mtqa model per actor (``pip install 'mtqa[ray]'``).

Rows are records as bilingual JSONL has them: ``mt`` and optional ``src``, ``ref`` and ``id``
(other columns pass through untouched). ``check_dataset`` runs ``MtqaScorer``, a callable class,
in an actor pool with ``map_batches``: each actor builds one ``Engine`` and loads the model once,
then turns every batch into one Document exactly as the JSONL reader turns lines into segments
(``mtqa.readers.jsonl.segment_from_record``), checks it, and returns the JSON report's
per-segment fields as columns:

==================  ===============================================================================
``id``              the row's ``id`` as the JSONL reader reads it (non-strings as JSON), else null
``text``            ``mt``, exactly
``source``          ``src`` (null without one)
``reference``       ``ref`` (null without one)
``fluency``         0–100, rounded as in the JSON report
``metrics``         struct ``{chrF: {score, signature} | null}``
``words``           list of ``{start, end, text, p_bad, p_wrong}``: the whitespace tokens of ``mt``
``findings``        list of ``{code, severity, start, end, text, message, confidence,
                    suggestions: list of {text, confidence}, fingerprint}``
``max_p_bad``       the largest word ``p_bad`` (0.0 without words, null with ``fast``), for filtering
``max_p_wrong``     the same for ``p_wrong``, which also counts the rule findings on each word
``worst_severity``  ``error``, ``warning``, ``info`` or null when nothing was found
==================  ===============================================================================

Nested values are Arrow lists of structs with one fixed schema (``OUTPUT_SCHEMA``) for every
batch, so Ray's Arrow blocks concatenate and Parquet files are written without any schema
drift (an all-null column in one batch would otherwise be typed ``null`` there and ``struct``
elsewhere), and ``take``/``filter`` hand them back as plain lists of dicts. Numbers are rounded
as in the JSON report (``mtqa.formatters.json_format.to_dict`` produces them).

A batch is not a document, which is why some things differ from ``mtqa check``:

- **Languages are required.** ``mtqa check`` detects a file's language from all its segments;
  detection per batch would let the same corpus get different languages (hence different checks
  and calibrations) depending on how Ray happened to slice it. ``lang`` is always required and
  ``source_lang`` whenever rows carry ``src``.
- **Document-level settings are refused**: BLEU/chrF/TER over a batch (``min_chrf``,
  ``min_bleu``, ``max_ter``) and baselines mean nothing; document fluency and the gate are not
  returned. Segment thresholds (``min_segment_fluency``, ``min_segment_chrf``) work.
- **Fingerprints** hash ``dataset`` as the file path, and count repeats of an identical
  (code, text, context) within a batch rather than within the whole corpus. With
  ``dataset="rows.jsonl"`` they equal those of ``mtqa check rows.jsonl`` (run where that path
  is relative) wherever no such tuple repeats.
- **No file positions**: ``line`` and ``column`` are not returned, and a row without ``id``
  gets a null one, since Ray rows have no stable number (the JSONL reader uses the line).

Torch in each actor uses ``threads`` threads (``num_cpus_per_actor``), not every core of the node,
and actors score without the score cache (see ``_load_model``). Every actor reads a ``glossary``
file itself, so on a cluster its path must exist on every node.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from functools import partial
from typing import TYPE_CHECKING, Any

try:
    import pyarrow as pa
except ImportError as exc:  # pragma: no cover - the extra is part of the dev install
    raise ImportError("mtqa.integrations.ray needs the ray extra: pip install 'mtqa[ray]'") from exc

from mtqa.config.keys import Invalid, coerced, validate_config
from mtqa.config.model import Config
from mtqa.errors import UsageError
from mtqa.types import Document, Report, Severity

if TYPE_CHECKING:
    import ray.data

    from mtqa.lm.base import Scorer

__all__ = ["DEFAULT_BATCH_SIZE", "OUTPUT_SCHEMA", "MtqaScorer", "check_dataset", "ray_config"]

DEFAULT_BATCH_SIZE = 256
DEFAULT_DATASET = "dataset"
RECORD_COLUMNS = ("mt", "src", "ref", "id")
"""Input columns read as the record; ``src``/``mt``/``ref`` come back as ``source``/``text``/``reference``."""

METRIC_NAMES = ("chrF",)
"""Segment metrics (``mtqa.quality.metrics.segment_chrf``); the struct needs the names up front."""

_METRIC = pa.struct([("score", pa.float64()), ("signature", pa.string())])
_SUGGESTION = pa.struct([("text", pa.string()), ("confidence", pa.float64())])
_WORD = pa.struct(
    [("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("p_bad", pa.float64()), ("p_wrong", pa.float64())]
)
_FINDING = pa.struct(
    [
        ("code", pa.string()),
        ("severity", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("message", pa.string()),
        ("confidence", pa.float64()),
        ("suggestions", pa.list_(_SUGGESTION)),
        ("fingerprint", pa.string()),
    ]
)
OUTPUT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("source", pa.string()),
        ("reference", pa.string()),
        ("fluency", pa.float64()),
        ("metrics", pa.struct([(name, _METRIC) for name in METRIC_NAMES])),
        ("words", pa.list_(_WORD)),
        ("findings", pa.list_(_FINDING)),
        ("max_p_bad", pa.float64()),
        ("max_p_wrong", pa.float64()),
        ("worst_severity", pa.string()),
    ]
)
"""The columns every batch gets, before the input's own pass-through columns."""

_DOCUMENT_ONLY = ("baseline", "min_chrf", "min_bleu", "max_ter")
_SEVERITY_ORDER = (Severity.ERROR.value, Severity.WARNING.value, Severity.INFO.value)


def ray_config(config: Config | None = None, **settings: Any) -> Config:
    """The Config actors run with: ``config`` (default: built-in defaults) plus ``settings``.

    ``settings`` are Config fields (``lang``, ``source_lang``, ``model``, ``dtype``, ``select``,
    ``ignore``, ``extend_select``, ``severity``, ``allowed_terms``, ``glossary``, ``suggest``,
    ``min_segment_fluency``, ``min_segment_chrf``…), None meaning "leave as it is". Plain values
    are accepted where Config wants types (code lists, ``{"MT401": "error"}``, a glossary path).
    Raises UsageError for what a batch cannot honour, TypeError for unknown names.
    """
    known = {f.name for f in fields(Config)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise TypeError(f"unknown mtqa setting(s): {', '.join(unknown)}")
    values = {}
    for name, value in settings.items():
        if value is None:
            continue
        try:
            values[name] = coerced(name, value)
        except Invalid as exc:
            raise UsageError(exc.for_flag(name)) from None
    merged = replace(config or Config(), **values)
    if not merged.lang:
        raise UsageError("lang is required: a Ray batch is not a document, so its language is not detected")
    refused = [name for name in _DOCUMENT_ONLY if getattr(merged, name) is not None]
    if refused:
        raise UsageError(f"{', '.join(refused)}: document-level settings have no meaning for Ray batches")
    return validate_config(merged)


class MtqaScorer:
    """The ``map_batches`` callable: one Engine (one loaded model) per actor.

    ``config`` comes from ``ray_config``; ``dataset`` is the path fingerprints hash; ``threads``
    caps torch's threads in this process (None: every core, as ``mtqa check`` does).
    Batches may be a ``pyarrow.Table`` (what ``check_dataset`` asks Ray for), a pandas DataFrame
    or a dict of numpy arrays; the result is always a ``pyarrow.Table``.
    """

    def __init__(self, config: Config, dataset: str = DEFAULT_DATASET, threads: int | None = None) -> None:
        from mtqa.pipeline.engine import Engine

        self.config = ray_config(config)
        self.dataset = dataset
        self._engine = Engine(self.config, scorer_factory=partial(_load_model, threads=threads))
        self._engine.scorer  # noqa: B018 - load the model now, once per actor, not inside the first batch

    @property
    def signature(self) -> str:
        """The report signature of what produced the rows (model, dtype, prompt, head, sacrebleu)."""
        return self._engine.signature()

    def __call__(self, batch: Any) -> pa.Table:
        table = _as_table(batch)
        records = table.select([c for c in RECORD_COLUMNS if c in table.column_names]).to_pylist()
        report = self._engine.check([self.document(records)])
        rows = _rows(report, records)
        out = pa.Table.from_pylist(rows, schema=OUTPUT_SCHEMA)
        for name in table.column_names:
            if name not in RECORD_COLUMNS and name not in OUTPUT_SCHEMA.names:
                out = out.append_column(table.schema.field(name), table.column(name))
        return out

    def document(self, records: Sequence[Mapping[str, Any]]) -> Document:
        """The records of one batch as the JSONL reader would read them from a file ``dataset``."""
        from mtqa.readers.jsonl import segment_from_record

        segments = tuple(
            segment_from_record(record, path=self.dataset, index=i, line=i + 1, where=f"row {i + 1} of a batch")
            for i, record in enumerate(records)
        )
        if self.config.source_lang is None and any(s.source is not None for s in segments):
            raise UsageError("rows have src: give source_lang (a Ray batch is not a document, so it is not detected)")
        return Document(self.dataset, segments, input_format="jsonl")


def _load_model(config: Config, threads: int | None) -> Scorer:
    """The model itself, with torch capped at the actor's CPUs.

    Not the score cache ``mtqa check`` uses: a corpus is scored once, so caching would only add
    writes, and every actor of a node would contend for one SQLite file.
    """
    from mtqa.lm.transformers_scorer import TransformersScorer

    return TransformersScorer.load(config.model, dtype=config.dtype, threads=threads)


def _as_table(batch: Any) -> pa.Table:
    if isinstance(batch, pa.Table):
        return batch
    if isinstance(batch, Mapping):
        # from_pandas: a NaN among strings (pandas' "missing") is null, as in a DataFrame.
        return pa.table({name: pa.array(values, from_pandas=True) for name, values in batch.items()})
    return pa.Table.from_pandas(batch, preserve_index=False)


def _largest(words: Sequence[Mapping[str, Any]], key: str) -> float | None:
    """Null when any word lacks the value (``fast`` runs), so a filter never mistakes "not
    scored" for "all fine"."""
    if any(w.get(key) is None for w in words):
        return None
    return max((float(w[key]) for w in words), default=0.0)


def _rows(report: Report, records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    from mtqa.formatters.json_format import to_dict
    from mtqa.readers.jsonl import record_id

    (document,) = to_dict(report)["documents"]
    rows = []
    for record, segment in zip(records, document["segments"]):
        unknown = set(segment["metrics"]) - set(METRIC_NAMES)
        if unknown:  # pragma: no cover - a new segment metric must be added to METRIC_NAMES
            raise RuntimeError(f"segment metric(s) {sorted(unknown)} missing from OUTPUT_SCHEMA")
        severities = {f["severity"] for f in segment["findings"]}
        rows.append(
            {
                "id": record_id(record),
                "text": segment["text"],
                "source": segment["source"],
                "reference": segment["reference"],
                "fluency": segment["fluency"],
                "metrics": segment["metrics"],
                "words": segment["words"],
                "findings": segment["findings"],
                "max_p_bad": _largest(segment["words"], "p_bad"),
                "max_p_wrong": _largest(segment["words"], "p_wrong"),
                "worst_severity": next((s for s in _SEVERITY_ORDER if s in severities), None),
            }
        )
    return rows


def check_dataset(
    ds: ray.data.Dataset,
    *,
    lang: str,
    source_lang: str | None = None,
    model: str | None = None,
    dtype: str | None = None,
    config: Config | None = None,
    dataset: str = DEFAULT_DATASET,
    concurrency: int | tuple[int, int] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    num_cpus_per_actor: float = 2,
    **settings: Any,
) -> ray.data.Dataset:
    """Score ``ds`` (rows ``{mt, src?, ref?, id?, ...}``) lazily; see the module docstring for the columns.

    ``concurrency`` is the number of actors (each loads the model: ~1 GB RSS with the default
    model), or ``(min, max)`` for an autoscaling pool; None lets Ray scale from 1 up to what the
    cluster's CPUs allow. ``num_cpus_per_actor`` is both Ray's reservation and torch's threads.
    ``batch_size`` rows go through one ``Engine.check`` (the engine scores them 64 at a time).
    ``settings`` are further Config fields (see ``ray_config``); ``config`` is a base Config,
    e.g. ``mtqa.config.layering.resolve({}).config`` to use the project's config file.
    """
    import ray.data

    resolved = ray_config(config, lang=lang, source_lang=source_lang, model=model, dtype=dtype, **settings)
    threads = max(1, math.ceil(num_cpus_per_actor))
    if isinstance(concurrency, tuple):
        compute = ray.data.ActorPoolStrategy(min_size=concurrency[0], max_size=concurrency[1])
    elif concurrency is not None:
        compute = ray.data.ActorPoolStrategy(size=concurrency)
    else:
        compute = ray.data.ActorPoolStrategy(min_size=1, max_size=None)
    first_actors = concurrency[0] if isinstance(concurrency, tuple) else concurrency or 1
    _warn_if_reads_starve(first_actors * num_cpus_per_actor)
    return ds.map_batches(
        MtqaScorer,
        fn_constructor_kwargs={"config": resolved, "dataset": dataset, "threads": threads},
        compute=compute,
        batch_size=batch_size,
        batch_format="pyarrow",
        num_cpus=num_cpus_per_actor,
    )


def _warn_if_reads_starve(reserved: float) -> None:
    """Ray starts the actors before the read tasks: a pool that takes every CPU leaves none for
    reading, and the dataset hangs (ray-project/ray#44687). Inputs already in memory are fine."""
    import ray

    if not ray.is_initialized():
        return
    total = float(ray.cluster_resources().get("CPU", 0))
    if total and reserved >= total:
        warnings.warn(
            f"the actor pool reserves {reserved:g} of the cluster's {total:g} CPUs, leaving none to read the dataset: "
            "a dataset still to be read (read_json, read_parquet…) then hangs (ray-project/ray#44687). "
            "Lower concurrency or num_cpus_per_actor, or materialize() the input first.",
            RuntimeWarning,
            stacklevel=3,
        )
