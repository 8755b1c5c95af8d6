"""TABARI-style names (``HAMID_KARZAI_``) to the spellings news uses ("Hamid Karzai")."""

from __future__ import annotations

import re

_SMALL = frozenset({
    "of", "the", "and", "for", "on", "in", "at", "to", "by", "de", "du", "des", "del",
    "della", "di", "da", "do", "dos", "das", "la", "le", "les", "el", "al", "van", "von",
    "der", "den", "ter", "bin", "ibn", "bint", "y", "e"
})
_PREFIXES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "bin", "ibn", "abu",
                       "abd", "ben"})
_NOT_ACRONYMS = frozenset({
    "free", "new", "arab", "high", "holy", "red", "west", "east", "gulf", "pan", "all",
    "anti", "army", "bank", "navy", "air", "sea", "oil", "iran", "iraq", "oman", "cuba",
    "mali", "chad", "peru", "laos", "togo", "fiji", "the", "great", "grand", "royal", "open",
    "true", "just", "union", "unit", "arms", "city", "home", "land", "road", "rule"
})
_VOWELS = frozenset("AEIOUY")
_ROMAN = re.compile(r"[IVX]{2,4}")

# -- names ----------------------------------------------------------------------------------
def _cap(part: str) -> str:
    """One hyphen-free piece: "O'BRIEN" → "O'Brien", "SHI'ITE" → "Shi'ite"."""
    head, apos, tail = part.partition("'")
    if apos and len(head) == 1:
        return head.upper() + "'" + tail.capitalize()
    return part.capitalize()


def _word(word: str, first: bool, acronym: bool, lower_after_hyphen: bool) -> str:
    if acronym or "." in word or not re.fullmatch(r"[A-Za-z0-9'-]+", word):
        return word.upper()
    low = word.lower()
    if low in _SMALL and not first:
        return low
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        if i == 0 and part.lower() in _PREFIXES and len(parts) > 1 and not first:
            out.append(part.lower())  # "al-Assad" inside a name
        elif i > 0 and lower_after_hyphen and parts[i - 1].lower() not in _PREFIXES:
            out.append(part.lower())  # "Ki-moon"
        else:
            out.append(_cap(part))
    return "-".join(out)


def display_names(raw: str, *, person: bool, country: bool = False) -> list[str]:
    """Names as news writes them, from the ``_`` form: ``HAMID_KARZAI_`` → "Hamid Karzai".

    Short acronyms stay in capitals: a one-word organisation name of up to 4 letters
    (``NATO``), and in longer names words of up to 2 letters (``UN``) or up to 4
    letters without a vowel (``PKK``). Person names and country names are title-cased
    ("Kim Jong Un", "Iran"), but ``US``/``UK``-like country short forms stay in capitals.
    Variants are added where the casing is a guess: a name opening with a 3–4-letter word
    in capitals ("NATO Secretary General"), and "Ban Ki-moon" next to "Ban Ki-Moon".
    """
    words = [w for w in raw.strip("_").split("_") if w]
    if not words:
        return []

    def acronym(w: str, loose: bool) -> bool:
        letters = w.replace("-", "")
        if not letters.isalpha() or len(letters) > 4 or w.lower() in _SMALL:
            return False
        up = letters.upper()
        if person:
            return bool(_ROMAN.fullmatch(up))
        if len(words) == 1:
            return len(up) <= 2 if country else True
        if len(up) <= 2 or not (set(up) & _VOWELS):
            return True
        # the guess: an acronym opening a longer name ("NATO Secretary General")
        return loose and w == words[0] and w.lower() not in _NOT_ACRONYMS

    variants = []
    for loose in (False, True):
        for lower_after_hyphen in (False, True):
            variants.append(" ".join(_word(w, i == 0, acronym(w, loose), lower_after_hyphen)
                                     for i, w in enumerate(words)))
    return list(dict.fromkeys(variants))


