"""Hostile-table cases for the structured readers: JSONL, TSV, PO, XLIFF, JSON, SRT and Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from hostile.table import FAST, Case, case, write

# ----------------------------------------------------------------------------- structured formats


@case("malformed-jsonl")
def _bad_jsonl(root: Path) -> Case:
    name = write(root, "bad.jsonl", '{"mt": "fine"}\n{"mt": "also fine"}\n{"mt": broken\n{"mt": "never read"}\n')
    return Case("malformed-jsonl", (name,), 2, r"bad\.jsonl: line 3: invalid JSON", names=name)


@case("jsonl-wrong-types")
def _jsonl_types(root: Path) -> Case:
    name = write(root, "types.jsonl", '{"mt": "fine"}\n{"mt": 42}\n')
    return Case("jsonl-wrong-types", (name,), 2, r'types\.jsonl: line 2: "mt" must be a string, found a number', names=name)


@case("jsonl-lone-surrogate")
def _jsonl_surrogate(root: Path) -> Case:
    name = write(root, "surrogate.jsonl", '{"mt": "caf\\ud800 au lait", "src": "\\udfff", "id": "\\ud83d"}\n')
    return Case("jsonl-lone-surrogate", (name, *FAST), 0, r"replacement character U\+FFFD", "stdout")


@case("jsonl-deep-nesting")
def _jsonl_deep(root: Path) -> Case:
    name = write(root, "deep.jsonl", '{"mt": "x", "extra": ' + "[" * 10_000 + "]" * 10_000 + "}\n")
    return Case(
        "jsonl-deep-nesting", (name,), 2, r"deep\.jsonl: line 1: invalid JSON \(nested too deeply\)", names=name, run="own"
    )


@case("tsv-wrong-column-count")
def _tsv(root: Path) -> Case:
    name = write(root, "pairs.tsv", "Bonjour\tHello\nMerci\tThanks\nOui\tYes\textra\n")
    return Case("tsv-wrong-column-count", (name,), 2, r"pairs\.tsv: line 3: expected 2 columns, found 3", names=name)


@case("tsv-nul-byte")
def _tsv_nul(root: Path) -> Case:
    name = write(root, "nul.tsv", "Bonjour\tHel\x00lo\n")
    return Case("tsv-nul-byte", (name, *FAST), 0, r"invisible control character U\+0000", "stdout")


@case("po-broken-quoting")
def _po_quoting(root: Path) -> Case:
    text = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Hello"\nmsgstr "Bonjour\n\nmsgid "Bye"\nmsgstr "Au revoir"\n'
    name = write(root, "broken.po", text)
    return Case("po-broken-quoting", (name,), 2, r"broken\.po: line 6: ", names=name)


@case("po-stray-text")
def _po_stray(root: Path) -> Case:
    name = write(root, "stray.po", 'msgid "Hello"\nmsgstr "Bonjour"\nthis is not PO\n')
    return Case("po-stray-text", (name,), 2, r"stray\.po: line 3: invalid PO file", names=name)


_XLIFF_HEAD = '<xliff version="1.2"><file source-language="fr" target-language="en"><body>'
_XLIFF_TAIL = "</body></file></xliff>\n"


@case("xliff-billion-laughs")
def _laughs(root: Path) -> Case:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n{chr(10).join(entities)}\n]>\n{_XLIFF_HEAD}'
        f'<trans-unit id="1"><source>x</source><target>&lol9;</target></trans-unit>{_XLIFF_TAIL}'
    )
    name = write(root, "laughs.xlf", text)
    return Case("xliff-billion-laughs", (name,), 2, r"laughs\.xlf: entity declarations are not allowed", names=name, run="own")


def _refused_doctype(root: Path, case_id: str, filename: str, doctype: str, target: str = "y") -> Case:
    """An XLIFF file whose DOCTYPE declares entities: refused before anything is resolved."""
    text = (
        f'<?xml version="1.0"?>\n{doctype}\n'
        f'{_XLIFF_HEAD}<trans-unit id="1"><source>x</source><target>{target}</target></trans-unit>{_XLIFF_TAIL}'
    )
    name = write(root, filename, text)
    pattern = re.escape(filename) + ": (entity declarations|external references) are not allowed"
    return Case(case_id, (name,), 2, pattern, names=name)


@case("xliff-external-entity")
def _xxe(root: Path) -> Case:
    doctype = '<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _refused_doctype(root, "xliff-external-entity", "xxe.xlf", doctype, target="&xxe;")


@case("xliff-parameter-entity")
def _xxe_parameter(root: Path) -> Case:
    doctype = '<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>'
    return _refused_doctype(root, "xliff-parameter-entity", "param.xlf", doctype)


@case("xliff-external-dtd")
def _external_dtd(root: Path) -> Case:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "http://example.invalid/xliff.dtd">\n'
        f'{_XLIFF_HEAD}<trans-unit id="1"><source>Bonjour</source><target>Good morning.</target></trans-unit>{_XLIFF_TAIL}'
    )
    name = write(root, "dtd.xlf", text)
    return Case(
        "xliff-external-dtd",
        (name, *FAST),
        0,
        r'"text": "Good morning\."',
        "stdout",
        what="the external DTD is never fetched (no network); the file is read as it is",
    )


@case("xliff-malformed")
def _bad_xml(root: Path) -> Case:
    name = write(root, "bad.xlf", f'{_XLIFF_HEAD}\n<trans-unit id="1"><source>x</source><target>y</trans-unit>{_XLIFF_TAIL}')
    return Case("xliff-malformed", (name,), 2, r"bad\.xlf: line 2, column \d+: invalid XML \(mismatched tag\)", names=name)


@case("xliff-deep-nesting")
def _xliff_deep(root: Path) -> Case:
    inner = '<g id="1">' * 10_000 + "Deep text." + "</g>" * 10_000
    text = f'{_XLIFF_HEAD}<trans-unit id="1"><source>x</source><target>{inner}</target></trans-unit>{_XLIFF_TAIL}'
    name = write(root, "deep.xlf", text)
    return Case("xliff-deep-nesting", (name, *FAST), 0, r'"documents": 1', "stdout", run="shared")


@case("json-nested-10000-deep")
def _json_deep(root: Path) -> Case:
    name = write(root, "deep.json", '{"a": ' * 10_000 + '"text"' + "}" * 10_000 + "\n")
    return Case("json-nested-10000-deep", (name,), 2, r"deep\.json: invalid JSON \(nested too deeply\)", names=name, run="own")


@case("json-lone-surrogate")
def _json_surrogate(root: Path) -> Case:
    name = write(root, "strings.json", '{"greeting": "Hello \\udc80 world.", "bye": "Goodbye."}\n')
    return Case("json-lone-surrogate", (name, *FAST), 0, r"replacement character U\+FFFD", "stdout")


@case("srt-malformed-timing")
def _srt(root: Path) -> Case:
    name = write(root, "subs.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03 -> 00:00:04\nBye.\n")
    return Case("srt-malformed-timing", (name,), 2, r"subs\.srt: line 6: malformed timing", names=name)


@case("markdown-deep-blockquote")
def _markdown_deep(root: Path) -> Case:
    name = write(root, "quote.md", "> " * 5_000 + "Deeply quoted text.\n")
    return Case("markdown-deep-blockquote", (name, *FAST), 0, r'"documents": 1', "stdout", run="shared")


@case("xliff-unknown-target-language")
def _xliff_unknown_language(root: Path) -> Case:
    head = _XLIFF_HEAD.replace('target-language="en"', 'target-language="zz"')
    unit = '<trans-unit id="1"><source>La réunion a duré deux heures.</source><target>Zo vela tari mo.</target></trans-unit>'
    name = write(root, "zz.xlf", f"{head}{unit}{_XLIFF_TAIL}")
    pattern = r'"fluency": null(.|\n)*target language zz: not a language mtqa knows'
    return Case("xliff-unknown-target-language", (name, *FAST), 0, pattern, "stdout", what="fluency null and a note, never 100")


@case("po-plural-forms-beyond-ten")
def _po_many_forms(root: Path) -> Case:
    header = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Plural-Forms: nplurals=3; plural=(n != 1);\\n"\n\n'
    forms = "".join(f'msgstr[{i}] "form {i}"\n' for i in range(12))
    name = write(root, "plural.po", f'{header}msgid "one file"\nmsgid_plural "{{n}} files"\n{forms}')
    pattern = r"plural\.po: 1 plural entries have a number of msgstr\[n\] forms other than the header's nplurals=3"
    return Case("po-plural-forms-beyond-ten", (name, *FAST), 0, pattern, "stdout", what="all 12 forms read, and a note")
