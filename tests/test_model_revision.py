"""``MTQA_MODEL_REVISION`` names the hub revision in the signature and the cache key, so it must
also be the revision that is loaded (a review found it never reached ``from_pretrained``)."""

from __future__ import annotations

from typing import Any

import pytest

from mtqa.lm import loading
from mtqa.lm.registry import resolve


def test_a_hub_id_resolves_with_its_revision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_MODEL_REVISION", "0123abc")
    resolved = resolve("some-org/some-model")
    assert resolved.revision == "0123abc" and resolved.signature == "hf:some-org/some-model@0123abc"


def test_the_revision_reaches_model_and_tokenizer_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub is unreachable here, so the two loaders are stand-ins that record their arguments."""
    import transformers

    seen: list[tuple[str, dict[str, Any]]] = []

    def record(kind: str) -> Any:
        def load(location: str, **options: Any) -> Any:
            seen.append((kind, options))
            raise OSError("offline")

        return load

    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained", record("model"))
    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", record("tokenizer"))
    with pytest.raises(OSError):
        loading.from_pretrained("some-org/some-model", bf16=False, revision="0123abc")
    assert {kind for kind, _ in seen} == {"model", "tokenizer"}
    assert all(options.get("revision") == "0123abc" for _, options in seen)
