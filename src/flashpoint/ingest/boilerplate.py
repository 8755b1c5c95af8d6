"""Site boilerplate removed from article text: comment prompts, share bars, cookie
notices, newsletter prompts, "Read more" links. Quotation marks and body text are kept.

The patterns are data: a line is dropped when it is short and matches ``LINE_PATTERNS``
as a whole, or is a cookie/consent notice; ``TRAILERS`` strip link text stuck on the
end of a paragraph ("… Read more »").
"""

from __future__ import annotations

import re

# Whole lines (short, stand-alone) that are site furniture, not article text.
LINE_PATTERNS = [
    r"(leave|post|add|write) an? (comment|reply)s?\b.*",
    r"\d*\s*comments?( \(\d+\))?",
    r"(show|view|load|hide) (all )?(\d+ )?comments?",
    r"(be the first to comment|join the (conversation|discussion)).*",
    r"share( this( article| story| post)?)?( on| via)?( \w+)?:?",
    r"share on (facebook|twitter|x|linkedin|whatsapp|reddit|email)\b.*",
    r"(facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|telegram|email|e-mail|print"
    r"|copy link|tweet|share|pocket|flipboard)([\s|·•,/]+(facebook|twitter|x|linkedin"
    r"|whatsapp|reddit|pinterest|telegram|email|e-mail|print|copy link|tweet|share"
    r"|pocket|flipboard))*",
    r"(click|tap) here (to|for) .*",
    r"(read|see|learn) (more|the full (story|article))\b.{0,60}",
    r"continue reading\b.{0,60}",
    r"(related|recommended|more from|most read|trending|see also|also read|read also"
    r"|related (articles|stories|coverage))( \w+){0,3}:?.{0,80}",
    r"advertisement|sponsored( content)?|ad|scroll to continue( with content)?",
    r"(sign up|subscribe|register)( now)?( to| for)? (our|the|to our)? ?"
    r"(free )?(daily |weekly )?(newsletter|briefing|updates|alerts).*",
    r"(follow|like) us on\b.*",
    r"(copyright|©|\(c\)) .{0,120}",
    r"all rights reserved\.?",
    r"(this|the) (article|story) (was|has been) (updated|corrected)\b.{0,80}",
    r"(photo|image|video|file photo)( credit)?: .{0,120}",
    r"(back to top|top of page|skip to (main )?content|jump to)\b.*",
    r"(report|flag) (this )?(comment|ad)",
    r"(log ?in|sign in) to (comment|reply)\b.*",
    r"(you may also like|we recommend|don'?t miss)\b.{0,80}",
    r"(tags?|topics?|filed under): .{0,120}",
]
LINE_RE = re.compile(r"^[\W_]*(?:" + "|".join(LINE_PATTERNS) + r")[\W_]*$", re.I)
MAX_LINE_WORDS = 16  # longer lines are article text even when they match
# Cookie/consent notices are longer sentences; dropped when they mention these words.
CONSENT_RE = re.compile(
    r"\b(we|this (web)?site) uses? cookies\b|\bcookie (policy|settings|preferences|notice)\b"
    r"|\baccept (all )?cookies\b|\bby (continuing|using) (to (use|browse) )?this (site|website)"
    r"|\bmanage (your )?(privacy|consent)( settings)?\b", re.I)
MAX_CONSENT_WORDS = 60
# Link text stuck on the end of a paragraph.
TRAILERS = re.compile(
    r"\s*(\[?\s*(read more|continue reading|read the full (story|article))\s*(»|›|→|\.{3}|…)?"
    r"\s*\]?|(»|›|→)\s*)$", re.I)


def is_boilerplate(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    words = len(s.split())
    if words <= MAX_LINE_WORDS and LINE_RE.match(s):
        return True
    return words <= MAX_CONSENT_WORDS and bool(CONSENT_RE.search(s))


def remove_boilerplate(text: str) -> str:
    """The text without boilerplate lines and trailing "Read more" links."""
    out = []
    for line in text.split("\n"):
        if is_boilerplate(line):
            continue
        stripped = TRAILERS.sub("", line) if len(line) > 40 else line
        out.append(stripped)
    return "\n".join(out).strip()
