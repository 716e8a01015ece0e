"""Hostile-table cases for side files (glossary, baseline, config) that are not regular files,
nest too deep or are too big, and for thresholds, readers and reports that must not pass
silently."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from hostile.table import FAST, GOOD, OWN, Case, case, write

# ----------------------------------------------------------------------------- side files


def _side(root: Path, name: str, flag: str, make: str, pattern: str, **more: object) -> Case:
    write(root, "a.txt", GOOD)
    target = root / "side.txt"
    if make == "fifo":
        os.mkfifo(target)
    elif make == "zero":
        os.symlink("/dev/zero", target)
    elif make == "dir":
        target.mkdir()
    else:
        target.write_text(make, encoding="utf-8")
    return Case(name, ("a.txt", flag, "side.txt", *FAST), 2, pattern, names="side.txt", **more)  # type: ignore[arg-type]


for _flag in ("glossary", "baseline"):
    for _make, _pattern, _more in (
        ("fifo", r"side\.txt: not a regular file \(a named pipe\)", OWN),
        ("zero", r"side\.txt: not a regular file \(a character device\)", OWN),
        ("dir", r"side\.txt: is a directory, not a file", {}),
    ):

        def _build(root: Path, flag: str = _flag, make: str = _make, pattern: str = _pattern, more: dict = _more) -> Case:  # type: ignore[type-arg]
            return _side(root, f"{flag}-{make}", f"--{flag}", make, pattern, **more)

        case(f"{_flag}-{_make}")(_build)


@case("baseline-nested-deep")
def _baseline_deep(root: Path) -> Case:
    return _side(
        root,
        "baseline-nested-deep",
        "--baseline",
        "[" * 100_000 + "]" * 100_000,
        r"side\.txt: not a baseline file: nested too deeply",
        **OWN,
    )


@case("baseline-huge-integer")
def _baseline_int(root: Path) -> Case:
    return _side(
        root, "baseline-huge-integer", "--baseline", '{"version": ' + "9" * 5000 + "}", r"side\.txt: not a baseline file: Exceeds"
    )


def _config(root: Path, name: str, make: str, pattern: str, command: str = "check", **more: object) -> Case:
    write(root, "a.txt", GOOD)
    target = root / "mtqa.toml"
    if make == "fifo":
        os.mkfifo(target)
    elif make == "zero":
        os.symlink("/dev/zero", target)
    else:
        target.write_text(make, encoding="utf-8")
    args = () if command == "config" else ("a.txt", *FAST)
    options: dict[str, object] = {"timeout": 90.0, **more}
    return Case(name, args, 2, pattern, names="mtqa.toml", isolated=False, command=command, **options)  # type: ignore[arg-type]


@case("config-fifo")
def _config_fifo(root: Path) -> Case:
    return _config(root, "config-fifo", "fifo", r"mtqa\.toml: cannot read config: not a regular file \(a named pipe\)", **OWN)


@case("config-dev-zero")
def _config_zero(root: Path) -> Case:
    return _config(root, "config-dev-zero", "zero", r"mtqa\.toml: cannot read config: not a regular file", **OWN)


@case("config-nested-toml")
def _config_deep(root: Path) -> Case:
    text = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"
    return _config(root, "config-nested-toml", text, r"mtqa\.toml: invalid TOML: nested too deeply", command="config", **OWN)


@case("config-oversized")
def _config_big(root: Path) -> Case:
    return _config(
        root, "config-oversized", "# x\n" * 300_000, r"mtqa\.toml: cannot read config: file is \d+ bytes, over the limit"
    )


@case("config-glossary-is-a-fifo")
def _config_glossary(root: Path) -> Case:
    os.mkfifo(root / "terms.txt")
    built = _config(root, "config-glossary-is-a-fifo", 'glossary = "terms.txt"\n', r"terms\.txt: not a regular file", **OWN)
    return dataclasses.replace(built, names="terms.txt")


@case("config-min-fluency-inf")
def _config_inf(root: Path) -> Case:
    return _config(
        root, "config-min-fluency-inf", "min-fluency = inf\n", r"mtqa\.toml: min-fluency: expected a finite number, not inf"
    )


# ----------------------------------------------------------------------------- readers, gate, reports


@case("jsonl-huge-integer")
def _jsonl_int(root: Path) -> Case:
    name = write(root, "big.jsonl", '{"mt": "x", "n": ' + "9" * 5000 + "}\n")
    return Case(
        "jsonl-huge-integer", (name,), 2, r"big\.jsonl: line 1: invalid JSON \(a number with too many digits\)", names=name
    )


@case("json-huge-integer")
def _json_int(root: Path) -> Case:
    name = write(root, "big.json", '{"a": ' + "9" * 5000 + ', "b": "text"}\n')
    return Case("json-huge-integer", (name,), 2, r"big\.json: invalid JSON \(a number with too many digits\)", names=name)


@case("gate-min-fluency-nan")
def _nan(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    return Case(
        "gate-min-fluency-nan",
        ("a.txt", "--min-fluency", "nan"),
        2,
        r"--min-fluency must be a finite number, not nan",
        names="--min-fluency",
    )


@case("gate-min-fluency-nan-from-environment")
def _nan_env(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    env = {"MTQA_MIN_FLUENCY": "nan"}
    pattern = r"MTQA_MIN_FLUENCY='nan': expected a finite number"
    return Case("gate-min-fluency-nan-from-environment", ("a.txt",), 2, pattern, names="MTQA_MIN_FLUENCY", env=env)


@case("gate-min-segment-fluency-inf")
def _inf(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    pattern = r"--min-segment-fluency must be a finite number, not -inf"
    return Case(
        "gate-min-segment-fluency-inf", ("a.txt", "--min-segment-fluency", "-inf"), 2, pattern, names="--min-segment-fluency"
    )


@case("bidi-target-not-in-source")
def _mt004(root: Path) -> Case:
    record = {"src": "Plătiți factura azi.", "mt": "Pay the \u202eeciovni\u202c today."}
    name = write(root, "pairs.jsonl", json.dumps(record) + "\n")
    return Case("bidi-target-not-in-source", (name, *FAST), 0, r'"code": "MT004"', "stdout")


@case("html-report-of-bidi-text")
def _html_bidi(root: Path) -> Case:
    name = write(root, "bidi.txt", "Pay the \u202eeciovni\u202c today.\n")
    args = (name, "--no-suggest", "--fail-on", "never", "--format", "html", "-o", "report.html")
    return Case("html-report-of-bidi-text", args, 0, r"^$", "stdout", outputs=("report.html",))


@case("sarif-newline-in-file-name")
def _sarif_name(root: Path) -> Case:
    write(root, "docs/new\nline.txt", "The talks were chome.\n")
    return Case(
        "sarif-newline-in-file-name",
        ("docs", "--no-suggest", "--fail-on", "never", "--format", "sarif"),
        0,
        r'"uri": "docs/new%5Cnline\.txt"',
        "stdout",
    )
