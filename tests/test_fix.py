"""``mtqa fix`` planning and byte-exact editing (pure functions; the CLI is tested in test_fix_cli)."""

from __future__ import annotations

from mtqa.corrections.apply import FIXABLE_FORMATS, Edit, apply_edits, describe, match_case, plan_edits, unified_diff
from mtqa.types import DocumentResult, Finding, SegmentResult, Severity, Suggestion


def finding(code: str, text: str, line: int, column: int, suggestions: tuple[tuple[str, float], ...]) -> Finding:
    return Finding(
        code=code,
        severity=Severity.ERROR,
        start=column - 1,
        end=column - 1 + len(text),
        line=line,
        column=column,
        text=text,
        message="m",
        confidence=0.9,
        suggestions=tuple(Suggestion(t, c) for t, c in suggestions),
    )


def document(*findings: Finding) -> DocumentResult:
    segment = SegmentResult("1", 1, 1, "", None, None, 50.0, {}, (), tuple(findings))
    return DocumentResult("x.txt", None, None, "en", None, 50.0, {}, (segment,))


def test_plan_takes_the_best_finding_per_span_above_the_threshold() -> None:
    doc = document(
        finding("MT201", "Poutine", 1, 5, (("Putin", 0.9),)),
        finding("MT401", "Poutine", 1, 5, (("Putain", 0.6),)),
        finding("MT302", "chome", 2, 1, (("home", 0.3),)),
        finding("MT303", "the", 3, 1, ()),
        finding("MT401", "same", 3, 9, (("same", 0.99),)),
    )
    assert plan_edits(doc, 0.5) == [Edit(1, 5, "Poutine", "Putin", "MT201", 0.9)]
    assert [e.new for e in plan_edits(doc, 0.2)] == ["Putin", "home"]


def test_match_case() -> None:
    assert match_case("Litiger", "litigate") == "Litigate"
    assert match_case("NASA", "nasa") == "NASA"
    assert match_case("chome", "home") == "home"
    assert match_case("Poutine", "Putin") == "Putin"


def test_apply_keeps_every_other_byte() -> None:
    data = "\ufeffLine one: Poutine met\r\nchome, chome.\r\nend".encode()
    edits = [
        Edit(1, 11, "Poutine", "Putin", "MT201", 0.9),
        Edit(2, 1, "chome", "home", "MT302", 0.8),
        Edit(2, 8, "chome", "home", "x", 0.8),
    ]
    result = apply_edits(data, edits)
    assert result.data == "\ufeffLine one: Putin met\r\nhome, home.\r\nend".encode()
    assert len(result.applied) == 3 and result.skipped == ()


def test_apply_utf16_and_skips_what_does_not_match() -> None:
    data = "A Poutine\nB".encode("utf-16")  # with a byte-order mark
    edits = [Edit(1, 3, "Poutine", "Putin", "MT201", 0.9), Edit(2, 1, "Zed", "Z", "x", 0.9), Edit(9, 1, "a", "b", "x", 1)]
    result = apply_edits(data, edits)
    assert result.data == "A Putin\nB".encode("utf-16")
    reasons = [reason for _, reason in result.skipped]
    assert reasons == ["2:1 does not hold 'Zed' (escaped, or the file changed)", "line 9 is not in the file"]


def test_apply_escapes_for_the_format() -> None:
    data = b'msgstr "Say Poutine"\n'
    result = apply_edits(data, [Edit(1, 13, "Poutine", 'a "b"', "x", 1)], FIXABLE_FORMATS["po"])
    assert result.data == b'msgstr "Say a \\"b\\""\n'
    xml = apply_edits(b"<target>Poutine</target>", [Edit(1, 9, "Poutine", "A&B", "x", 1)], FIXABLE_FORMATS["xliff"])
    assert xml.data == b"<target>A&amp;B</target>"


def test_overlapping_edits_keep_the_first() -> None:
    result = apply_edits(b"abcdef", [Edit(1, 1, "abc", "x", "a", 1), Edit(1, 2, "bcd", "y", "b", 1)])
    assert result.data == b"xdef"
    assert [reason for _, reason in result.skipped] == ["overlaps another fix"]


def test_unified_diff() -> None:
    diff = unified_diff(b"a\nPoutine\n", b"a\nPutin\n", "seed.txt")
    assert diff.splitlines() == ["--- a/seed.txt", "+++ b/seed.txt", "@@ -1,2 +1,2 @@", " a", "-Poutine", "+Putin"]
    assert unified_diff(b"same", b"same", "x") == ""


def test_a_deletion_takes_one_space_with_the_word() -> None:
    data = b"We visited the the museum.\nend the\n(the) x\n"
    edits = [
        Edit(1, 12, "the", "", "MT401", 0.9),  # the space after goes with it
        Edit(2, 5, "the", "", "MT401", 0.9),  # at the line's end: the space before
        Edit(3, 2, "the", "", "MT401", 0.9),  # no space beside it: only the word
    ]
    result = apply_edits(data, edits)
    assert result.data == b"We visited the museum.\nend\n() x\n"
    assert describe(result.applied)[0] == "1:12: MT401 'the' → (delete) (90%)"


def test_plan_takes_a_deletion_but_not_a_blank() -> None:
    doc = document(finding("MT401", "the", 1, 12, (("", 0.9),)), finding("MT401", "has", 2, 1, ((" ", 0.9),)))
    assert plan_edits(doc, 0.5) == [Edit(1, 12, "the", "", "MT401", 0.9)]
