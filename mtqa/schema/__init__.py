"""The JSON Schema of the report contract, shipped inside the package so that consumers (and our
own tests) validate against exactly the version they were built with."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_FILE", "load_report_schema", "validate_report"]

SCHEMA_FILE = "report.schema.json"


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_report_schema() -> dict[str, Any]:
    """The schema as a fresh dict each call, so a caller mutating it can't corrupt the next one."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


@lru_cache(maxsize=1)
def _validator() -> Any:
    # jsonschema is imported here so that `import mtqa.schema` stays cheap for the CLI.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_report_schema())


def validate_report(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` (the most relevant error) if ``data`` breaks the contract."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(data))
    if error is not None:
        raise error
