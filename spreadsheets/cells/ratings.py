"""(B)RAG ratings in cells: "Green", "G", "A/G", blank, "?????"."""

from __future__ import annotations

import re

from improvement.rules import worst_rag

from .text import cell_text as _cell_text
from .text import collapse as _collapse
from .text import quote as _quote

RAG_WORDS: dict[str, str] = {
    "blue": "blue",
    "b": "blue",
    "complete": "blue",
    "completed": "blue",
    "done": "blue",
    "green": "green",
    "g": "green",
    "amber": "amber",
    "a": "amber",
    "red": "red",
    "r": "red",
}


def parse_rag_cell(value) -> tuple[str | None, str]:
    """Read a (B)RAG rating: ("green", "") for "G", (None, warning) for "?????"."""
    text = _cell_text(value)
    if not text:
        return None, ""
    wording = _collapse(text).lower().strip(" .!")
    if wording in RAG_WORDS:
        return RAG_WORDS[wording], ""
    parts = [part for part in re.split(r"\s*[/\\&+-]\s*|\s+", wording) if part]
    if len(parts) == 2 and all(part in RAG_WORDS for part in parts):
        ratings = {RAG_WORDS[part] for part in parts}
        rag = worst_rag(ratings).value  # a split rating ("A/G") reads as the worse
        if len(ratings) == 1:
            return rag, ""
        return rag, f"Read {_quote(text)} as {rag}, the worse of the two ratings given."
    return None, f"Could not read {_quote(text)} as a RAG rating; kept as text."
