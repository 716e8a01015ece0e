"""Structured translation formats (PO/POT, XLIFF 1.2/2.0, JSON resources, SubRip): what becomes a
segment, and the promise that every offset maps back to the right line and column of the file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mtqa.cli.app import app
from mtqa.config.model import Config
from mtqa.errors import InputError
from mtqa.pipeline.engine import Engine
from mtqa.readers import SUPPORTED_EXTENSIONS, read_document, resolve_format
from mtqa.readers.json_resource import parse_json_resource
from mtqa.readers.po import parse_po
from mtqa.readers.srt import parse_srt
from mtqa.readers.xliff import parse_xliff
from mtqa.schema import validate_report
from mtqa.text.segment import word_spans
from mtqa.types import Document, Segment

DATA = Path(__file__).resolve().parent / "data" / "formats"
runner = CliRunner()

# --------------------------------------------------------------------------- helpers


def lines_of(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").split("\n")


def by_id(segments: tuple[Segment, ...] | list[Segment]) -> dict[str | None, Segment]:
    return {segment.id: segment for segment in segments}


def true_position(lines: list[str], line_text: str, word: str) -> tuple[int, int]:
    """Where ``word`` is in the file, found on the one line containing ``line_text``."""
    (number,) = [n for n, line in enumerate(lines, start=1) if line_text in line]
    line = lines[number - 1]
    return number, line.index(word, line.index(line_text)) + 1


def position_of(segment: Segment, word: str) -> tuple[int, int]:
    return segment.position(segment.text.index(word))


def words(segment: Segment) -> list[str]:
    spans = segment.word_spans if segment.word_spans is not None else word_spans(segment.text)
    return [segment.text[span.start : span.end] for span in spans]


def assert_every_char_maps(segments: tuple[Segment, ...] | list[Segment], lines: list[str], markup: str = "") -> None:
    """Every non-space character sits where position() says, or on the markup it was decoded from
    (a backslash escape, an XML entity or tag)."""
    for segment in segments:
        for offset, char in enumerate(segment.text):
            if char.isspace():
                continue
            line, column = segment.position(offset)
            found = lines[line - 1][column - 1]
            assert found == char or found in markup, (segment.id, offset, char, found, line, column)


# --------------------------------------------------------------------------- Segment anchors


def test_anchors_decide_positions_between_them() -> None:
    segment = Segment("x.po", 0, "ab\ncd", 3, 9, exact_positions=False, anchors=((0, 3, 9), (2, 3, 11), (3, 3, 13)))
    assert [segment.position(offset) for offset in range(6)] == [(3, 9), (3, 10), (3, 11), (3, 13), (3, 14), (3, 15)]
    assert Segment("x.jsonl", 0, "abc", 2, 7, exact_positions=False).position(2) == (2, 7)  # no anchors: the start


# --------------------------------------------------------------------------- registry and CLI names


@pytest.mark.parametrize(
    ("extension", "name"),
    [(".po", "po"), (".pot", "po"), (".xlf", "xliff"), (".xliff", "xliff"), (".json", "json"), (".srt", "srt")],
)
def test_extensions_select_the_new_formats(extension: str, name: str) -> None:
    assert SUPPORTED_EXTENSIONS[extension] == name
    assert resolve_format(extension.lstrip(".")) == name


# --------------------------------------------------------------------------- PO


def test_po_entries_become_segments() -> None:
    parsed = parse_po((DATA / "messages.po").read_text(encoding="utf-8"), "messages.po", "fr")
    segments = by_id(parsed.segments)
    assert list(segments) == [
        "The meeting lasted two hours.",
        "One file[0]",
        "One file[1]",
        "menu|Open",
        "A long paragraph",
        "Quoted",
        "Brand",
    ]  # no header, no fuzzy, no untranslated, no obsolete entry
    assert parsed.target_lang == "fr-FR"
    assert segments["One file[0]"].source == "One file"
    assert segments["One file[1]"].source == "%d files"
    assert segments["One file[1]"].text == "%d fichiers"
    assert segments["menu|Open"].text == "Ouvrir"
    assert segments["A long paragraph"].text == "Première ligne du paragraphe, puis la seconde ligne."
    assert segments["Quoted"].text == 'Il a dit "bonjour"\tpuis\nparti.'
    assert [s.index for s in parsed.segments] == list(range(len(parsed.segments)))


def test_po_fuzzy_entries_only_on_request() -> None:
    text = (DATA / "messages.po").read_text(encoding="utf-8")
    assert "Draft text" not in by_id(parse_po(text, "m.po", "fr").segments)
    assert by_id(parse_po(text, "m.po", "fr", include_fuzzy=True).segments)["Draft text"].text == "Texte brouillon"


def test_po_positions_point_inside_the_msgstr() -> None:
    lines = lines_of("messages.po")
    segments = by_id(parse_po("\n".join(lines), "messages.po", "fr").segments)
    first = segments["The meeting lasted two hours."]
    assert (first.line, first.column) == true_position(lines, 'msgstr "La réunion', "La")
    assert position_of(first, "deux") == true_position(lines, 'msgstr "La réunion', "deux")
    plural = segments["One file[1]"]
    assert position_of(plural, "fichiers") == true_position(lines, "msgstr[1]", "fichiers")
    # a msgstr "" followed by continuation lines starts on the first continuation line
    paragraph = segments["A long paragraph"]
    assert (paragraph.line, paragraph.column) == true_position(lines, '"Première ligne', "Première")
    assert position_of(paragraph, "seconde") == true_position(lines, '"puis la seconde', "seconde")
    # escapes take two columns for one character
    quoted = segments["Quoted"]
    assert position_of(quoted, '"bonjour') == true_position(lines, "Il a dit", '\\"bonjour')  # at the backslash
    assert position_of(quoted, "bonjour") == true_position(lines, "Il a dit", "bonjour")
    assert position_of(quoted, "puis") == true_position(lines, "Il a dit", "puis")
    assert position_of(quoted, "parti") == true_position(lines, "Il a dit", "parti")
    assert_every_char_maps(list(segments.values()), lines, markup="\\")


def test_po_translator_comment_suppresses_codes() -> None:
    segments = by_id(parse_po((DATA / "messages.po").read_text(encoding="utf-8"), "m.po", "fr").segments)
    assert segments["Brand"].ignore_codes == ("MT301", "MT2")
    assert segments["Quoted"].ignore_codes == ()


def test_pot_has_nothing_to_check() -> None:
    document = read_document(DATA / "messages.pot")
    assert document.input_format == "po"
    assert document.segments == ()


def test_malformed_po_is_an_input_error_naming_file_and_line() -> None:
    with pytest.raises(InputError) as caught:
        read_document(DATA / "broken.po")
    message = str(caught.value)
    assert message.startswith(f"{caught.value.path}: ") and caught.value.path.endswith("broken.po")
    assert "line 5" in message and "\n" not in message


def test_po_string_without_closing_quote_is_an_input_error() -> None:
    with pytest.raises(InputError, match="line 2: string is not closed"):
        parse_po('msgid "Hello"\nmsgstr "Bonjour\n', "x.po", "fr")


def test_po_with_source_file_is_refused() -> None:
    with pytest.raises(InputError, match="--source/--ref"):
        read_document(DATA / "messages.po", source=DATA / "messages.pot")


_po_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Zl", "Zp", "Cc")), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(_po_text.map(lambda s: s + "é"), min_size=1, max_size=3),
    controls=st.sampled_from(["", "\t", "\n", '"', "\\"]),
)
def test_po_escapes_map_back_for_any_text(pieces: list[str], controls: str) -> None:
    """polib writes any msgstr (escaped, wrapped over lines); every character maps back."""
    catalog = polib.POFile(wrapwidth=20)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    msgstr = controls.join(pieces)
    catalog.append(polib.POEntry(msgid="key", msgstr=msgstr))
    text = str(catalog)
    (segment,) = parse_po(text, "x.po", "en").segments
    assert segment.text == msgstr
    assert_every_char_maps([segment], text.split("\n"), markup="\\")


# --------------------------------------------------------------------------- XLIFF


def test_xliff_12_units_placeholders_and_languages() -> None:
    parsed = parse_xliff((DATA / "app12.xlf").read_text(encoding="utf-8"), "app12.xlf", "en")
    assert (parsed.source_lang, parsed.target_lang) == ("fr-FR", "en-US")
    segments = by_id(parsed.segments)
    assert list(segments) == ["greeting", "count", "multi", "brand", "cdata"]  # no missing target, no translate="no"
    greeting = segments["greeting"]
    assert greeting.text == "Hello {g:1}everyone{/g:1} & welcome!"
    assert greeting.source == "Bonjour {g:1}tout le monde{/g:1} !"
    assert words(greeting) == ["Hello", "everyone", "welcome"]  # placeholders are never words
    count = segments["count"]
    assert count.text == "You have {x:1} messages, {ph:2}now{ph:3}."  # native code inside <ph> is dropped
    assert words(count) == ["You", "have", "messages", "now"]
    assert segments["cdata"].text == "Text <with> markup and more"  # alt-trans is not the target
    assert segments["brand"].ignore_codes == ("MT301",)
    assert greeting.ignore_codes == ()


def test_xliff_12_positions() -> None:
    lines = lines_of("app12.xlf")
    segments = by_id(parse_xliff("\n".join(lines), "app12.xlf", "en").segments)
    greeting = segments["greeting"]
    assert (greeting.line, greeting.column) == true_position(lines, "<target>Hello", "Hello")
    assert position_of(greeting, "everyone") == true_position(lines, "<target>Hello", "everyone")
    assert position_of(greeting, "welcome") == true_position(lines, "<target>Hello", "welcome")  # after &amp;
    assert position_of(greeting, "{/g:1}") == true_position(lines, "<target>Hello", "</g>")
    count = segments["count"]
    assert position_of(count, "now") == true_position(lines, "<target>You have", "now")
    multi = segments["multi"]
    assert position_of(multi, "élan") == true_position(lines, "second élan line", "élan")
    assert position_of(segments["cdata"], "markup") == true_position(lines, "CDATA[Text", "markup")
    assert position_of(segments["cdata"], "more") == true_position(lines, "CDATA[Text", "more")
    assert_every_char_maps(list(segments.values()), lines, markup="&<")


def test_xliff_20_segments_notes_and_positions() -> None:
    lines = lines_of("app20.xlf")
    parsed = parse_xliff("\n".join(lines), "app20.xlf", "en")
    assert (parsed.source_lang, parsed.target_lang) == ("de", "en")
    segments = by_id(parsed.segments)
    assert list(segments) == ["u1/s1", "u1/s2", "u2"]  # the empty target of u3 is not checked
    first = segments["u1/s1"]
    assert first.text == "Press {pc:1}Save{/pc:1} to keep {ph:2}changes."
    assert first.source == "Drücken Sie {pc:1}Speichern{/pc:1}."
    assert words(first) == ["Press", "Save", "to", "keep", "changes"]
    assert segments["u1/s2"].text == "Done!"  # <cp hex="0021"/>
    assert segments["u2"].text == "The {mrk:m1}account{/mrk:m1} is locked."
    assert first.ignore_codes == ("MT2",) and segments["u1/s2"].ignore_codes == ("MT2",)
    assert segments["u2"].ignore_codes == ()  # a file-level note belongs to no unit
    assert position_of(first, "changes") == true_position(lines, "<target>Press", "changes")
    assert position_of(segments["u2"], "locked") == true_position(lines, "<target>The", "locked")
    assert_every_char_maps(list(segments.values()), lines, markup="&<")


def test_xliff_languages_reach_the_document_and_the_engine(tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    document = read_document(DATA / "app12.xlf")
    assert (document.source_lang, document.target_lang) == ("fr-FR", "en-US")
    report = Engine(Config(dtype="fp32", suggest=False), scorer=tiny_scorer).check([document])
    assert (report.documents[0].source_lang, report.documents[0].target_lang) == ("fr", "en")


def test_declared_language_beats_detection_but_not_lang(tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    segment = Segment("x.po", 0, "The meeting lasted two hours and everyone agreed.", 1, 1)
    document = Document("x.po", (segment,), target_lang="de-AT")
    declared = Engine(Config(dtype="fp32", suggest=False), scorer=tiny_scorer).check([document])
    assert declared.documents[0].target_lang == "de"
    undeclared = Engine(Config(dtype="fp32", suggest=False), scorer=tiny_scorer).check([Document("x.po", (segment,))])
    assert undeclared.documents[0].target_lang == "en"
    forced = Engine(Config(lang="fr", dtype="fp32", suggest=False), scorer=tiny_scorer).check([document])
    assert forced.documents[0].target_lang == "fr"


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_document(DATA / "bomb.xlf")
    assert time.monotonic() - started < 2
    assert caught.value.path.endswith("bomb.xlf")
    assert "entity" in caught.value.cause and "\n" not in str(caught.value)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ext.xlf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        '<xliff version="1.2"><file><body><trans-unit id="1"><target>&secret;</target></trans-unit></body></file></xliff>\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entity"):
        read_document(path)


def test_plain_doctype_without_entities_is_accepted() -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" "http://www.oasis-open.org/xliff.dtd">\n'
        '<xliff version="1.1"><file target-language="en"><body><trans-unit id="a"><source>x</source>'
        "<target>Fine text</target></trans-unit></body></file></xliff>\n"
    )
    (segment,) = parse_xliff(text, "old.xlf", "en").segments
    assert segment.text == "Fine text" and (segment.line, segment.column) == (3, text.split("\n")[2].index("Fine") + 1)


def test_malformed_xliff_names_line_and_column() -> None:
    text = '<xliff version="1.2">\n<file><body>\n<trans-unit id="1"><target>Oops</source></trans-unit>\n'
    with pytest.raises(InputError, match=r"line 3, column \d+: invalid XML \(mismatched tag\)"):
        parse_xliff(text, "bad.xlf", "en")


def test_xml_that_is_not_xliff_is_refused() -> None:
    with pytest.raises(InputError, match="not an XLIFF file"):
        parse_xliff("<html><body>Hi</body></html>", "page.xlf", "en")


# --------------------------------------------------------------------------- JSON resources


def test_json_leaves_become_segments_with_dotted_ids() -> None:
    segments = by_id(parse_json_resource((DATA / "strings.json").read_text(encoding="utf-8"), "s.json", "en"))
    assert list(segments) == [
        "app.title",
        "app.menu.open",
        "app.menu.quit",
        "app.accent",
        "app.emoji",
        "app.steps.0",
        "app.steps.1",
    ]  # numbers, booleans, null and the empty string are skipped
    assert segments["app.title"].text == 'The "best" app'
    assert segments["app.accent"].text == "Café au lait and more"
    assert segments["app.emoji"].text == "Smile 😀 please"
    assert segments["app.steps.1"].text == "Second\tstep"


def test_json_positions_survive_escapes() -> None:
    lines = lines_of("strings.json")
    segments = by_id(parse_json_resource("\n".join(lines), "s.json", "en"))
    assert position_of(segments["app.title"], "app") == true_position(lines, '"The', "app")
    assert position_of(segments["app.menu.quit"], "now") == true_position(lines, '"Quit now"', "now")
    assert position_of(segments["app.accent"], "lait") == true_position(lines, "Caf\\u00e9", "lait")
    assert position_of(segments["app.emoji"], "please") == true_position(lines, "Smile", "please")
    assert position_of(segments["app.steps.1"], "step") == true_position(lines, "Second\\tstep", 'step"')
    assert_every_char_maps(list(segments.values()), lines, markup="\\")


def test_json_source_pairs_by_key() -> None:
    document = read_document(DATA / "strings.json", source=DATA / "strings.fr.json")
    segments = by_id(document.segments)
    assert segments["app.menu.quit"].source == "Quitter maintenant"  # keys, not order
    assert segments["app.title"].source == 'La "meilleure" appli'
    assert segments["app.steps.1"].source == "Deuxième étape"
    assert segments["app.accent"].source is None  # missing from the source: checked target-only
    assert document.source_path is not None and document.source_path.endswith("strings.fr.json")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "a": "fine",\n  "b": oops\n}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3, column 8: invalid JSON"):
        read_document(path)


def test_json_scalar_document_is_refused() -> None:
    with pytest.raises(InputError, match="object or array"):
        parse_json_resource('"just a string"', "s.json", "en")


@settings(max_examples=60, deadline=None)
@given(value=st.text(max_size=25), indent=st.sampled_from([None, 2]), ascii_only=st.booleans())
def test_json_escapes_map_back_for_any_text(value: str, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps({"outer": {"key": value + "x"}}, indent=indent, ensure_ascii=ascii_only)
    (segment,) = parse_json_resource(text, "s.json", "en")
    assert segment.text == value + "x"
    assert_every_char_maps([segment], text.split("\n"), markup="\\")


# --------------------------------------------------------------------------- SubRip


def test_srt_cues_become_segments() -> None:
    lines = lines_of("episode.srt")
    segments = by_id(parse_srt("\n".join(lines), "episode.srt", "en"))
    assert list(segments) == ["1", "2", "3"]  # cue 4 has no text
    assert segments["1"].text == "Hello, my friend."
    two = segments["2"]
    assert "<i>" not in two.text and words(two) == ["This", "is", "a", "cue", "that", "spans", "two", "lines"]
    assert (two.line, two.column) == true_position(lines, "<i>This", "This")
    assert position_of(two, "spans") == true_position(lines, "that spans", "spans")
    assert position_of(segments["3"], "screen") == true_position(lines, "Top of the", "screen")
    assert_every_char_maps(list(segments.values()), lines)


def test_srt_malformed_timing_names_the_line() -> None:
    with pytest.raises(InputError) as caught:
        read_document(DATA / "bad_timing.srt")
    assert caught.value.path.endswith("bad_timing.srt")
    assert caught.value.cause.startswith("line 6: malformed timing")


def test_srt_cue_without_timing_line_is_an_input_error() -> None:
    with pytest.raises(InputError, match="line 1: cue 1 has no timing line"):
        parse_srt("1\n\n2\n00:00:01,000 --> 00:00:02,000\nText\n", "x.srt", "en")
    with pytest.raises(InputError, match="line 1: expected a cue number or a timing line"):
        parse_srt("Just some text\n", "x.srt", "en")


def test_srt_without_cue_numbers_counts_cues() -> None:
    segments = parse_srt("00:00:01,000 --> 00:00:02,000\nFirst\n\n00:00:03.000 --> 00:00:04.000\nSecond\n", "x.srt", "en")
    assert [(s.id, s.text, s.line) for s in segments] == [("1", "First", 2), ("2", "Second", 5)]


# --------------------------------------------------------------------------- end to end through the CLI


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.chdir(tmp_path)
    return tmp_path


_REPEATS = {
    "doc.po": (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "k"\nmsgstr ""\n"A \\"quoted\\" start, "\n"then the the end."\n\n'
        '# mtqa: ignore[MT3]\nmsgid "quiet"\nmsgstr "the the quiet one."\n'
    ),
    "doc.xlf": (
        '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="fr" target-language="en"><body>\n'
        '<trans-unit id="k"><source>x</source>\n<target>A &amp; <x id="1"/> then the the end.</target></trans-unit>\n'
        "</body></file></xliff>\n"
    ),
    "doc.json": '{\n  "a": {"k": "A \\"q\\" \\u00e9 then the the end."}\n}\n',
    "doc.srt": "1\n00:00:01,000 --> 00:00:02,000\n<i>A first line</i>\nthen the the end.\n",
}


@pytest.mark.parametrize("name", sorted(_REPEATS))
def test_cli_checks_structured_files_with_exact_positions(env: Path, name: str) -> None:
    content = _REPEATS[name]
    (env / name).write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", name, "--format", "json", "--fail-on", "never", "--select", "MT303"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    validate_report(report)
    (document,) = report["documents"]
    findings = [f for s in document["segments"] for f in s["findings"]]
    assert len(findings) == 1, findings  # the suppressed PO entry gives none
    (finding,) = findings
    lines = content.split("\n")
    (number,) = [n for n, line in enumerate(lines, start=1) if "then the the end" in line]
    column = lines[number - 1].index("the the") + len("the ") + 1
    assert (finding["text"], finding["line"], finding["column"]) == ("the", number, column)


def test_cli_reports_declared_languages(env: Path) -> None:
    (env / "doc.xlf").write_text(_REPEATS["doc.xlf"], encoding="utf-8")
    result = runner.invoke(app, ["check", "doc.xlf", "--format", "json", "--fail-on", "never", "--no-suggest"])
    assert result.exit_code == 0, result.output
    (document,) = json.loads(result.output)["documents"]
    assert (document["source_lang"], document["target_lang"]) == ("fr", "en")


def test_cli_pot_file_checks_nothing_without_error(env: Path) -> None:
    (env / "messages.pot").write_text((DATA / "messages.pot").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["check", "messages.pot", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["summary"]["segments"] == 0


@pytest.mark.parametrize(("name", "cause"), [("broken.po", "line 5"), ("bomb.xlf", "entity"), ("bad_timing.srt", "line 6")])
def test_cli_malformed_files_exit_2_with_one_line(env: Path, name: str, cause: str) -> None:
    (env / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["check", name])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert name in line and cause in line


def test_cli_input_format_accepts_the_new_names(env: Path) -> None:
    (env / "subs.txt").write_text((DATA / "episode.srt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["check", "subs.txt", "--input-format", "srt", "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert [s["id"] for s in json.loads(result.output)["documents"][0]["segments"]] == ["1", "2", "3"]
    refused = runner.invoke(app, ["check", "subs.txt", "--input-format", "docx"])
    assert refused.exit_code == 2 and "xliff" in refused.output
