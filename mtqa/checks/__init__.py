"""The registry of checks. Codes are stable and never reused (see DESIGN.md's code bands)."""

from __future__ import annotations

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.checks.glossary import RequiredTermMissing
from mtqa.checks.integrity import BidiControlNotInSource, EmptySegment, EncodingTrouble, LongSegment
from mtqa.checks.language import CopiedFromSource, ForeignWord, WrongLanguageSegment
from mtqa.checks.layout import (
    AcceleratorMismatch,
    DoubleSpace,
    EscapeMismatch,
    LineBreakMismatch,
    PunctuationOnly,
    StartCapitalMismatch,
)
from mtqa.checks.lexical import GarbledWord, NonWord, RepeatedWord, UnbalancedPunctuation
from mtqa.checks.lm_checks import LowFluencySegment, SuspectWord
from mtqa.checks.orthography import RomanianCedilla
from mtqa.checks.reference import HighDocumentTer, LowDocumentBleu, LowDocumentChrf, LowSegmentChrf
from mtqa.checks.source_surface import (
    EndPunctuationMismatch,
    LengthRatio,
    LinkMismatch,
    NumberMismatch,
    PlaceholderMismatch,
    WhitespaceMismatch,
)
from mtqa.checks.surface import TargetIdenticalToSource
from mtqa.checks.symbols import CodeTokenMismatch, MarkerMismatch, SymbolMismatch
from mtqa.types import Rule

ALL_CHECKS: tuple[type[Check], ...] = (
    EmptySegment,
    EncodingTrouble,
    LongSegment,
    BidiControlNotInSource,
    TargetIdenticalToSource,
    NumberMismatch,
    PlaceholderMismatch,
    LinkMismatch,
    LengthRatio,
    WhitespaceMismatch,
    EndPunctuationMismatch,
    SymbolMismatch,
    MarkerMismatch,
    RequiredTermMissing,
    AcceleratorMismatch,
    LineBreakMismatch,
    EscapeMismatch,
    DoubleSpace,
    StartCapitalMismatch,
    PunctuationOnly,
    CodeTokenMismatch,
    ForeignWord,
    WrongLanguageSegment,
    CopiedFromSource,
    NonWord,
    GarbledWord,
    RepeatedWord,
    UnbalancedPunctuation,
    RomanianCedilla,
    SuspectWord,
    LowFluencySegment,
    LowSegmentChrf,
    LowDocumentChrf,
    LowDocumentBleu,
    HighDocumentTer,
)

CHECKS_BY_CODE: dict[str, type[Check]] = {check.code: check for check in ALL_CHECKS}


def rule_table() -> tuple[Rule, ...]:
    """Every check's rule row, in registry order: what formatters are handed to describe codes."""
    return tuple(check.rule() for check in ALL_CHECKS)


__all__ = ["ALL_CHECKS", "CHECKS_BY_CODE", "Check", "CheckContext", "RawFinding", "rule_table"]
