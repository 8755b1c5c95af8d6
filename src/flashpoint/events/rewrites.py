"""Rules that add or rewrite events once the patterns have matched.

Statements and requests are read through what they announce or ask for ("threatened to
hold a strike" is one threat, 133; "called on Iraq to return the property" is 0253);
reactions reverse the roles of a plain verb ("drew condemnation from Y"); orders are
carried out by the one who gives them; "X said Y must …" is X's demand even when the act
asked for has no pattern of its own.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from flashpoint.actors.model import ActorRef
from flashpoint.events.model import CodedEvent
from flashpoint.events.modes import event_mode, reported_by
from flashpoint.events.participants import ParticipantFinder, _is_complement
from flashpoint.events.patterns import Pattern
from flashpoint.ontology import Ontology

# "X said Y must/should …": X demands of / appeals to Y (provenance for these events)
REPORTED_DEMAND = Pattern("reported.must.100", "100", ("must",), False, frozenset(),
                          frozenset(), frozenset(), "", "coder rule: reported 'must'", 0)
REPORTED_APPEAL = Pattern("reported.should.020", "020", ("should",), False, frozenset(),
                          frozenset(), frozenset(), "", "coder rule: reported 'should'", 0)
# "ordered the diplomat to leave the country": an expulsion by the one who orders
ORDERED_OUT = Pattern("ordered.leave.174", "174", ("order",), False, frozenset(),
                      frozenset(), frozenset(), "", "coder rule: ordered to leave", 0)
ORDERED_TO = Pattern("ordered.to.100", "100", ("order",), False, frozenset(),
                     frozenset(), frozenset(), "", "coder rule: ordered another to act", 0)
ORDER_VERBS = frozenset({"order", "instruct", "direct", "command", "force", "compel"})
LEAVE_VERBS = frozenset({"leave", "quit", "depart", "exit"})
# "X's missile test drew condemnation from Washington": the criticism is Washington's
REACTION = Pattern("drew.criticism.111", "111", ("draw",), False, frozenset(),
                   frozenset(), frozenset(), "", "coder rule: an act drew criticism from", 0)
REACTION_VERBS = frozenset({"draw", "attract", "prompt", "spark", "trigger", "provoke",
                            "earn", "bring", "meet"})
REACTION_NOUNS = frozenset({"condemnation", "criticism", "censure", "rebuke", "denunciation",
                            "outrage", "reprimand", "protest", "objection"})

# "X wants Y to …": an appeal to Y
WANTING_VERBS = frozenset({"want", "wish", "like", "prefer"})
# generic statements that take the code of the act they announce
GENERIC_STATEMENTS = frozenset({"030", "130"})
# generic requests that take the code of what they ask for (ontology/request.txt)
GENERIC_REQUESTS = frozenset({"020", "100"})
# nouns whose that-clause reports what their issuer said: "a reminder that Iraq must"
SPEECH_NOUNS = frozenset({"reminder", "warning", "statement", "message", "declaration",
                          "communique", "communiqué", "resolution", "demand", "ultimatum",
                          "note", "letter", "insistence", "assertion", "reiteration"})


# violence by these is a violent protest (145), not an assault
PROTESTER_WORDS = frozenset({"protester", "protestor", "demonstrator", "rioter", "marcher",
                             "mob", "crowd", "stone-thrower", "youth", "student"})
# protest codes with purpose sub-codes (1411-1454), and the purpose of a demand
PROTEST_PURPOSE_BASES = frozenset({"141", "142", "143", "144", "145"})
PURPOSE_DIGITS = {"1041": "1", "1042": "2", "1043": "3", "1044": "4", "104": "4"}


# "insisted that Turkey abolish …": a subjunctive after these is a demand
INSISTING_VERBS = frozenset({"insist", "stipulate"})  # "demand" has patterns of its own


def _insisted(tok: Token) -> bool:
    return tok.dep_ == "ccomp" and tok.tag_ == "VB" and \
        tok.head.lemma_.lower() in INSISTING_VERBS and \
        not any(c.dep_ == "aux" for c in tok.children) and \
        any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


class EventRewrites(ParticipantFinder):
    """The event coder's rules after matching (mixed into ``EventCoder``)."""

    ontology: Ontology

    def _reactions(self, doc: Doc, events: list[CodedEvent], actor_at: dict[int, ActorRef],
                   sents: list, sent_of: dict[int, int]) -> list[CodedEvent]:
        """"Iran's missile test drew condemnation from Washington": Washington criticises
        Iran (111); the roles are the other way round from a plain verb's."""
        out = []
        for tok in doc:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in REACTION_VERBS:
                continue
            obj = next((c for c in tok.children if c.dep_ == "dobj"
                        and c.lemma_.lower() in REACTION_NOUNS), None)
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if obj is None or subj is None:
                continue
            critics = [r for h in (tok, obj) for pr in h.children if pr.dep_ == "prep"
                       and pr.lower_ == "from" for g in pr.children
                       if (r := self._actor(g, actor_at, inside=True)) is not None and r.code]
            if not critics:
                continue
            acted = next((e.source for e in events if e.trigger.i == subj.i and e.source),
                         None) or self._actor(subj, actor_at, inside=True)
            if acted is None or not acted.code:
                continue
            mode, why = event_mode(tok)
            sent = sents[sent_of[tok.i]]
            for critic in critics:
                if critic.code == acted.code:
                    continue
                out.append(CodedEvent(sent_of[tok.i], sent.start_char, sent.end_char, tok,
                                      REACTION, critic, acted, mode,
                                      why + f"; {subj.text!r} drew {obj.text!r} from "
                                            f"{critic.text!r}", [tok, obj], reported_by(tok)))
        return out

    def _orders(self, doc: Doc, events: list[CodedEvent], actor_at: dict[int, ActorRef],
                sents: list, sent_of: dict[int, int]) -> list[CodedEvent]:
        """An order is carried out by the one who gives it: "Putin ordered troops to
        withdraw" is Russia withdrawing; "ordered the newspaper to suspend publication" is
        the restriction imposed on it; "ordered the diplomat to leave" is an expulsion."""
        out: list[CodedEvent] = []
        for e in events:
            gov = e.trigger.head
            if e.mode != "desired" or e.trigger.dep_ not in ("xcomp", "ccomp", "advcl") or \
                    gov.lemma_.lower() not in ORDER_VERBS or e.source is None:
                out.append(e)
                continue
            boss = next(iter(self._sources(gov, actor_at)), None)
            if boss is None or not boss.code:
                out.append(e)
                continue
            ordered = e.source
            mode, why = event_mode(gov)
            forces = ordered.sector in (None, "MIL", "COP", "GOV", "SPY")
            if ordered.code == boss.code or (forces and ordered.country in (
                    None, boss.country)):
                # their own troops or officials: the act is the one who orders it
                e.source, e.mode = boss, mode
                e.mode_reason = why + f"; ordered by {boss.text!r}"
            elif e.cameo[:2] in ("16", "17"):
                # a restriction imposed on the one ordered
                e.source, e.target, e.mode = boss, ordered, mode
                e.mode_reason = why + f"; imposed on {ordered.text!r} by order"
            elif ordered.code != boss.code:
                # "the UN ordered the rebels to withdraw": a demand on them (1056)
                code = self.ontology.request_code(e.cameo, demand=True)
                out.append(CodedEvent(e.sentence_index, e.sentence_start, e.sentence_end,
                                      gov, ORDERED_TO, boss, ordered, mode,
                                      why + f"; {ordered.text!r} ordered to act "
                                            f"({e.pattern.id}): a demand",
                                      [gov, e.trigger], reported_by(gov), code))
            out.append(e)
        triggers = {e.trigger.i for e in out}
        for tok in doc:
            if tok.lemma_.lower() not in LEAVE_VERBS or tok.i in triggers or \
                    tok.head.i in triggers or tok.dep_ != "xcomp" or \
                    tok.head.lemma_.lower() not in ORDER_VERBS:
                continue
            obj = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
            ordered = self._actor(obj, actor_at, inside=False) if obj is not None else None
            boss = next(iter(self._sources(tok.head, actor_at)), None)
            if ordered is None or boss is None or not ordered.code or not boss.code or \
                    ordered.country == boss.country:
                continue
            mode, why = event_mode(tok.head)
            sent = sents[sent_of[tok.i]]
            out.append(CodedEvent(sent_of[tok.i], sent.start_char, sent.end_char, tok.head,
                                  ORDERED_OUT, boss, ordered, mode,
                                  why + f"; {ordered.text!r} ordered to leave: expelled",
                                  [tok.head, tok], reported_by(tok.head)))
        return out

    def _bare_requests(self, doc: Doc, events: list[CodedEvent],
                       actor_at: dict[int, ActorRef], sents: list, sent_of: dict[int, int]
                       ) -> list[CodedEvent]:
        """"The EU said Turkey must improve its human rights record": a demand (100) or,
        with "should", an appeal (020), even when the act asked for has no pattern."""
        out = []
        triggers = {e.trigger.i for e in events}
        for tok in doc:
            if tok.i in triggers or tok.pos_ not in ("VERB", "AUX"):
                continue
            modal = {c.lower_ for c in tok.children if c.dep_ == "aux"}
            if not (modal & {"must", "should", "ought"} or _insisted(tok)) or any(
                    c.dep_ == "neg" for c in tok.children):
                continue
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            ref = self._actor(subj, actor_at, inside=False) if subj is not None else None
            if ref is None or not ref.code:
                continue
            found = self._reported_demand(tok, "desired", reported_by(tok), [ref], actor_at)
            if found is None:
                continue
            speaker, kind, speech = found
            sent = sents[sent_of[tok.i]]
            out.append(CodedEvent(sent_of[tok.i], sent.start_char, sent.end_char, tok, kind,
                                  speaker, ref, "asserted",
                                  f"{speech.text!r}: {ref.text!r} "
                                  f"{'must' if kind is REPORTED_DEMAND else 'should'} act: a "
                                  "demand or appeal", [speech, tok], None, kind.cameo))
        return out

    def _protests(self, events: list[CodedEvent]) -> list[CodedEvent]:
        """Violence by protesters is a violent protest ("protesters clashed with police",
        145); a protest held "to demand" something takes the purpose's sub-code ("marched
        to demand the prime minister's resignation", 1411) instead of a separate demand."""
        at: dict[int, list[CodedEvent]] = {}
        for e in events:
            at.setdefault(e.trigger.i, []).append(e)
        dropped: set[int] = set()
        for e in events:
            if e.cameo[:2] in ("18", "19") or e.cameo == "1712":
                words = (e.source.text.split() or [""])[-1].lower() if e.source else ""
                if words.rstrip("s") in PROTESTER_WORDS or words in PROTESTER_WORDS:
                    e.mode_reason += f"; done by {e.source.text!r}: a violent protest (145)"
                    e.cameo = "145"
            if e.cameo not in PROTEST_PURPOSE_BASES:
                continue
            for c in e.trigger.children:
                if c.dep_ not in ("advcl", "xcomp", "conj"):
                    continue
                inner = next((x for x in at.get(c.i, []) if x.cameo[:3] in ("104", "083")
                              and id(x) not in dropped and x.source is not None
                              and e.source is not None and x.source.code == e.source.code),
                             None)
                digit = PURPOSE_DIGITS.get(inner.cameo) if inner is not None else None
                if inner is None or digit is None:
                    continue
                dropped.add(id(inner))
                e.mode_reason += f"; held to demand ({inner.pattern.id})"
                e.cameo = e.cameo + digit
                if inner.target is not None:
                    e.target = inner.target
                break
        return [e for e in events if id(e) not in dropped]

    def _merge_statements(self, events: list[CodedEvent]) -> list[CodedEvent]:
        """"Threatened to hold a general strike", "expressed willingness to ease
        sanctions": a generic threat or intent and the act it announces are one event,
        coded with the act's statement code (133, 0354) and the statement's mode."""
        at: dict[int, list[CodedEvent]] = {}
        for e in events:
            at.setdefault(e.trigger.i, []).append(e)
        merged: set[int] = set()
        for e in events:
            if e.cameo in GENERIC_REQUESTS:
                self._refine_request(e, at)
            if e.cameo not in GENERIC_STATEMENTS or id(e) in merged:
                continue
            heads = [e.trigger, *[t for t in e.matched[1:] if t.pos_ == "NOUN"]]
            for c in (c for h in heads for c in h.children):
                if not (_is_complement(c) or (c.dep_ == "acl" and any(
                        a.dep_ == "aux" and a.lower_ == "to" for a in c.children))):
                    continue
                inner = next((x for x in at.get(c.i, []) if x is not e and id(x) not in merged
                              and self._announced(x.cameo, e.cameo) is not None
                              and (x.source is None or e.source is None
                                   or x.source.code == e.source.code)), None)
                if inner is None:
                    continue
                merged.add(id(inner))
                e.mode_reason += f"; the announced act ({inner.pattern.id}) gives the code"
                e.cameo = self._announced(inner.cameo, e.cameo) or e.cameo
                e.matched = [*e.matched, *inner.matched]
                if inner.target is not None:
                    e.target = inner.target
                break
        return [e for e in events if id(e) not in merged]

    def _refine_request(self, e: CodedEvent, at: dict[int, list[CodedEvent]]) -> None:
        """"Called on Iraq to return the stolen property": a generic appeal or demand
        takes the code of what it asks for (0253); calling on others to mobilise against
        someone is rallying opposition (113). The act asked for stays, as desired."""
        heads = [e.trigger, *[t for t in e.matched[1:] if t.pos_ == "NOUN"]]
        for c in (c for h in heads for c in h.children):
            if not (_is_complement(c) or c.dep_ in ("acl", "advcl", "xcomp")):
                continue
            inner = next((x for cc in (c, *c.conjuncts) for x in at.get(cc.i, [])
                          if x is not e and x.mode == "desired"), None)
            if inner is None:
                continue
            if inner.cameo == "113":
                code = "113"
                if inner.target is not None:
                    e.target = inner.target
            else:
                code = self.ontology.request_code(inner.cameo, demand=e.cameo == "100")
            if code != e.cameo:
                e.mode_reason += f"; what is asked for ({inner.pattern.id}) gives {code}"
                e.cameo = code
            if e.target is None and inner.source is not None and e.source is not None \
                    and inner.source.code != e.source.code:
                e.target = inner.source
            return

    def _announced(self, act: str, statement: str) -> str | None:
        """The code of ``statement`` (030, 130) made specific by the act it announces."""
        code = act if act[:2] == statement[:2] else self.ontology.intent_code(act)
        return code if code is not None and code[:2] == statement[:2] and \
            code != statement else None

    def _reported_demand(self, tok: Token, mode: str, speech: Token | None,
                         sources: list[ActorRef], actor_at: dict[int, ActorRef]
                         ) -> tuple[ActorRef, Pattern, Token] | None:
        """"Straw said the Sudanese government must reach an agreement": the speaker
        demands (must) or appeals (should) that the subject act."""
        if mode != "desired":
            return None
        if speech is None and tok.dep_ in ("acl", "ccomp") and \
                tok.head.lemma_.lower() in SPEECH_NOUNS and tok.head.head.pos_ == "VERB":
            # "issued a stern reminder to Iraq that it must cooperate": the issuer demands
            speech = tok.head.head
        modal = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if tok.dep_ in ("ccomp", "xcomp") and \
                tok.head.lemma_.lower() in WANTING_VERBS and any(
                    c.dep_ in ("nsubj", "dobj") for c in tok.children):
            # "Sharon wants Germany to pay more compensation": an appeal to Germany
            speech, modal = tok.head, modal | {"should"}
        if _insisted(tok):
            # "The EU insisted that Turkey abolish the death penalty": a demand
            speech, modal = tok.head, modal | {"must"}
        if speech is None:
            return None
        kind = REPORTED_DEMAND if modal & {"must"} else REPORTED_APPEAL if modal & {
            "should", "ought"} else None
        subj = next((c for c in speech.children if c.dep_ == "nsubj"), None)
        if kind is None or subj is None:
            return None
        speaker = self._actor(subj, actor_at, inside=True)
        if speaker is None or not speaker.code or any(
                speaker.code == s.code for s in sources):
            return None
        return speaker, kind, speech

