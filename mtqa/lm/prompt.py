"""The source-conditioning prompt. Its version is part of every signature: change the wording,
bump ``PROMPT_VERSION``, and cached scores are no longer reused."""

from __future__ import annotations

PROMPT_VERSION = "v1"

LANGUAGE_NAMES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "kn": "Kannada",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ne": "Nepali",
    "nl": "Dutch",
    "no": "Norwegian",
    "pa": "Punjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "si": "Sinhala",
    "sk": "Slovak",
    "sl": "Slovenian",
    "so": "Somali",
    "sq": "Albanian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "zh-cn": "Chinese",
    "zh-tw": "Chinese",
}


def language_name(code: str | None) -> str:
    if not code:
        return "the source language"
    return LANGUAGE_NAMES.get(code.lower(), LANGUAGE_NAMES.get(code.lower().split("-")[0], code))


def source_prompt(source: str, source_lang: str | None, target_lang: str) -> str:
    """Text placed before the target. It ends in a newline so that the target is tokenized
    exactly as in the target-only pass, which makes the two passes comparable token by token."""
    src = language_name(source_lang)
    tgt = language_name(target_lang)
    source_line = " ".join(source.split())
    return f"Translate from {src} to {tgt}.\n{src}: {source_line}\n{tgt}:\n"
