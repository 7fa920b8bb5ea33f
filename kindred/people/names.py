"""Normalised and phonetic forms of names, stored on the record so search can block on them."""

from __future__ import annotations

import re
import unicodedata

import jellyfish


def normalise(name: str) -> str:
    """Lower case, accents removed, only letters: "O'Brien-Smyth" → "obriensmyth"."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_only.lower())


def phonetic(name: str) -> str:
    """A phonetic key (NYSIIS) that treats Mohammed and Muhammad, Jon and John, alike."""
    norm = normalise(name)
    return jellyfish.nysiis(norm)[:20] if norm else ""


def name_keys(first_name: str, last_name: str) -> dict[str, str]:
    return {
        "search_first": normalise(first_name)[:100],
        "search_last": normalise(last_name)[:100],
        "phonetic_first": phonetic(first_name),
        "phonetic_last": phonetic(last_name),
    }
