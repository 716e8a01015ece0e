"""Converted weights are verified (mtqa.lm.model_check): a damaged file is never used silently.

The folder here is a small stand-in for a conversion (a valid safetensors header and data, a
tokenizer file), laid out where mtqa looks for the default model, so ``mtqa models`` and
``models verify`` see it as they would the real one.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli.app import app
from mtqa.errors import ModelError
from mtqa.lm.materialize import LAYOUT, WEIGHTS_FORMAT, _clean_scratch, materialize
from mtqa.lm.model_check import META_FILE, read_meta, record, verify
from mtqa.lm.models import BUILTIN_MODELS, DEFAULT_MODEL, package_version

runner = CliRunner()


def _safetensors(size: int) -> bytes:
    header = json.dumps({"w": {"dtype": "U8", "shape": [size], "data_offsets": [0, size]}}).encode()
    return struct.pack("<Q", len(header)) + header + bytes(range(256)) * (size // 256)


@pytest.fixture()
def converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A converted default model in a private cache folder, as the conversion leaves it."""
    version = package_version(BUILTIN_MODELS[DEFAULT_MODEL].package)
    if version is None:
        pytest.skip("the default model's package is not installed")
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "models" / f"{DEFAULT_MODEL}-{version}-{WEIGHTS_FORMAT}-v{LAYOUT}"
    folder.mkdir(parents=True)
    (folder / "model.safetensors").write_bytes(_safetensors(1 << 20))
    (folder / "tokenizer.json").write_text('{"model": {}}', encoding="utf-8")
    meta = {"alias": DEFAULT_MODEL, "version": version, "sha256": "ab" * 32, "weights": WEIGHTS_FORMAT, "files": record(folder)}
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_an_intact_folder_verifies_and_loads(converted: Path) -> None:
    verify(converted, read_meta(converted), full=True)
    assert materialize(DEFAULT_MODEL) == converted
    result = runner.invoke(app, ["models", "verify", DEFAULT_MODEL])
    assert result.exit_code == 0 and f"{DEFAULT_MODEL}: intact" in result.stdout


def _overwrite_middle(path: Path, keep_mtime: bool = False) -> None:
    info = path.stat()
    with path.open("r+b") as handle:
        handle.seek(info.st_size // 2)
        handle.write(b"\xff" * 4096)
    if keep_mtime:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_overwritten_weights_are_found_by_their_mtime_and_by_verify(converted: Path) -> None:
    weights = converted / "model.safetensors"
    _overwrite_middle(weights, keep_mtime=True)  # size, header and mtime as before: only a full digest sees it
    verify(converted, read_meta(converted))
    with pytest.raises(ModelError, match=r"model\.safetensors: damaged \(sha256 does not match the conversion\)"):
        verify(converted, read_meta(converted), full=True)
    result = runner.invoke(app, ["models", "verify"])
    assert result.exit_code == 2 and "damaged (sha256" in result.stderr and len(result.stderr.splitlines()) == 1
    _overwrite_middle(weights)  # the mtime moves: every run digests the file again
    with pytest.raises(ModelError, match=r"damaged \(sha256 .*'mtqa models prefetch' converts it again"):
        materialize(DEFAULT_MODEL)


def test_a_truncated_file_or_a_changed_header_is_broken(converted: Path) -> None:
    weights = converted / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[:-1000])
    with pytest.raises(ModelError, match=r"damaged \(size \d+, expected \d+\)"):
        verify(converted, read_meta(converted))
    result = runner.invoke(app, ["models"])
    assert result.exit_code == 0 and "state: broken: model file" in result.stdout and "prefetch" in result.stdout
    weights.write_bytes(data[:20] + b"X" + data[21:])
    with pytest.raises(ModelError, match="its header does not match"):
        verify(converted, read_meta(converted))


def test_a_bad_record_is_one_line(converted: Path) -> None:
    (converted / META_FILE).write_text("{broken", encoding="utf-8")
    with pytest.raises(ModelError, match=r"mtqa-model\.json: unreadable"):
        materialize(DEFAULT_MODEL)
    (converted / META_FILE).write_text('{"version": "1", "sha256": "ab"}', encoding="utf-8")
    with pytest.raises(ModelError, match="records no file digests"):
        materialize(DEFAULT_MODEL)


def test_a_killed_conversion_leaves_no_scratch_folder_behind(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    stale, live, bare = tmp_path / f".{DEFAULT_MODEL}-old", tmp_path / f".{DEFAULT_MODEL}-live", tmp_path / f".{DEFAULT_MODEL}-x"
    for folder, owner in ((stale, dead.stdout.strip()), (live, str(os.getppid())), (bare, None)):
        folder.mkdir()
        (folder / "weights.bin").write_bytes(b"0" * 1000)
        if owner is not None:
            (folder / "mtqa-owner.pid").write_text(owner, encoding="ascii")
    _clean_scratch(tmp_path, DEFAULT_MODEL)
    assert not stale.exists() and not bare.exists() and live.exists()


def test_a_cache_dir_that_is_a_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if package_version(BUILTIN_MODELS[DEFAULT_MODEL].package) is None:
        pytest.skip("the default model's package is not installed")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "file"))
    with pytest.raises(ModelError, match=r"file/models: cannot create the model cache folder \(.*\); check MTQA_CACHE_DIR"):
        materialize(DEFAULT_MODEL)
