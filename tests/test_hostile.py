"""Hostile input, faults and concurrency: no tracebacks, no hangs, no data touched.

The corpus (tests/hostile/generate.py) runs through ``mtqa check`` case by case: exit code as
the case table says, its message pattern found, a single ``mtqa: error:`` line naming the file
whenever the exit code is 2, no "Traceback" anywhere, every case within its time limit, and
every file of the case byte-identical (and no new file) afterwards. Cases that could hang a
process if a guard failed run in a separate process under a hard timeout (``Case.run``).

Then: input files are untouched by every command but ``fix --in-place``; SIGINT during scoring
leaves no report and exits 130; two concurrent runs on one score cache agree; ``--timeout``,
the word budget and the long-segment cap behave as documented; findings' spans slice back to
their words for any text.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from conftest import SEED
from hostile.driver import Outcome, check_argv, run_case
from hostile.generate import BUILDERS, CASE_NAMES, IS_ROOT, Case, generate, hash_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mtqa.cli.app import app
from mtqa.config.model import Config
from mtqa.errors import InputError, UsageError
from mtqa.pipeline.deadline import FileClock
from mtqa.pipeline.engine import Engine, read_inputs, scored_prefix
from mtqa.readers import display_path, read_document
from mtqa.text.segment import word_spans
from mtqa.types import Span

DRIVER = Path(__file__).parent / "hostile" / "driver.py"


@pytest.fixture(scope="module")
def model_env(tiny_model_dir: Path) -> dict[str, str]:
    return {"MTQA_MODEL": str(tiny_model_dir), "MTQA_DTYPE": "fp32", "MTQA_CACHE": "false"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Case]]]:
    root = tmp_path_factory.mktemp("hostile")
    cases = {case.name: case for case in generate(root)}
    yield root, cases
    for folder, dirnames, _ in os.walk(root):  # let pytest clean up what the cases locked
        for name in dirnames:
            os.chmod(Path(folder) / name, 0o755)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-out")


@pytest.fixture(scope="module")
def shared_outcomes(corpus: tuple[Path, dict[str, Case]], outputs: Path, model_env: dict[str, str]) -> dict[str, Outcome | str]:
    """Every "shared" case, run once in one process: an Outcome each, or why there is none."""
    root, cases = corpus
    shared = [case for case in cases.values() if case.run == "shared"]
    job = {
        "corpus": str(root),
        "output": str(outputs),
        "env": model_env,
        "cases": [{**asdict(case), "args": list(case.args)} for case in shared],
    }
    limit = 60 + sum(case.timeout for case in shared)
    try:
        done = subprocess.run(
            [sys.executable, str(DRIVER)],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            timeout=limit,
            env=_env(model_env),
        )
        lines, trouble = done.stdout.splitlines(), f"the driver exited with {done.returncode}: {done.stderr[-2000:]}"
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode() if isinstance(expired.stdout, bytes) else expired.stdout or ""
        lines, trouble = out.splitlines(), f"the driver hung for {limit} s"
    found: dict[str, Outcome | str] = {}
    for line in lines:
        event = json.loads(line)
        kind, name = event.pop("event"), event.pop("name")
        found[name] = f"hung or crashed the process ({trouble})" if kind == "start" else Outcome(**event)
    return found


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MTQA_")}
    return {**env, **extra}


def run_own_process(case: Case, cwd: Path, out: Path, model_env: dict[str, str]) -> Outcome:
    command = [sys.executable, "-m", "mtqa", *check_argv(case.args, case.isolated, out, case.command)]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=cwd, env=_env({**model_env, **case.env}), capture_output=True, timeout=case.timeout)
    except subprocess.TimeoutExpired:
        return Outcome("timeout", "", "", time.monotonic() - started)
    decode = lambda data: data.decode("utf-8", "backslashreplace")  # noqa: E731 - show, never fail, on odd bytes
    return Outcome(done.returncode, decode(done.stdout), decode(done.stderr), time.monotonic() - started)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_hostile_case(
    name: str,
    corpus: tuple[Path, dict[str, Case]],
    outputs: Path,
    model_env: dict[str, str],
    request: pytest.FixtureRequest,
) -> None:
    root, cases = corpus
    case = cases[name]
    cwd, out = root / name, outputs / name
    before = hash_tree(cwd)
    if case.run == "inline":
        argv = check_argv(case.args, case.isolated, out, case.command)
        outcome: Outcome | str = run_case(argv, cwd, {**model_env, **case.env}, case.timeout)
    elif case.run == "own":
        outcome = run_own_process(case, cwd, out, model_env)
    else:
        outcome = request.getfixturevalue("shared_outcomes").get(
            name, "never started: an earlier case hung or crashed the process"
        )
    assert isinstance(outcome, Outcome), f"{name}: {outcome}"
    shown = f"{name} ({case.what or case.run}): exit {outcome.exit_code} in {outcome.seconds:.1f} s\n{outcome.stderr[-3000:]}"
    assert outcome.exit_code != "timeout", f"{name} hung (over {case.timeout} s)"
    assert "Traceback" not in outcome.stdout + outcome.stderr, shown
    assert outcome.exit_code == case.exit_code, shown
    stream = outcome.stdout if case.stream == "stdout" else outcome.stderr
    assert re.search(case.pattern, stream), f"{shown}\n--- no match for {case.pattern!r} in {case.stream}:\n{stream[:3000]}"
    foreign = [line for line in outcome.stderr.splitlines() if line.strip() and not line.startswith("mtqa: ")]
    assert not foreign, f"{shown}\n--- stderr lines that are not mtqa's own one-line messages: {foreign[:5]}"
    if case.exit_code == 2:
        errors = [line for line in outcome.stderr.splitlines() if line.startswith("mtqa: error:")]
        assert len(errors) == 1 and outcome.stderr.rstrip("\n").splitlines()[-1] == errors[0], shown
        assert case.names is not None and case.names in errors[0], shown
    after = hash_tree(cwd)
    declared = set(case.outputs)
    unchanged = {key: value for key, value in before.items() if key not in declared}
    assert {key: value for key, value in after.items() if key not in declared} == unchanged, f"{name} changed its input files"
    for key in declared:
        assert key in after, f"{name} did not write its declared output {key}"
    if case.command == "check":
        assert not out.exists() or not any(out.iterdir()), f"{name} left files in the output folder"


def test_the_corpus_covers_the_issue() -> None:
    """At least 100 cases, each kind the issues name among them, and every exit-2 case names a file."""
    assert len(CASE_NAMES) >= 100
    for needed in (  # issue 18: data safety and hostile environments
        "out-o-is-the-input", "out-o-symlink-to-input", "out-o-fifo", "out-o-dev-null", "out-o-directory",
        "out-output-dir-is-a-file", "out-reports-not-read-back", "out-action-folder-skipped", "fix-tab-name-and-its-decoy",
        "fix-symlink-in-place", "fix-hard-link-in-place", "fix-read-only-refused", "fix-backup-never-overwritten",
        "fix-suffix-never-overwrites", "fix-o-is-the-input", "fix-suffix-with-slash", "fix-diff-escapes-terminal-controls",
        "fix-lone-cr-line-ends", "glossary-fifo", "glossary-zero", "baseline-fifo", "baseline-zero", "baseline-nested-deep",
        "baseline-huge-integer", "config-fifo", "config-nested-toml", "jsonl-huge-integer", "json-huge-integer",
        "gate-min-fluency-nan", "html-report-of-bidi-text", "bidi-target-not-in-source", "sarif-newline-in-file-name",
        "model-truncated-is-refused", "models-lists-a-broken-model", "model-cache-dir-is-a-file", "out-latin1-stdout",
    ):  # fmt: skip
        assert needed in CASE_NAMES, needed
    for needed in (
        "binary", "invalid-utf8", "mixed-encodings", "utf16-le-with-bom", "crlf", "lone-cr", "nul", "empty-file",
        "whitespace-only", "ten-mb", "over-size-limit", "very-long-word", "zero-width", "bidi", "malformed-jsonl",
        "tsv-wrong-column-count", "po-broken-quoting", "billion-laughs", "external-entity", "json-nested-10000-deep",
        "symlink-loop", "unreadable-file", "directory-named-like-file", "source-fewer-lines", "timeout",
    ):  # fmt: skip
        assert any(needed in name for name in CASE_NAMES), needed


def test_case_table_is_consistent(tmp_path: Path) -> None:
    """The table itself: names unique and matching, exit-2 cases name a file, patterns compile."""
    assert len(set(CASE_NAMES)) == len(CASE_NAMES) == len(BUILDERS)
    for case in generate(tmp_path, [n for n in CASE_NAMES if n not in {"ten-mb-single-line", "over-size-limit"}]):
        re.compile(case.pattern)
        assert case.run in {"inline", "shared", "own"} and case.stream in {"stdout", "stderr"}
        assert (case.names is not None) == (case.exit_code == 2), case.name


# --------------------------------------------------------------------------- data safety


SAFE_CASES = [
    "binary-skipped-in-folder", "nul-bytes-in-text", "utf16-le-with-bom", "utf32-le-with-bom", "crlf-newlines",
    "lone-cr-newlines", "empty-file", "whitespace-only", "zero-width-characters", "bidi-controls",
    "jsonl-lone-surrogate", "tsv-nul-byte", "xliff-external-dtd", "json-lone-surrogate", "symlink-loop-in-folder",
    "fifo-in-folder", "file-name-not-utf8",
]  # fmt: skip


def test_no_command_touches_its_inputs(tmp_path: Path, model_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """check (every format), baseline and fix (dry run and --suffix) leave every input file
    byte-identical; --suffix only adds files. Only fix --in-place rewrites, and keeps a backup
    that is byte-identical to the original."""
    generate(tmp_path / "safety", SAFE_CASES)
    for key, value in model_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    before = hash_tree(tmp_path / "safety")
    commands = [
        ["check", "safety", "--format", "json,html,sarif,junit,github,markdown", "--output-dir", "out", "--fail-on", "never"],
        ["check", "safety", "--output-dir", "out2", "--fail-on", "never", "--no-suggest"],
        ["baseline", "safety", "--output", "out/baseline.json"],
        ["fix", "safety"],
    ]
    for command in commands:
        result = CliRunner().invoke(app, [command[0], "--isolated", *command[1:]])
        assert result.exit_code == 0, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
        assert hash_tree(tmp_path / "safety") == before, command
    # --min-confidence 0: the shipped default applies nothing (no confidence reached 80% precision)
    result = CliRunner().invoke(app, ["fix", "--isolated", "safety", "--suffix", ".fixed", "--min-confidence", "0"])
    assert result.exit_code == 0, result.output
    after = hash_tree(tmp_path / "safety")
    assert {key: after[key] for key in before} == before
    assert all(".fixed" in key for key in set(after) - set(before))

    shutil.copytree(tmp_path / "safety", tmp_path / "copy", symlinks=True, ignore=_special_files)
    originals = {path: path.read_bytes() for path in _regular_files(tmp_path / "copy")}
    result = CliRunner().invoke(app, ["fix", "--isolated", "copy", "--in-place", "--min-confidence", "0"])
    assert result.exit_code == 0, result.output
    for path, data in originals.items():
        if path.read_bytes() != data:
            assert path.with_name(path.name + ".orig").read_bytes() == data


def _special_files(folder: str, names: list[str]) -> list[str]:
    """FIFOs and devices, which copytree would try to read."""
    return [name for name in names if not os.path.islink(os.path.join(folder, name)) and _is_special(os.path.join(folder, name))]


def _is_special(path: str) -> bool:
    return not (os.path.isdir(path) or os.path.isfile(path))


def _regular_files(root: Path) -> list[Path]:
    found = []
    for folder, _, names in os.walk(root):  # never into symlinked folders
        found += [Path(folder) / n for n in names if not os.path.islink(Path(folder) / n) and os.path.isfile(Path(folder) / n)]
    return found


def _report_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if "mtqa-report" in p.name) if folder.exists() else []


def _wait_draining(process: subprocess.Popen[bytes], master: int, timeout: float) -> tuple[int, bytes]:
    """Wait for the process while reading its terminal and its stdout, as a terminal and a shell
    would: a child blocked on a full pipe could not exit, and the test would hang, not fail."""
    assert process.stdout is not None
    out = process.stdout.fileno()
    printed = b""
    watching = [master, out]
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        assert time.monotonic() < deadline, f"still running {timeout:.0f} s after SIGINT: {printed!r}"
        for fd in select.select(watching, [], [], 0.5)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child has closed its end of the terminal
                chunk = b""
            if not chunk:
                watching.remove(fd)
            elif fd == master:
                printed += chunk
            else:
                printed += b"stdout:" + chunk
    return process.returncode, printed


def test_sigint_while_scoring_leaves_no_report(tmp_path: Path, model_env: dict[str, str]) -> None:
    """SIGINT once scoring has started (the progress line on a terminal says so): exit 130,
    "mtqa: interrupted", no report and no temporary report file, inputs unchanged."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    # Long enough that scoring is still under way when the signal lands, however slow the test is to react.
    text = "\n".join(f"{line} (copy {n})" for n in range(240) for line in lines if line.strip()) + "\n"
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "big.txt").write_text(text, encoding="utf-8")
    before = hash_tree(tmp_path / "input")
    env = _env(model_env)
    env.pop("CI", None)  # the progress line shows only outside CI, on a terminal
    master, slave = pty.openpty()
    command = [sys.executable, "-m", "mtqa", *check_argv(["input/big.txt"], True, tmp_path / "out")]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        # As from a shell on a terminal: a child inherits an ignored SIGINT (from whatever ran
        # earlier in this test process), and Python then installs no KeyboardInterrupt at all.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    os.close(slave)
    seen = b""
    try:
        deadline = time.monotonic() + 300
        while b"mtqa: scored" not in seen:
            assert process.poll() is None, f"finished before it could be interrupted: {seen!r}"
            assert time.monotonic() < deadline, f"never started scoring: {seen!r}"
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                seen += os.read(master, 4096)
        process.send_signal(signal.SIGINT)
        code, printed = _wait_draining(process, master, timeout=120)
        seen += printed
        while select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child has closed its end
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    assert code == 130, seen
    assert b"mtqa: interrupted" in seen and b"Traceback" not in seen
    assert process.stdout is not None and process.stdout.read() == b""
    assert b"stdout:" not in seen, seen
    assert _report_files(tmp_path) == []
    assert hash_tree(tmp_path / "input") == before


def test_two_concurrent_checks_share_the_cache(tmp_path: Path, model_env: dict[str, str]) -> None:
    """Two ``mtqa check`` processes on the same files and the same (cold) score cache, at the
    same time: both succeed, and their reports are identical."""
    (tmp_path / "docs").mkdir()
    seed = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "docs" / "seed.txt").write_text("".join(seed[:12]), encoding="utf-8")
    records = [{"src": f"Pisica {n} stă pe covor.", "mt": f"The cat {n} sits on the the mat.", "id": n} for n in range(40)]
    (tmp_path / "docs" / "pairs.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    before = hash_tree(tmp_path / "docs")
    env = _env({**model_env, "MTQA_CACHE": "true", "MTQA_CACHE_DIR": str(tmp_path / "cache")})
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mtqa",
                *check_argv(["docs", "--format", "json", "--output", f"r{i}.json", "--no-suggest"], True, tmp_path),
            ],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(2)
    ]
    results = [process.communicate(timeout=600) for process in processes]
    for process, (_, err) in zip(processes, results):
        assert process.returncode in (0, 1), err.decode()
        assert b"Traceback" not in err
    first, second = ((tmp_path / f"r{i}.json").read_text(encoding="utf-8") for i in range(2))
    assert json.loads(first)["summary"]["segments"] > 40
    assert first == second
    if importlib.util.find_spec("mtqa.lm.cache") is not None:  # the score cache, where mtqa has one
        assert list((tmp_path / "cache").glob("scores-*.sqlite3")), "the runs did not share a score cache"
    assert hash_tree(tmp_path / "docs") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".r")]  # no temporary report left behind


# --------------------------------------------------------------------------- limits


def test_file_clock_shares_time_and_names_the_file() -> None:
    clock = FileClock(10)
    clock.charge({"a.txt": 3, "b.txt": 1}, 8.0, "scoring")
    assert clock.spent == {"a.txt": 6.0, "b.txt": 2.0}
    with pytest.raises(InputError) as caught:
        clock.charge({"a.txt": 1}, 4.5, "running checks")
    assert str(caught.value) == "a.txt: took longer than the --timeout of 10 s (stopped while running checks)"
    unlimited = FileClock(None)
    unlimited.charge({"a.txt": 1}, 1e9, "scoring")
    assert not unlimited.enabled
    for bad in (0, -1.0):
        with pytest.raises(UsageError, match="positive number of seconds"):
            FileClock(bad)


class _SlowScorer:
    """Wraps the tiny scorer: every batch takes a while, and the first one 'loads the model'."""

    def __init__(self, inner: object, delay: float) -> None:
        self.inner = inner
        self.delay = delay
        self.loaded = False
        self.signature = "slow"
        self.conditions_on_source = False
        self.cache = None

    def score(self, requests):  # type: ignore[no-untyped-def]
        if not self.loaded:
            time.sleep(self.delay * 2)  # the model load: never counted
            self.loaded = True
        time.sleep(self.delay)
        return self.inner.score(requests)  # type: ignore[attr-defined]

    def score_continuations(self, items):  # type: ignore[no-untyped-def]
        return self.inner.score_continuations(items)  # type: ignore[attr-defined]


def test_timeout_stops_the_run_while_scoring_and_names_the_file(tmp_path: Path, tiny_scorer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "quick.txt").write_text("One short line.\n", encoding="utf-8")
    (tmp_path / "slow.txt").write_text("".join(f"Sentence number {n} is here.\n" for n in range(200)), encoding="utf-8")
    config = Config(timeout=1.0, suggest=False)
    # Language data loads on first use, and is charged to the file that first needs it.
    Engine(config, scorer=tiny_scorer).check(read_inputs(["quick.txt"], config, []))
    clock = FileClock(config.timeout)
    documents = read_inputs(["quick.txt", "slow.txt"], config, [], clock=clock)
    with pytest.raises(InputError) as caught:
        Engine(config, scorer=_SlowScorer(tiny_scorer, 0.6), clock=clock).check(documents)
    assert caught.value.path == "slow.txt"
    assert caught.value.cause == "took longer than the --timeout of 1 s (stopped while scoring)"
    assert clock.spent["quick.txt"] < 0.5  # its share of one batch, besides reading and checks
    # Fewer segments pass: the one slow batch is the one that loads the model.
    (tmp_path / "slow.txt").write_text("Sentence number one is here.\n", encoding="utf-8")
    documents = read_inputs(["quick.txt", "slow.txt"], config, [], clock=FileClock(1.0))
    report = Engine(config, scorer=_SlowScorer(tiny_scorer, 0.6), clock=FileClock(1.0)).check(documents)
    assert report.summary.documents == 2


def test_timeout_flag_and_setting(tmp_path: Path, model_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in model_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.txt").write_text("The meeting lasted two hours.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--isolated", "doc.txt", "--timeout", "-1"])
    assert result.exit_code == 2 and "timeout must be a positive number of seconds, not -1" in result.stderr
    result = CliRunner().invoke(app, ["check", "--isolated", "doc.txt", "--timeout", "600", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    monkeypatch.setenv("MTQA_TIMEOUT", "0.0000001")
    result = CliRunner().invoke(app, ["check", "--isolated", "doc.txt"])
    assert result.exit_code == 2 and "doc.txt: took longer than the --timeout of 1e-07 s" in result.stderr
    result = CliRunner().invoke(app, ["config", "--isolated"])
    assert "timeout" in result.output and "max-words" in result.output and "max-segment-words" in result.output


def test_scored_prefix() -> None:
    spans = word_spans("one two three four five")
    text = "one two three four five"
    assert scored_prefix(text, spans, 5) is None
    assert scored_prefix(text, spans, 3) == 3
    long_word = "x" * 100
    assert scored_prefix(f"ab {long_word} cd", word_spans(f"ab {long_word} cd"), 3) == 1  # 24 characters at most
    assert scored_prefix("\u200b" * 50, (), 3) == 0


def test_word_budget_counts_every_segment(tmp_path: Path, tiny_scorer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.txt").write_text("One two three.\nFour five six.\n", encoding="utf-8")
    document = read_document("doc.txt")
    assert Engine(Config(max_words=6, suggest=False), scorer=tiny_scorer).check([document]).summary.words == 6
    with pytest.raises(InputError, match=r"^doc\.txt: 6 words or more, over the per-file budget of 5 \(max-words\)"):
        Engine(Config(max_words=5), scorer=tiny_scorer).check([document])


def test_long_segment_is_capped_with_mt003(tmp_path: Path, tiny_scorer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    words = " ".join(["Litiger", "prices", "went", "up", "and", "chome"] * 5)
    (tmp_path / "doc.txt").write_text(words + "\n", encoding="utf-8")
    report = Engine(Config(max_segment_words=10, suggest=False), scorer=tiny_scorer).check([read_document("doc.txt")])
    (segment,) = report.documents[0].segments
    assert len(segment.words) == 30  # every word is in the report, none re-split
    assert all(word.p_bad == 0 for word in segment.words[10:])
    (long_finding,) = [f for f in segment.findings if f.code == "MT003"]
    assert long_finding.start is None and long_finding.severity.value == "warning"
    assert long_finding.message.startswith("segment has 30 words; the language model scored only the first 10")
    # Rule checks still see the whole segment: the non-word after the cap is flagged.
    assert any(f.code == "MT301" and f.start is not None and f.start > segment.words[10].start for f in segment.findings)


def test_display_path_escapes_hostile_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path("two\nlines.txt") == "two\\nlines.txt"
    assert display_path("\x1b[31mred.txt") == "\\x1b[31mred.txt"
    assert display_path(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert display_path("evil\u202etxt.exe") == "evil\\u202etxt.exe"
    assert display_path("dir/résumé.txt") == "dir/résumé.txt"


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    ["word", "Word", " ", "  ", "\n", "\n\n", "\r\n", ". ", "! ", "?", "the the ", "Litiger", "chome", "1,500", "50%",
     "{name}", "%s", "<b>", "</b>", "http://x.y/z", "\u200b", "\u202e", "\ufffd", "\x00", "’", "'", "-", "日本語", "é",
     "\u0301", "\t", '"', "(", ")", "Poutine"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_TEXT, cap=st.sampled_from([2, 1_000]), name=st.sampled_from(["doc.txt", "doc.md"]))
def test_property_findings_slice_back_to_their_words(
    tmp_path: Path,
    tiny_scorer,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    cap: int,
    name: str,  # type: ignore[no-untyped-def]
) -> None:
    """For any text: the engine raises nothing but InputError, every finding's span slices the
    segment to exactly the finding's text, and line/column point at that text in the file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    try:
        document = read_document(name)
    except InputError:
        return
    engine = Engine(replace(Config(), max_segment_words=cap, suggest=False), scorer=tiny_scorer)
    report = engine.check([document])
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for segment, result in zip(document.segments, report.documents[0].segments):
        assert [result.text[w.start : w.end] for w in result.words] == [w.text for w in result.words]
        for finding in result.findings:
            if finding.start is None or finding.end is None:
                assert finding.text == ""
                continue
            assert 0 <= finding.start < finding.end <= len(result.text)
            assert result.text[finding.start : finding.end] == finding.text
            if segment.exact_positions and not any(finding.start < b < finding.end for b in segment.line_breaks):
                line = lines[finding.line - 1]
                assert line[finding.column - 1 : finding.column - 1 + len(finding.text)] == finding.text


def test_word_spans_with_many_excluded_spans_is_fast() -> None:
    text = "{g:1}x" * 20_000
    excluded = tuple(Span(i * 6, i * 6 + 5) for i in range(20_000))
    started = time.monotonic()
    assert [text[s.start : s.end] for s in word_spans(text, excluded)] == ["x"] * 20_000
    assert time.monotonic() - started < 5


@pytest.mark.skipif(IS_ROOT, reason="see test_hostile_case[unreadable-file]: root reads any file, and that case checks so")
def test_unreadable_file_as_a_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("text", encoding="utf-8")
    (tmp_path / "secret.txt").chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_document("secret.txt")


def test_a_closed_stdout_is_one_line_and_exit_2(tmp_path: Path, model_env: dict[str, str]) -> None:
    """``mtqa check … >&-``: the report cannot be written, so the run says so (exit 2), rather
    than exiting 1 with the output silently gone."""
    (tmp_path / "a.txt").write_text("The meeting lasted two hours.\n", encoding="utf-8")
    argv = " ".join(["check", "--isolated", "a.txt", "--format", "json", "--no-suggest", "--fail-on", "never"])
    done = subprocess.run(
        ["sh", "-c", f'exec "$0" -m mtqa {argv} >&-', sys.executable],
        cwd=tmp_path,
        env=_env(model_env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == "mtqa: error: stdout: closed; nothing could be written"
