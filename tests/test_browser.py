"""The HTML report in a real browser: Debian's chromium, driven by Playwright's Python API.

Never ``playwright install`` (it downloads browsers and fails offline); the system chromium is
launched by path. The seed's page comes from the real default model through the CLI, so what is
tested is what a reviewer opens. Screenshots land in ``tests/artifacts/`` (git-ignored); the
README's screenshot is a copy made by ``make screenshot``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, SEED
from report_factory import XSS_ATTR, XSS_SCRIPT, make_report

from mtqa.formatters import OutputFormat, render

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("MTQA_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "tests" / "artifacts"
# Nothing in the browser may reach out: no updates, no sync, no metrics, no GPU process.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
]

if not CHROMIUM.exists():  # pragma: no cover - `make test` installs it; a silent skip would hide a broken setup
    pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)", pytrace=False)

sync_api = pytest.importorskip("playwright.sync_api")


@dataclass
class Watch:
    """What a page did that a report page must never do."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(("file://", "data:"))]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_page(browser: object, path: Path, width: int = 1280, height: int = 900) -> tuple[object, Watch]:
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watch()
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("request", lambda request: watch.requests.append(request.url))

    def on_dialog(dialog: object) -> None:
        watch.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, watch


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-report")
    seed = str(SEED.relative_to(ROOT))
    command = [sys.executable, "-m", "mtqa", "check", seed, "--format", "json,html", "--output-dir", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 1, done.stderr  # the seed has errors
    return out / "mtqa-report.html"


def flag(page: object, word: str) -> object:
    return page.locator("main .flag", has_text=word).first  # type: ignore[attr-defined]


@pytest.mark.real_model
def test_seed_report_in_chromium(browser: object, seed_html: Path) -> None:
    page, watch = open_page(browser, seed_html, height=1150)  # tall enough to show a popover under the header

    # Flagged words are highlighted: underlined in their severity's colour.
    for word, severity in (("Poutine", "error"), ("Litiger", "warning"), ("chome", "error")):
        element = flag(page, word)
        assert element.count() == 1, word
        style = element.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert "underline" in style, (word, style)
        assert f"sev-{severity}" in (element.get_attribute("class") or "")
        # The shading counts the finding: an error-severity word is never shaded as fine.
        assert float(element.get_attribute("data-pwrong") or 0) >= (0.5 if severity == "error" else 0.0)

    # Hovering shows the popover with code, message, confidence and ranked suggestions.
    poutine = flag(page, "Poutine")
    tip = page.locator("#" + poutine.get_attribute("aria-describedby"))
    assert not tip.is_visible()
    poutine.hover()
    assert tip.is_visible()
    assert tip.locator(".s-text").first.inner_text() == "Putin"
    assert "MT201" in tip.inner_text() and "%" in tip.inner_text()
    box = tip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
    page.mouse.move(box["x"] + 5, box["y"] + 5)  # onto the popover itself: it must stay open
    assert tip.is_visible()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-report.png"), full_page=False)

    # Keyboard: j moves focus to the first finding and shows its popover; Esc closes it.
    page.mouse.move(0, 0)
    page.keyboard.press("j")
    focused = page.evaluate("document.activeElement.className")
    assert "flag" in focused
    first_tip = page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-describedby')).innerText")
    assert first_tip
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("k")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.textContent") != second or page.locator("main .flag:not(.off)").count() <= 2

    # Filters: hiding errors unflags Poutine and hides its popover entry; codes filter the same way.
    shown_before = int(page.locator("#shown-count").inner_text())
    error_box = page.locator("input[data-filter-sev=error]")
    error_box.uncheck()
    assert "off" in (poutine.get_attribute("class") or "")
    assert "underline" not in poutine.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert int(page.locator("#shown-count").inner_text()) < shown_before
    error_box.check()
    assert "off" not in (poutine.get_attribute("class") or "")
    page.locator("input[data-filter-code=MT201]").uncheck()
    assert "off" in (poutine.get_attribute("class") or "")
    assert "off" not in (flag(page, "Litiger").get_attribute("class") or "")
    page.locator("input[data-filter-code=MT201]").check()

    segments = page.locator(".seg")
    visible_before = sum(segments.nth(i).is_visible() for i in range(segments.count()))
    page.locator("#only-flagged").check()
    visible_after = sum(segments.nth(i).is_visible() for i in range(segments.count()))
    assert 0 < visible_after < visible_before
    page.locator("#only-flagged").uncheck()

    # Worst sentences first reorders by fluency; the chart links to segments.
    page.locator("#sort-worst").click()
    fluencies = page.eval_on_selector_all(".segs > .seg", "els => els.map(e => Number(e.dataset.fluency))")
    assert fluencies == sorted(fluencies)
    assert page.locator("svg.chart rect").count() == segments.count()

    assert watch.console_errors == [] and watch.page_errors == []
    assert watch.external_requests == [] and len(watch.requests) == 1
    assert watch.dialogs == []


@pytest.mark.real_model
def test_seed_report_fits_a_phone(browser: object, seed_html: Path) -> None:
    page, watch = open_page(browser, seed_html, width=390, height=844)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    chome = flag(page, "chome")
    chome.scroll_into_view_if_needed()
    chome.focus()
    tip = page.locator("#" + chome.get_attribute("aria-describedby"))
    assert tip.is_visible()
    box = tip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-report-phone.png"))
    assert watch.console_errors == [] and watch.page_errors == [] and watch.external_requests == []


def test_hostile_text_renders_as_text(browser: object, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(render(make_report(), OutputFormat.HTML), encoding="utf-8")
    page, watch = open_page(browser, path)
    body = page.inner_text("body")
    assert XSS_SCRIPT in body and XSS_ATTR in body
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2  # the data block and our own script
    assert page.evaluate("typeof window.alert") == "function"
    onerror = flag(page, "onerror")
    onerror.hover()
    assert "on error" + XSS_SCRIPT in page.locator("#" + onerror.get_attribute("aria-describedby")).inner_text()
    assert watch.dialogs == [] and watch.page_errors == [] and watch.console_errors == []
    assert watch.external_requests == []


# Markup in every place a user or a file can put text that reaches the report: file and folder
# names, segment text, source, reference and ids, a declared language, the model's folder name
# (in the signature), notes about skipped files, and (below) suggestions.
XSS_NAME = '"><img src=x onerror=alert(1)>'
XSS_PAYLOADS = (
    XSS_SCRIPT,
    XSS_ATTR,
    "<svg onload=alert(2)>",
    "<iframe src=javascript:alert(3)></iframe>",
    "javascript:alert(4)",
    "</script><script>alert(5)</script>",
    "<!--",
    "&lt;img src=x onerror=alert(6)&gt;",
    "\u2028alert(7)\u2029",
)
INJECTED = (
    "img, iframe, frame, object, embed, video, audio, form, base, svg:not(.chart), svg svg, foreignObject, [src],"
    " input:not([type=checkbox]), link:not([rel=icon]), meta[http-equiv=refresh]"
)


def assert_inert(page: object, watch: Watch) -> None:
    """No dialog, no element the report does not make itself, no event-handler attribute, no
    script but the report's two, no request but the page itself."""
    assert watch.dialogs == [] and watch.page_errors == [] and watch.console_errors == []
    assert page.locator(INJECTED).count() == 0  # type: ignore[attr-defined]
    handlers = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))"
    )
    assert handlers == []
    links = page.eval_on_selector_all("a[href], area[href]", "els => els.map(e => e.getAttribute('href'))")  # type: ignore[attr-defined]
    assert all(link.startswith("#") for link in links if link is not None), links
    assert page.locator("script").count() == 2  # type: ignore[attr-defined]
    assert watch.external_requests == [] and len(watch.requests) == 1, watch.requests


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> tuple[Path, Path]:
    """``mtqa check`` through the CLI on files whose names, contents and declared values carry
    markup, with the tiny model in a folder whose name does too; (html report, json report)."""
    from typer.testing import CliRunner

    from mtqa.cli.app import app

    root = tmp_path_factory.mktemp("xss")
    model = root / "model <svg onload=alert(8)>"
    shutil.copytree(tiny_model_dir, model)
    docs = root / f"docs {XSS_NAME}"
    docs.mkdir()
    lines = [f"He typed {payload} into the Litiger field, said chome." for payload in XSS_PAYLOADS]
    (docs / f"{XSS_NAME}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    (docs / f".{XSS_NAME}.txt").write_text("hidden\n", encoding="utf-8")  # reported as a skipped file
    records = [
        {"id": XSS_ATTR + str(n), "src": payload, "ref": XSS_SCRIPT, "mt": f"The Litiger {payload} was chome."}
        for n, payload in enumerate(XSS_PAYLOADS)
    ]
    (docs / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (docs / "units.xlf").write_text(
        f'<xliff version="2.0" srcLang="ro" trgLang="en{XSS_ATTR.replace("<", "&lt;").replace(chr(34), "&quot;")}">'
        f'<file id="f"><unit id="{XSS_ATTR.replace("<", "&lt;").replace(chr(34), "&quot;")}"><segment>'
        "<source>&lt;script&gt;alert(9)&lt;/script&gt;</source>"
        "<target>The &lt;img src=x onerror=alert(10)&gt; Litiger.</target></segment></unit></file></xliff>\n",
        encoding="utf-8",
    )
    glossary = root / f"terms {XSS_NAME}.txt"
    glossary.write_text("Bora Bora\n", encoding="utf-8")
    out = root / "out"
    env = {"MTQA_MODEL": str(model), "MTQA_DTYPE": "fp32", "MTQA_CACHE": "false"}
    here = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            app,
            ["check", "--isolated", docs.name, "--glossary", str(glossary), "--format", "json,html", "--output-dir", str(out)],
            env=env,
        )
    finally:
        os.chdir(here)
    assert result.exit_code in (0, 1), result.output
    return out / "mtqa-report.html", out / "mtqa-report.json"


def test_hostile_names_and_values_render_as_text(browser: object, hostile_run: tuple[Path, Path]) -> None:
    html_path, json_path = hostile_run
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert "<svg onload=alert(8)>" in data["signature"]  # the model folder's name did reach the page
    assert any(XSS_NAME in note for note in data["notes"])
    assert any(XSS_ATTR in doc["target_lang"] for doc in data["documents"])
    page, watch = open_page(browser, html_path)
    body = page.inner_text("body")  # type: ignore[attr-defined]
    for payload in (XSS_NAME, "<svg onload=alert(8)>", XSS_SCRIPT, "<iframe src=javascript:alert(3)></iframe>"):
        assert payload in body, payload
    for flagged in page.locator("main .flag").all()[:5]:  # type: ignore[attr-defined]
        flagged.hover()
    assert_inert(page, watch)


def test_hostile_suggestions_render_as_text(browser: object, hostile_run: tuple[Path, Path], tmp_path: Path) -> None:
    """Suggestions come from the model and the lexicon, so a real run cannot be steered into
    markup; put markup into every suggestion of the real report and render it again."""
    from dataclasses import replace

    from mtqa.formatters.json_format import from_dict
    from mtqa.types import Suggestion

    report = from_dict(json.loads(hostile_run[1].read_text(encoding="utf-8")))
    suggestions = tuple(Suggestion(payload, 0.5) for payload in XSS_PAYLOADS)
    documents = tuple(
        replace(doc, segments=tuple(
            replace(seg, findings=tuple(replace(f, suggestions=suggestions) for f in seg.findings)) for seg in doc.segments
        ))
        for doc in report.documents
    )  # fmt: skip
    assert any(seg.findings for doc in documents for seg in doc.segments)
    path = tmp_path / "suggestions.html"
    path.write_text(render(replace(report, documents=documents), OutputFormat.HTML), encoding="utf-8")
    page, watch = open_page(browser, path)
    flagged = page.locator("main .flag").first  # type: ignore[attr-defined]
    flagged.hover()
    tip = page.locator("#" + flagged.get_attribute("aria-describedby")).inner_text()  # type: ignore[attr-defined]
    assert XSS_SCRIPT in tip and "<svg onload=alert(2)>" in tip
    assert_inert(page, watch)


def test_csp_blocks_an_injected_inline_script(browser: object, tmp_path: Path) -> None:
    """If escaping ever failed, the policy is the second wall: an inline script not hashed in it
    does not run. Injected here on purpose, after rendering."""
    html = render(make_report(), OutputFormat.HTML).replace("</main>", "<script>alert('injected')</script></main>")
    path = tmp_path / "injected.html"
    path.write_text(html, encoding="utf-8")
    page, watch = open_page(browser, path)
    assert watch.dialogs == []
    assert any("Content Security Policy" in message for message in watch.console_errors)
    # Our own script still ran: the filters were revealed.
    assert page.locator("#controls").is_visible()


def test_screenshot_for_readme(request: pytest.FixtureRequest) -> None:
    """``make screenshot`` sets MTQA_UPDATE_SCREENSHOT to refresh docs/report.png from the
    artefact the seed test just took; otherwise this only checks the README's image exists."""
    target = ROOT / "docs" / "report.png"
    if os.environ.get("MTQA_UPDATE_SCREENSHOT"):
        shutil.copyfile(ARTIFACTS / "seed-report.png", target)
    assert target.exists() and target.stat().st_size > 10_000
    assert "docs/report.png" in (ROOT / "README.md").read_text(encoding="utf-8")
