"""The built-in model's tokenizer, loaded in a child process while this one imports torch.

Why a process: reading Gemma's tokenizer.json (262k tokens, 515k merges) takes about 1.1 s of
Rust that holds the GIL, so a thread cannot overlap it with importing torch and transformers
(about 4 s of Python, one core). A child process can, on the second core. The child answers the
few calls the scorer makes (encode with offsets, token strings, single-token decodes) over a
pipe; each answer takes tens of microseconds, against milliseconds of model time per segment.

Only the built-in models use it (their folder, written by mtqa, has a plain tokenizer.json), and
only on POSIX. If the child cannot start or dies, the caller falls back to loading the tokenizer
in-process, so this is never a new way to fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mtqa.errors import ModelError

SPECIAL_TOKENS = ("bos_token", "eos_token", "pad_token", "unk_token", "mask_token")


def special_tokens(folder: Path) -> dict[str, str]:
    """The special tokens a built-in model's tokenizer_config.json names, as strings.

    mtqa writes these folders, so the plain-string form is the only one to expect; both the
    in-process fast tokenizer and the child read them through here."""
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    return {name: config[name] for name in SPECIAL_TOKENS if isinstance(config.get(name), str)}


class TokenizerProcessError(ModelError):
    """The child could not load the tokenizer or stopped answering. While loading, the caller
    falls back to an in-process tokenizer; mid-run (the child was killed), the check stops with
    this one-line error and exit code 2, like any other model failure."""


class TokenizerProcess:
    """A stand-in for a transformers fast tokenizer, served by a child process.

    It implements only what ``TransformersScorer`` calls, with the same results as
    ``PreTrainedTokenizerFast`` on the same tokenizer.json (tests compare the two).
    """

    is_fast = True

    def __init__(self, folder: Path) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mtqa.lm.tokenizer_process", str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._send = Connection(os.dup(self._process.stdin.fileno()), readable=False)
        self._receive = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._process.stdin.close()
        self._process.stdout.close()
        self._special: dict[str, int | None] | None = None

    # ---- lifecycle ----------------------------------------------------------------------------

    def ready(self) -> TokenizerProcess:
        """Wait until the child has loaded the tokenizer; raise TokenizerProcessError if it failed."""
        if self._special is None:
            self._special = self._answer()
        return self

    def close(self) -> None:
        for connection in (self._send, self._receive):
            connection.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __del__(self) -> None:
        if getattr(self, "_process", None) is not None and self._process.poll() is None:
            self.close()

    def _ask(self, *request: Any) -> Any:
        self.ready()
        try:
            self._send.send(request)
        except OSError as exc:
            raise TokenizerProcessError(f"the tokenizer process stopped: {exc}") from exc
        return self._answer()

    def _answer(self) -> Any:
        try:
            status, value = self._receive.recv()
        except (EOFError, OSError) as exc:
            raise TokenizerProcessError(f"the tokenizer process stopped (exit code {self._process.poll()})") from exc
        if status != "ok":
            raise TokenizerProcessError(str(value))
        return value

    # ---- the tokenizer calls the scorer makes -------------------------------------------------

    @property
    def bos_token_id(self) -> int | None:
        return self.ready()._special_id("bos_token")

    @property
    def eos_token_id(self) -> int | None:
        return self.ready()._special_id("eos_token")

    @property
    def pad_token_id(self) -> int | None:
        return self.ready()._special_id("pad_token")

    def _special_id(self, name: str) -> int | None:
        assert self._special is not None
        return self._special.get(name)

    def __call__(
        self, text: str, *, add_special_tokens: bool = True, return_offsets_mapping: bool = False
    ) -> dict[str, list[Any]]:
        ids, offsets = self._ask("encode", text, add_special_tokens)
        result: dict[str, list[Any]] = {"input_ids": ids}
        if return_offsets_mapping:
            result["offset_mapping"] = offsets
        return result

    def convert_ids_to_tokens(self, ids: int | Sequence[int]) -> Any:
        if isinstance(ids, int):
            return self._ask("tokens", [ids])[0]
        return self._ask("tokens", list(ids))

    def decode(self, ids: Sequence[int]) -> str:
        return str(self._ask("decode", [list(ids)])[0])

    def batch_decode(self, sequences: Sequence[Sequence[int]]) -> list[str]:
        return list(self._ask("decode", [list(s) for s in sequences]))


def start_builtin(spec: str) -> TokenizerProcess | None:
    """Start loading built-in model ``spec``'s tokenizer in a child, or None where that gains
    nothing or cannot work: not a materialized built-in, not POSIX, or transformers' model code
    already imported (then nothing is left to overlap). Call it before importing torch."""
    if os.name != "posix" or "transformers.modeling_utils" in sys.modules:
        return None
    from mtqa.lm.registry import peek

    resolved = peek(spec)
    if resolved is None or resolved.builtin is None:
        return None
    folder = Path(resolved.load_from)
    if not (folder / "tokenizer.json").is_file() or not (folder / "tokenizer_config.json").is_file():
        return None
    try:
        return TokenizerProcess(folder)
    except OSError:
        return None


def _special_ids(tokenizer: Any, folder: Path) -> dict[str, int | None]:
    named = special_tokens(folder)
    return {name: tokenizer.token_to_id(named[name]) if name in named else None for name in SPECIAL_TOKENS}


def _serve(folder: Path, requests: Connection, answers: Connection) -> None:
    """The child's loop: load, say so (or say why not), then answer until the pipe closes."""
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        answers.send(("ok", _special_ids(tokenizer, folder)))
    except Exception as exc:  # the parent falls back to loading in-process
        answers.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            kind, *args = requests.recv()
        except EOFError:
            return
        try:
            if kind == "encode":
                text, add_special = args
                encoding = tokenizer.encode(text, add_special_tokens=add_special)
                answers.send(("ok", (encoding.ids, [tuple(pair) for pair in encoding.offsets])))
            elif kind == "tokens":
                answers.send(("ok", [tokenizer.id_to_token(i) for i in args[0]]))
            elif kind == "decode":
                answers.send(("ok", tokenizer.decode_batch(args[0], skip_special_tokens=False)))
            else:
                answers.send(("error", f"unknown request {kind!r}"))
        except Exception as exc:
            answers.send(("error", f"{type(exc).__name__}: {exc}"))


def main() -> None:
    # The pipe to the parent is this process's stdout; anything else printing there would
    # corrupt it, so the protocol gets its own copy and stdout becomes stderr.
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    requests = Connection(os.dup(0), writable=False)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches the whole group; the parent reports it
        _serve(Path(sys.argv[1]), requests, answers)


if __name__ == "__main__":
    main()
