"""Whom a name belongs to beyond its dictionary entry: a stance ("anti-Syria") is no
membership, an ethnic group is coded by where it lives, a name after a title is a person
even when the tagger says otherwise, and an apposition can name a person's organisation.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flashpoint.actors.dictionary import NameEntry
from flashpoint.actors.model import ActorRef

# "anti-Syria", "pro-Russian": a stance towards the country, not membership of it
STANCE_PREFIXES = frozenset({"anti", "pro"})
# sector words that name one person, not a group: a name after them is a person's
PERSON_SECTOR_WORDS = frozenset({
    "minister", "president", "spokesman", "spokeswoman", "spokesperson", "official", "diplomat",
    "ambassador", "envoy", "premier", "chancellor", "leader", "general", "commander", "secretary",
    "king", "queen", "prince", "senator", "lawmaker", "judge", "prosecutor", "analyst",
})


class Affiliation:
    """Mixed into the recogniser's per-document resolver."""

    doc: Doc
    text: str
    entry_at: dict[int, tuple[Span, NameEntry]]
    sent_at: dict[int, Span]

    def _titled_name(self, tok: Token) -> Span | None:
        """A name the tagger did not label a person but a title precedes: "Vice-President
        Moody Awori", "Interior Minister Aftab Sherpao" (the words after the title)."""
        if tok.dep_ == "compound" or tok.i in self.entry_at:
            return None
        comps = [c for c in tok.lefts if c.dep_ == "compound"]
        if not comps:
            return None
        title = max((c.i for c in comps if c.lemma_.lower() in PERSON_SECTOR_WORDS
                     or c.lower_ in PERSON_SECTOR_WORDS), default=None)
        if title is None or title + 1 > tok.i:
            return None
        names = self.doc[title + 1:tok.i + 1]
        if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.i not in self.entry_at
                   for t in names) or len(names) > 4:
            return None
        return names

    def _stance(self, i: int) -> bool:
        """The name at token ``i`` follows "anti-" or "pro-"."""
        return i >= 2 and self.doc[i - 1].text == "-" and \
            self.doc[i - 2].lower_ in STANCE_PREFIXES

    def _ethnic(self, i: int) -> bool:
        """The demonym at token ``i`` names an ethnicity: "ethnic Albanians"."""
        return i >= 1 and self.doc[i - 1].lower_ == "ethnic"

    def _residence(self, tok: Token, preps: tuple[str, ...] = ("of", "in")) -> str | None:
        """The country named by an of/in phrase: "Albanians of southern Serbia"."""
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for w in prep.subtree:
                    hit = self.entry_at.get(w.i)
                    if hit and hit[1].kind in ("country", "capital", "place") and \
                            hit[1].country:
                        return hit[1].country
        return None

    def _ethnic_group(self, tok: Token, span: Span, entry: NameEntry) -> ActorRef:
        """"Ethnic Albanians in Serbia" are coded by the country they live in: the one
        their of/in phrase names, else the one other country of the sentence, else the
        people's own."""
        country = self._residence(tok)
        if country is None:
            sent = self.sent_at[tok.i]
            seen = {e.country for i in range(sent.start, sent.end)
                    if (hit := self.entry_at.get(i)) is not None and (e := hit[1]).country
                    and e.kind in ("country", "capital", "place", "metonym")
                    and hit[0] != span}
            country = seen.pop() if len(seen) == 1 else None
        start = span.start_char - len(self.doc[span.start - 1].text_with_ws) \
            if self._ethnic(span.start) else span.start_char
        if country is None:
            return ActorRef(self.text[start:span.end_char], entry.code, entry.country, None,
                            start, span.end_char, kind="group",
                            reason=f"ethnic {entry.phrase!r}: no country of residence found")
        return ActorRef(self.text[start:span.end_char], country, country, None, start,
                        span.end_char, kind="group",
                        reason=f"ethnic {entry.phrase!r} living in {country}")

    def _appos_org(self, head: Token) -> ActorRef | None:
        entries = self._prefix(head, head.i)[0]
        org = next((e for e in entries if e.kind == "org"), None)
        if org is None:
            return None
        return ActorRef(org.phrase, org.code, org.country, org.sector, head.idx,
                        head.idx + len(head.text), kind="group",
                        reason=f"title of organisation {org.phrase!r}")
