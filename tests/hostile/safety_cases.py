"""Hostile-table cases for issue 18: outputs, ``fix``, side files, thresholds, models.

Registered into ``hostile.generate``'s table when it is imported. Every case still runs in its
own folder, whose files are hashed before and after: only ``Case.outputs`` may change.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from hostile.generate import FAST, GOOD, Case, case, write

FIX = ("--select", "MT301,MT402", "--min-confidence", "0")
TYPO = "The parties will litigatte the case tomorrow.\n"
OWN = {"run": "own", "timeout": 90.0}


def _refused(root: Path, name: str, dest: str, pattern: str, *, command: str = "check", run: str = "inline") -> Case:
    write(root, "a.txt", GOOD)
    args = ("a.txt", *FAST, "-o", dest) if command == "check" else ("a.txt", "-o", dest)
    return Case(name, args, 2, pattern, names=dest, command=command, run=run, timeout=90.0)


@case("out-o-is-the-input")
def _o_input(root: Path) -> Case:
    return _refused(root, "out-o-is-the-input", "a.txt", r"a\.txt: is an input of this run; refusing to overwrite it")


@case("out-o-symlink-to-input")
def _o_link(root: Path) -> Case:
    os.symlink("a.txt", root / "link.txt")
    return _refused(root, "out-o-symlink-to-input", "link.txt", r"link\.txt: is an input of this run")


@case("out-o-hardlink-to-input")
def _o_hard(root: Path) -> Case:
    built = _refused(root, "out-o-hardlink-to-input", "hard.txt", r"hard\.txt: is an input of this run")
    os.link(root / "a.txt", root / "hard.txt")
    return built


@case("out-o-fifo")
def _o_fifo(root: Path) -> Case:
    os.mkfifo(root / "pipe")
    return _refused(root, "out-o-fifo", "pipe", r"pipe: not a regular file \(a named pipe\)", run="own")


@case("out-o-dev-null")
def _o_null(root: Path) -> Case:
    return _refused(root, "out-o-dev-null", "/dev/null", r"/dev/null: not a regular file \(a character device\)")


@case("out-o-directory")
def _o_dir(root: Path) -> Case:
    (root / "folder").mkdir()
    return _refused(root, "out-o-directory", "folder", r"folder: is a directory, not a file")


@case("out-o-below-a-file")
def _o_below(root: Path) -> Case:
    return _refused(root, "out-o-below-a-file", "a.txt/r.json", r"a\.txt/r\.json: cannot create its folder: a\.txt is a file")


@case("out-o-dangling-symlink")
def _o_dangling(root: Path) -> Case:
    os.symlink("/nonexistent/elsewhere.json", root / "r.json")
    return _refused(root, "out-o-dangling-symlink", "r.json", r"r\.json: symbolic link to nothing")


@case("out-output-dir-is-a-file")
def _dir_file(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    write(root, "rep", "a file\n")
    pattern = r"rep/mtqa-report\.json: cannot create its folder: rep is a file"
    return Case("out-output-dir-is-a-file", ("a.txt", "--no-suggest", "--output-dir", "rep"), 2, pattern, names="rep")


@case("out-reports-not-read-back")
def _read_back(root: Path) -> Case:
    write(root, "docs/a.txt", GOOD)
    write(root, "docs/mtqa-report.json", '{"mtqa_version": "0", "documents": []}\n')
    write(root, "docs/mtqa-report.md", "# old report\n")
    args = ("docs", "--no-suggest", "--fail-on", "never", "--format", "json,markdown", "--output-dir", "docs")
    outputs = ("docs/mtqa-report.json", "docs/mtqa-report.md")
    return Case("out-reports-not-read-back", args, 0, r"skipped docs/mtqa-report\.json: an mtqa report", outputs=outputs)


@case("out-action-folder-skipped")
def _action_folder(root: Path) -> Case:
    write(root, "mtqa-reports/mtqa-report.json", "{}\n")
    write(root, "mtqa-reports/notes.txt", GOOD)
    write(root, "a.txt", GOOD)
    return Case("out-action-folder-skipped", (".", *FAST), 0, r"skipped mtqa-reports: report output folder")


@case("out-dash-is-stdout")
def _dash(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    return Case("out-dash-is-stdout", ("a.txt", *FAST, "-o", "-"), 0, r'"documents": 1', "stdout")


@case("out-latin1-stdout")
def _latin1_stdout(root: Path) -> Case:
    write(root, "a.txt", "Le café → 日本語 est chome.\n")
    env = {"PYTHONIOENCODING": "latin-1"}
    return Case(
        "out-latin1-stdout",
        ("a.txt", "--no-suggest", "--fail-on", "never", "--no-reports"),
        0,
        r"1 document",
        "stdout",
        env=env,
        **OWN,
    )  # type: ignore[arg-type]


@case("baseline-o-is-the-input")
def _baseline_input(root: Path) -> Case:
    return _refused(root, "baseline-o-is-the-input", "a.txt", r"a\.txt: is an input of this run", command="baseline")


@case("baseline-o-directory")
def _baseline_dir(root: Path) -> Case:
    (root / "folder").mkdir()
    return _refused(root, "baseline-o-directory", "folder", r"folder: is a directory", command="baseline")


# ----------------------------------------------------------------------------- fix


def _fix(root: Path, name: str, args: tuple[str, ...], code: int, pattern: str, **more: object) -> Case:
    if not os.path.lexists(root / "a.txt"):
        write(root, "a.txt", TYPO)
    options: dict[str, object] = {"timeout": 90.0, **more}
    return Case(name, (*args, *FIX), code, pattern, command="fix", **options)  # type: ignore[arg-type]


@case("fix-tab-name-and-its-decoy")
def _fix_tab(root: Path) -> Case:
    write(root, "x\ty.txt", TYPO)
    write(root, "x\\ty.txt", TYPO)
    outputs = ("x\ty.txt", "x\ty.txt.orig")
    return _fix(root, "fix-tab-name-and-its-decoy", ("x\ty.txt", "--in-place"), 0, r"1 fix\(es\) in 1 file", outputs=outputs)


@case("fix-symlink-in-place")
def _fix_link(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.symlink("a.txt", root / "link.txt")
    return _fix(
        root, "fix-symlink-in-place", ("link.txt", "--in-place"), 0, r"backup in a\.txt\.orig", outputs=("a.txt", "a.txt.orig")
    )


@case("fix-hard-link-in-place")
def _fix_hard(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.link(root / "a.txt", root / "twin.txt")
    outputs = ("a.txt", "twin.txt", "a.txt.orig")
    return _fix(root, "fix-hard-link-in-place", ("a.txt", "--in-place"), 0, r"1 fix\(es\) in 1 file", outputs=outputs)


@case("fix-read-only-refused")
def _fix_readonly(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.chmod(root / "a.txt", 0o444)
    return _fix(root, "fix-read-only-refused", ("a.txt", "--in-place"), 2, r"a\.txt: is read-only; not rewritten", names="a.txt")


@case("fix-read-only-forced")
def _fix_forced(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.chmod(root / "a.txt", 0o444)
    outputs = ("a.txt", "a.txt.orig")
    return _fix(root, "fix-read-only-forced", ("a.txt", "--in-place", "--force"), 0, r"1 fix\(es\)", outputs=outputs)


@case("fix-backup-never-overwritten")
def _fix_backup(root: Path) -> Case:
    write(root, "a.txt.orig", "an older backup\n")
    outputs = ("a.txt", "a.txt.orig.1")
    return _fix(root, "fix-backup-never-overwritten", ("a.txt", "--in-place"), 0, r"backup in a\.txt\.orig\.1", outputs=outputs)


@case("fix-suffix-never-overwrites")
def _fix_suffix(root: Path) -> Case:
    write(root, "a.fixed.txt", "someone's work\n")
    pattern = r"a\.fixed\.txt: already exists; refusing to overwrite it"
    return _fix(root, "fix-suffix-never-overwrites", ("a.txt", "--suffix", ".fixed"), 2, pattern, names="a.fixed.txt")


@case("fix-o-is-the-input")
def _fix_o(root: Path) -> Case:
    pattern = r"a\.txt: is the file being fixed; use --in-place"
    return _fix(root, "fix-o-is-the-input", ("a.txt", "-o", "a.txt"), 2, pattern, names="a.txt")


@case("fix-o-symlink-to-input")
def _fix_o_link(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.symlink("a.txt", root / "link.txt")
    return _fix(
        root, "fix-o-symlink-to-input", ("a.txt", "-o", "link.txt"), 2, r"link\.txt: is the file being fixed", names="link.txt"
    )


@case("fix-o-dev-null")
def _fix_null(root: Path) -> Case:
    pattern = r"/dev/null: not a regular file"
    return _fix(root, "fix-o-dev-null", ("a.txt", "-o", "/dev/null"), 2, pattern, names="/dev/null")


@case("fix-suffix-with-slash")
def _fix_slash(root: Path) -> Case:
    pattern = r"--suffix '/\.\./x' must be a file-name suffix"
    return _fix(root, "fix-suffix-with-slash", ("a.txt", "--suffix", "/../x"), 2, pattern, names="--suffix")


@case("fix-diff-escapes-terminal-controls")
def _fix_escapes(root: Path) -> Case:
    write(root, "a.txt", "\x1b[2J\x1b]0;pwned\x07The parties will litigatte it.\x1b[32m All checks passed\n")
    return _fix(
        root, "fix-diff-escapes-terminal-controls", ("a.txt",), 0, r"\\u001b\[2J\\u001b\]0;pwned\\u0007The", stream="stdout"
    )


@case("fix-lone-cr-line-ends")
def _fix_cr(root: Path) -> Case:
    write(root, "a.txt", "Nothing else here.\rThe parties will litigatte the case.\r")
    outputs = ("a.txt", "a.txt.orig")
    return _fix(root, "fix-lone-cr-line-ends", ("a.txt", "--in-place"), 0, r"1 fix\(es\) in 1 file", outputs=outputs)


@case("fix-fifo-input")
def _fix_fifo(root: Path) -> Case:
    os.mkfifo(root / "pipe.txt")
    pattern = r"pipe\.txt: not a regular file \(a named pipe\)"
    return _fix(root, "fix-fifo-input", ("pipe.txt", "--in-place"), 2, pattern, names="pipe.txt", **OWN)


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


# ----------------------------------------------------------------------------- models


def _converted_model(root: Path, damage: bool) -> None:
    """A stand-in conversion of the default model in the case's own cache, optionally truncated."""
    from mtqa.lm.materialize import LAYOUT, WEIGHTS_FORMAT
    from mtqa.lm.model_check import META_FILE, record
    from mtqa.lm.models import BUILTIN_MODELS, DEFAULT_MODEL, package_version

    version = package_version(BUILTIN_MODELS[DEFAULT_MODEL].package) or "0"
    folder = root / "cache" / "models" / f"{DEFAULT_MODEL}-{version}-{WEIGHTS_FORMAT}-v{LAYOUT}"
    folder.mkdir(parents=True)
    header = json.dumps({"w": {"dtype": "U8", "shape": [4096], "data_offsets": [0, 4096]}}).encode()
    (folder / "model.safetensors").write_bytes(len(header).to_bytes(8, "little") + header + bytes(4096))
    meta = {"version": version, "sha256": "ab" * 32, "weights": WEIGHTS_FORMAT, "files": record(folder)}
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    if damage:
        with (folder / "model.safetensors").open("r+b") as handle:
            handle.truncate(1000)


_CACHE = {"MTQA_CACHE_DIR": "cache"}


@case("model-truncated-is-refused")
def _model_truncated(root: Path) -> Case:
    _converted_model(root, damage=True)
    write(root, "a.txt", GOOD)
    pattern = r"model\.safetensors: damaged \(size 1000, expected \d+\); 'mtqa models prefetch' converts it again"
    return Case(
        "model-truncated-is-refused",
        ("a.txt", "--model", "gemma3-270m", *FAST),
        2,
        pattern,
        names="model.safetensors",
        env=_CACHE,
    )


@case("models-lists-a-broken-model")
def _models_broken(root: Path) -> Case:
    _converted_model(root, damage=True)
    return Case(
        "models-lists-a-broken-model",
        (),
        0,
        r"state: broken: model file .*model\.safetensors: damaged",
        "stdout",
        command="models",
        isolated=False,
        env=_CACHE,
    )


@case("models-verify-a-broken-model")
def _verify_broken(root: Path) -> Case:
    _converted_model(root, damage=True)
    pattern = r"model\.safetensors: damaged"
    return Case(
        "models-verify-a-broken-model",
        (),
        2,
        pattern,
        names="model.safetensors",
        command="models verify",
        isolated=False,
        env=_CACHE,
    )


@case("model-cache-dir-is-a-file")
def _cache_file(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    write(root, "cachefile", "x\n")
    pattern = r"cachefile/models: cannot create the model cache folder \(Not a directory\); check MTQA_CACHE_DIR"
    env = {"MTQA_CACHE_DIR": "cachefile"}
    return Case(
        "model-cache-dir-is-a-file", ("a.txt", "--model", "gemma3-270m", *FAST), 2, pattern, names="check MTQA_CACHE_DIR", env=env
    )
