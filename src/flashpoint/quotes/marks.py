"""Find direct quotations in raw text from their quotation marks, whatever the marks.

Works on characters, before and independent of the parse, and never raises:
unbalanced marks end at the paragraph, so no quote swallows the rest of an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = {"“": "”", "«": "»", "„": "“", "»": "«", '"': '"', "‟": "”"}
DOUBLE_CLOSE = frozenset({"”", "»", '"', "“", "«"})
SINGLE_OPEN, SINGLE_CLOSE = "‘", "’"
_PARA = re.compile(r"\n\s*\n|\n(?=\s*[“«„\"‘])")
# a mistyped closing mark: `… the talks, “said the minister`
_AFTER_CLOSE = re.compile(r"\s*(?:said|says|added|told|asked|warned|insisted|wrote|he|she|"
                          r"they|according)\b", re.I)

_NAME_THEN_CUE = re.compile(r"(?:[A-Z][\w'’-]*\s+){1,4}(?:said|says|told|added|warned|insisted|"
                            r"wrote|stated|declared|stressed)\b")


@dataclass
class QuoteSpan:
    start: int  # offsets of the quoted words, marks excluded
    end: int
    paragraph: int
    open_mark: str
    continued: bool = False  # continues from the previous paragraph
    closed: bool = True


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARA.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _is_open_position(text: str, i: int, lo: int) -> bool:
    return i == lo or not text[i - 1].isalnum()


def find_quotes(text: str) -> list[QuoteSpan]:
    quotes: list[QuoteSpan] = []
    paras = paragraphs(text)
    open_from_previous = False
    for n, (lo, hi) in enumerate(paras):
        i = lo
        first = True
        while i < hi:
            ch = text[i]
            if ch in DOUBLE_OPEN and (ch != '"' or _is_open_position(text, i, lo)) and \
                    ch not in ("”",):
                close = _find_close(text, i, hi, ch)
                start = i + 1
                end = close if close is not None else hi
                span_text = text[start:end]
                stripped = span_text.strip()
                if stripped:
                    s = start + (len(span_text) - len(span_text.lstrip()))
                    e = s + len(stripped)
                    quotes.append(QuoteSpan(s, e, n, ch, continued=first and open_from_previous,
                                            closed=close is not None))
                if close is None:
                    open_from_previous = True
                    i = hi
                    break
                i = close + 1
                first = False
                continue
            if ch == SINGLE_OPEN and _is_open_position(text, i, lo):
                close = _find_single_close(text, i, hi)
                if close is not None:
                    quotes.append(QuoteSpan(i + 1, close, n, ch))
                    i = close + 1
                    first = False
                    continue
            if not ch.isspace():
                first = False
            i += 1
        else:
            open_from_previous = False
            continue
    return _merge_continued(_drop_empty(quotes))


def _merge_continued(quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """A paragraph left open and the next one reopening are one quote."""
    out: list[QuoteSpan] = []
    for q in quotes:
        if q.continued and out and not out[-1].closed and out[-1].paragraph == q.paragraph - 1:
            prev = out[-1]
            out[-1] = QuoteSpan(prev.start, q.end, q.paragraph, prev.open_mark,
                                continued=prev.continued, closed=q.closed)
            continue
        out.append(q)
    return out


def _find_close(text: str, i: int, hi: int, mark: str) -> int | None:
    want = DOUBLE_OPEN[mark]
    j = i + 1
    while j < hi:
        c = text[j]
        if c == want and (want != '"' or j + 1 >= hi or not text[j + 1].isalnum()
                          or text[j - 1] in ",.!?"):
            return j
        if c in DOUBLE_CLOSE and c != want and (
                text[j - 1] in ",.!?" or _AFTER_CLOSE.match(text, j + 1)
                or (text[j - 2:j] in (", ", ". ", "! ", "? ")
                    and _NAME_THEN_CUE.match(text, j + 1))):
            # a closing mark typed as another mark: accept when a cue follows
            return j
        j += 1
    return None


def _find_single_close(text: str, i: int, hi: int) -> int | None:
    j = i + 1
    while j < hi:
        if text[j] == SINGLE_CLOSE and (j + 1 >= hi or not text[j + 1].isalpha()):
            return j
        j += 1
    return None


def _drop_empty(quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    return [q for q in quotes if q.end > q.start]
