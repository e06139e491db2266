"""The spaCy pipeline (tokenizer + sentence boundaries) tuned for news text.

News copy has headlines and bullet lines without final punctuation, datelines and
photo captions; a line break there is a sentence break. Quotes are kept with the
sentence they close ("… peace,” he said.").
"""

from __future__ import annotations

import re
from itertools import pairwise

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

_CLOSERS = {"”", '"', "’", "'", ")", "]", "»"}


_FINAL = {".", "!", "?", "…"}
_OPENERS = {"“", "«"}


def _opens_quote(doc: Doc, i: int) -> bool:
    tok = doc[i]
    if tok.text in _OPENERS:
        return True
    # a straight quote opens when it is preceded by a space and glued to the next word
    return tok.text == '"' and bool(doc[i - 1].whitespace_) and not tok.whitespace_


@Language.component("pw_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Preset boundaries the sentencizer keeps: line breaks, opening quotes, lowercase after a period."""
    text = doc.text
    doc.user_data["wrap_width"] = wrap_width(text)
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            continue
        prev = doc[i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = not (_wrapped(doc, i, text) or _suspended(doc, i))
        elif prev.text in _FINAL and _opens_quote(doc, i):
            tok.is_sent_start = True
            if i + 1 < len(doc):
                doc[i + 1].is_sent_start = False
        elif tok.text in _CLOSERS and prev.text in _FINAL:
            tok.is_sent_start = False
        elif prev.text in _CLOSERS and i >= 2 and doc[i - 2].text in _FINAL:
            tok.is_sent_start = not (tok.is_lower and tok.is_alpha)
        elif prev.text in _FINAL and tok.is_lower and tok.is_alpha:
            tok.is_sent_start = False  # "U.S. officials", "approx. two"
        elif _REFERENCE_MARK.match(tok.text) and _after_reference_marks(doc, i):
            tok.is_sent_start = False  # the mark stays with the sentence it annotates
        elif _REFERENCE_MARK.match(prev.text) and _after_reference_marks(doc, i - 1):
            tok.is_sent_start = not (tok.is_lower and tok.is_alpha)
    return doc


_REFERENCE_MARK = re.compile(r"^(?:\[|\]|\[?\d{1,3}\]?)+$")


def _after_reference_marks(doc: Doc, i: int) -> bool:
    """Whether doc[i] belongs to reference marks glued to a full stop ("Chad.[4]", "done.[12][13]")."""
    k = i
    while k > 0 and _REFERENCE_MARK.match(doc[k].text) and not doc[k - 1].whitespace_:
        k -= 1
    marks = doc[k + 1 : i + 1]
    return doc[k].text in _FINAL and len(marks) > 0 and marks[0].text.startswith("[")


# a line that ends on one of these is continued on the next: the text was wrapped, not broken
_CONTINUES = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "for",
        "from",
        "in",
        "on",
        "at",
        "by",
        "with",
        "into",
        "as",
        "than",
        "that",
        "which",
        "who",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "these",
        "those",
        ",",
        "(",
        "–",
        "-",
    ]
)


def wrap_width(text: str) -> int:
    """The line width a hard-wrapped text (PDF, e-mail, wire copy) was set to, or 0 when it was not.

    Such a text is mostly lines of 40–100 characters, each followed by another line; its width is
    its longest line. Paragraph-per-line text (the usual web copy) has longer lines, or blank lines
    between them.
    """
    lines = text.split("\n")
    filled = sum(1 for line in lines if line.strip())
    wrapped = [a for a, b in pairwise(lines) if 40 <= len(a) <= 100 and b.strip()]
    if len(wrapped) < 5 or len(wrapped) < filled / 2:
        return 0
    return max(len(line) for line in lines if len(line) <= 100)


def _line_length(text: str, at: int) -> int:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return (len(text) if end < 0 else end) - start


def _wrapped(doc: Doc, i: int, text: str) -> bool:
    """A single line break inside a sentence of hard-wrapped text (PDF, e-mail): not a boundary."""
    prev = doc[i - 1]
    newlines = prev.text.count("\n") if prev.is_space else prev.whitespace_.count("\n")
    if newlines != 1 or i < 2:
        return False
    before = doc[i - 2] if prev.is_space else prev
    tok = doc[i]
    if before.text in _FINAL or before.text in _CLOSERS or before.text == ":":
        return False
    if tok.text[:1] in {"-", "•", "*", "–"} or (
        tok.like_num and tok.i + 1 < len(doc) and doc[tok.i + 1].text == "."
    ):
        return False
    if (tok.is_lower and tok.is_alpha) or before.lower_ in _CONTINUES:
        return True
    # a full-width line that does not end a sentence runs on ("… in South\nSudan.", "over\n600,000")
    width = doc.user_data.get("wrap_width", 0)
    return bool(width) and _line_length(text, before.idx) >= 0.75 * width


# a paragraph that ends on one of these is a spoken sentence set out line by line
# ("The UK and France will establish…\n\nMilitary hubs across Ukraine"), as remarks are published
_SUSPENDED = frozenset([",", "…", "...", "–", "—"])


def _suspended(doc: Doc, i: int) -> bool:
    """A sentence of a speech carried over a paragraph break: not a boundary."""
    prev = doc[i - 1]
    before = doc[i - 2] if prev.is_space and i >= 2 else prev
    tok = doc[i]
    if before.text not in _SUSPENDED or tok.text[:1] in {"-", "•", "*", "–", "—"}:
        return False
    return not (tok.like_num and tok.i + 1 < len(doc) and doc[tok.i + 1].text in {".", ")"})


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the non-blank sentences, with surrounding whitespace tokens dropped."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def build_nlp() -> Language:
    """A blank English pipeline: tokenizer with extra infixes, line breaks, sentencizer."""
    nlp = spacy.blank("en")
    infixes = [
        *nlp.Defaults.infixes,
        r"(?<=\.)-(?=[A-Za-z])",
        r"(?<=[0-9])-(?=[A-Za-z])",
        # reference marks glued to a sentence's end: "… and Chad.[4] Then …" (encyclopedia text)
        r"(?<=\w)\.(?=\[\d)",
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("pw_line_breaks")
    nlp.add_pipe("sentencizer")
    return nlp
