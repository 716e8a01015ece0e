"""The HTML report: one self-contained page a reviewer can open from disk or a CI artifact.

The page carries no external resources and a strict Content-Security-Policy, because reports are
shared and opened by people who did not produce them, and the translated text in them is
untrusted. The policy allows exactly our own stylesheet and script, by hash, and nothing else
inline: if some text ever escaped the escaping, it still could not run. The markup for words
and findings is computed here as plain data (``Piece``), and the autoescaping template turns it
into HTML, so user text never reaches the page unescaped.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from mtqa.formatters.html_views import (
    HEAT_LEVELS,
    Chart,
    DocumentView,
    Piece,
    SegmentView,
    build_pieces,
    code_counts,
    document_view,
    finding_title,
    fluency_band,
    fluency_chart,
    pct,
    unplaced_findings,
)
from mtqa.formatters.invisible import has_invisible, visible
from mtqa.formatters.json_format import SEVERITY_KEYS
from mtqa.formatters.options import FormatOptions
from mtqa.types import Metric, Report

__all__ = [
    "HEAT_LEVELS",
    "TEMPLATE",
    "Chart",
    "DocumentView",
    "Piece",
    "SegmentView",
    "build_pieces",
    "code_counts",
    "content_security_policy",
    "finding_title",
    "fluency_chart",
    "format_html",
    "json_for_script",
    "unplaced_findings",
]

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css.j2"
SCRIPT = "report.js"

def csp_hash(content: str) -> str:
    """A CSP source expression for one inline element, as browsers hash its exact text."""
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    return (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def json_for_script(data: Any) -> Markup:
    """JSON that is safe inside a ``<script>`` element: ``</script>`` or ``<!--`` in user text
    can't end or comment out the element, and U+2028/2029 can't break older JS parsers."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, sort_keys=True)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)  # safe: every character that could end the element is escaped above


def _fmt1(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.1f}"




def _present_metrics(metrics: Mapping[str, Metric | None]) -> list[tuple[str, Metric]]:
    return [(name, m) for name, m in metrics.items() if m is not None]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mtqa.formatters", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(fmt1=_fmt1, pct=pct, band=fluency_band, present=_present_metrics, describe=finding_title)
    env.tests["hiding"] = has_invisible
    return env


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` of the template: text from the report shows its invisible characters
    as markers (mtqa.formatters.invisible) before autoescaping; our own Markup passes as is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def format_html(report: Report, options: FormatOptions) -> str:
    """The whole report as one HTML page; of ``options`` only the rule table applies (the page has
    its own filters)."""
    env = _environment()
    css = env.get_template(STYLESHEET).render(heat_levels=HEAT_LEVELS)
    js = env.loader.get_source(env, SCRIPT)[0] if env.loader else ""
    summary = report.summary
    data = {
        "mtqa_version": report.mtqa_version,
        "signature": report.signature,
        "findings": {key: summary.findings.get(key, 0) for key in SEVERITY_KEYS},
        "fluency": summary.fluency,
        "passed": summary.passed,
    }
    return (
        env.get_template(TEMPLATE)
        .render(
            report=report,
            summary=summary,
            counts={key: summary.findings.get(key, 0) for key in SEVERITY_KEYS},
            documents=[document_view(doc, i) for i, doc in enumerate(report.documents, start=1)],
            heat_levels=HEAT_LEVELS,
            severities=SEVERITY_KEYS,
            data_json=json_for_script(data),
            codes=code_counts(report, options.rules),
            css=Markup(css),  # our own package data, not report text
            js=Markup(js),
            csp=content_security_policy(css, js),
        )
    )
