"""The target of an act that names none in its object or target phrase: the nearest
other actor in the act's own clause — its complements, conditions and places — never its
subject, an attribution or an "after …" aside; and the source's own people moved "from X"
pointing at X."""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.actors.dictionary import NON_STATE
from flashpoint.actors.model import ActorRef

POSSESSIVES = ("its", "their", "his", "her", "our", "Its", "Their", "His", "Her", "Our")
TIME_ENTS = frozenset({"DATE", "TIME"})
SPEECH_LEMMAS = frozenset({"say", "tell", "announce", "state", "declare", "report",
                           "claim", "add", "note", "insist", "stress", "assert"})
# parts of a clause that name its actor or frame it, not whom the act is aimed at
ASIDE_DEPS = frozenset({"csubj", "punct", "cc", "mark", "parataxis", "appos", "aux",
                        "auxpass", "neg", "expl", "intj", "prt", "det"})
# the event's own subject and its owner are its source, not its target
OWN_DEPS = frozenset({"nsubj", "poss"})
# subordinate clauses and phrases about another moment or reason ("after …", "despite …")
ASIDE_MARKS = frozenset({"after", "before", "since", "because", "as", "when", "while",
                         "although", "though", "whereas", "once", "until", "whether"})
ASIDE_PREPS = frozenset({"after", "before", "since", "during", "despite", "amid", "amidst",
                         "following", "according", "like", "unlike", "besides", "than",
                         "as", "except", "including"})
LOCATIVE_PREPS = frozenset({"in", "inside", "at", "near", "into", "across", "throughout",
                            "within", "around", "outside", "onto"})


class ClauseTargets:
    """Clause-level target finding (mixed into ``ParticipantFinder``)."""

    @staticmethod
    def _as_place(ref: ActorRef, tok: Token) -> ActorRef:
        """A capital named as the place of an act ("a curfew in Algiers") is the country,
        not its government."""
        if ref.kind != "state" or not ref.country or not ref.reason.startswith("capital") \
                or tok.head.lower_ not in LOCATIVE_PREPS:
            return ref
        return ActorRef(ref.text, ref.country, ref.country, None, ref.start, ref.end,
                        kind="state", reason=ref.reason + "; the place of the act")

    def _clause_target(self, verb: Token, sources: list[ActorRef],
                       actor_at: dict[int, ActorRef]) -> ActorRef | None:
        """The nearest other actor in the event's own clause when no object or target
        phrase names one: "threatened to impose a curfew in Algiers", "refused to commit
        troops to the US-led war", "threatened to quit the talks if the United States …".
        Subjects, attributions and clauses about another moment ("after …") are skipped."""
        own = {s.code for s in sources}
        spans = [(s.start, s.end) for s in sources]
        speech = verb.lemma_.lower() in SPEECH_LEMMAS
        level = [c for c in verb.children if self._aims(c, speech) and c.dep_ not in OWN_DEPS]
        while level:
            found = []
            for tok in level:
                ref = actor_at.get(tok.i)
                if ref is not None:
                    ref = self._as_place(ref, tok)
                if ref is not None and ref.code and ref.code not in own and (
                        ref.country or ref.code[:3] in NON_STATE) and \
                        not ref.reason.startswith("pronoun") and \
                        not any(a <= ref.start < b for a, b in spans):
                    found.append((tok.i, ref))
            if found:
                return min(found, key=lambda f: f[0])[1]
            level = [c for tok in level for c in tok.children if self._aims(c, False)]
        return None

    @staticmethod
    def _own_side(tgt: ActorRef, sources: list[ActorRef]) -> bool:
        """A target that is the source's own people: "their troops", UN "inspectors"."""
        if tgt.country is None and tgt.code == tgt.sector and tgt.sector in ("MIL", "COP"):
            return True  # "refused to send troops to …": the sender's own
        for src in sources:
            if tgt.country and tgt.country == src.country and any(
                    f"from {p!r} →" in tgt.reason for p in POSSESSIVES):
                return True
            if tgt.country is None and tgt.code in NON_STATE and src.code and \
                    src.code.startswith(tgt.code):
                return True
        return False

    @staticmethod
    def _aims(tok: Token, speech: bool) -> bool:
        """Whether the phrase at ``tok`` can hold the act's target."""
        if tok.dep_ in ASIDE_DEPS or (speech and tok.dep_ == "ccomp"):
            return False
        if tok.dep_ == "prep" and (tok.lower_ in ASIDE_PREPS or tok.ent_type_ in TIME_ENTS):
            return False
        if tok.dep_ in ("advcl", "ccomp", "relcl") and any(
                c.dep_ == "mark" and c.lower_ in ASIDE_MARKS for c in tok.children):
            return False
        return tok.ent_type_ not in TIME_ENTS

