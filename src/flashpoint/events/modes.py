"""Modality of an event: asserted, negated, hypothetical, future or desired.

Analysts count asserted events; the rest are kept and labelled, never silently
promoted to facts (the classic over-coding of PETRARCH-era coders).
"""

from __future__ import annotations

from spacy.tokens import Token

HYPOTHETICAL_MODALS = frozenset({"could", "would", "might", "may", "can", "'d", "ca"})
DESIRED_MODALS = frozenset({"should", "must", "ought"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
# a verb governing an open complement gives it a mode: "refused to attack" (negated) …
NEGATING_GOVERNORS = frozenset({"refuse", "decline", "fail", "deny", "reject", "avoid",
                                "stop", "cease", "halt", "abandon", "oppose", "rule"})
FUTURE_GOVERNORS = frozenset({"plan", "intend", "aim", "prepare", "expect", "schedule",
                              "vow", "pledge", "promise", "agree", "decide", "set", "go",
                              "threaten", "offer", "move", "resolve", "willing",
                              "ready", "prepared", "determined", "eager", "committed",
                              "likely", "due", "poised", "about", "volunteer", "undertake",
                              "commit", "swear", "guarantee", "keen", "anxious",
                              "interested", "dedicate", "dedicated", "devote", "devoted",
                              "look"})
# "committed to working with", "dedicated to rebuilding": an -ing intent after "to"
COMMITTED_TO = frozenset({"commit", "committed", "dedicate", "dedicated", "devote",
                          "devoted", "pledge", "look"})
DESIRED_GOVERNORS = frozenset({"urge", "call", "demand", "ask", "want", "hope", "hop", "wish",
                               "appeal", "press", "push", "request", "encourage", "insist",
                               "recommend", "propose", "suggest", "implore", "beg",
                               "advise", "order", "tell", "invite", "need"})
# these make their complement desired only as "told X to …", not "was told that …"
XCOMP_ONLY_DESIRED = frozenset({"tell", "ask", "order", "insist", "suggest", "propose"})
INTENT_NOUNS = frozenset({"pledge", "promise", "offer", "plan", "proposal", "threat",
                          "vow", "commitment", "readiness", "willingness", "intention", "bid",
                          "undertaking"})
APPEAL_NOUNS = frozenset({"invitation", "call", "appeal", "request", "demand", "plea",
                          "ultimatum", "order"})
HYPOTHETICAL_GOVERNORS = frozenset({"try", "attempt", "consider", "weigh", "threaten", "seek",
                                    "struggle", "strive", "endeavour", "endeavor"})
SPEECH_VERBS = frozenset({"say", "tell", "state", "announce", "claim", "declare", "add",
                          "insist", "warn", "write", "report", "note", "argue", "stress",
                          "confirm", "explain", "acknowledge", "assert", "allege", "reiterate",
                          "emphasise", "emphasize", "tweet", "post"})
_CLIMB = frozenset({"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "pcomp", "pobj",
                    "prep", "dobj"})
_TO_ADVCL_GOVERNORS = frozenset({"call", "appeal", "urge", "press", "push", "ask"})


def _own_mode(tok: Token) -> str | None:
    children = list(tok.children)
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in children):
        return "negated"
    if any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and any(
            d.dep_ == "det" and d.lower_ in ("no", "neither") for d in c.children)
           for c in children):
        return "negated"  # "ceded no ground", "no country has recognised"
    auxes = [c.lower_ for c in children if c.dep_ in ("aux", "auxpass")]
    if any(a in HYPOTHETICAL_MODALS for a in auxes):
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ == "unless" for c in children):
        return "desired"  # "… unless Ukraine stops attacking": what the threat demands
    if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in children):
        return "hypothetical"
    if any(a in DESIRED_MODALS for a in auxes):
        return "desired"
    if any(a in FUTURE_MODALS for a in auxes):
        return "future"
    return None


def event_mode(verb: Token) -> tuple[str, str]:
    """(mode, reason) for the event whose trigger is ``verb``."""
    tok = verb
    pending: tuple[str, str] | None = None  # a future or desired marker, until a governor
    for _ in range(8):
        own = _own_mode(tok)
        if own == "hypothetical" and _reported_would(tok):
            own, why = "future", f"'would' in reported speech ({tok.text!r})"
        else:
            why = f"{own} by {tok.text!r}'s own markers"
        if own in ("negated", "hypothetical"):
            return own, why
        if own is not None and pending is None:
            # "hopes that Russia will withdraw": the governor may still make it desired
            pending = (own, why)
        dep, gov = tok.dep_, tok.head
        if gov is tok or dep not in _CLIMB:
            break
        lemma = gov.lemma_.lower()
        if dep == "conj":  # coordinated verbs share their first verb's auxiliaries
            tok = gov
            continue
        if dep in ("xcomp", "ccomp", "advcl", "pcomp", "pobj", "prep", "dobj", "acl"):
            if dep == "xcomp" and lemma == "go" and gov.tag_ == "VBG":
                return "future", "going to"
            if lemma in NEGATING_GOVERNORS and dep in ("xcomp", "dobj", "pcomp", "pobj", "prep"):
                return "negated", f"complement of {gov.text!r}"
            if lemma in ("deny", "dismiss", "refute", "reject") and dep == "ccomp":
                return "negated", f"denied by {gov.text!r}"  # "denied it had shelled …"
            if lemma in DESIRED_GOVERNORS and dep == "ccomp" and tok.tag_ == "VB" and not any(
                    c.dep_ == "aux" for c in tok.children):
                # "insisted that Turkey withdraw": a subjunctive is the demand's content
                return "desired", f"content of {gov.text!r} (subjunctive)"
            if lemma in DESIRED_GOVERNORS and (dep == "xcomp" or lemma not in
                                                XCOMP_ONLY_DESIRED) and (
                    dep != "advcl" or lemma in _TO_ADVCL_GOVERNORS):
                return "desired", f"content of {gov.text!r}"
            if dep == "acl" and gov.pos_ == "NOUN" and lemma in INTENT_NOUNS:
                return "future", f"intent: {gov.text!r} to act"  # "Cuba's pledge to withdraw"
            if dep == "acl" and gov.pos_ == "NOUN" and lemma in APPEAL_NOUNS:
                return "desired", f"content of {gov.text!r}"  # "an invitation to visit"
            if pending is not None:
                return pending
            if lemma in HYPOTHETICAL_GOVERNORS and dep == "xcomp":
                return "hypothetical", f"complement of {gov.text!r}"
            if lemma in FUTURE_GOVERNORS and (dep == "xcomp" or (
                    dep == "prep" and tok.lower_ == "to" and gov.lemma_.lower() in
                    COMMITTED_TO)):  # "is committed to opening up the economy"
                gov_own = _own_mode(gov)
                if gov_own == "negated":
                    return "negated", f"negated {gov.text!r}"
                return "future", f"intent: complement of {gov.text!r}"
        if dep in ("relcl", "acl"):
            break
        tok = gov
    if pending is not None:
        return pending
    return "asserted", "no negation, modal, condition or governing verb"


def _reported_would(tok: Token) -> bool:
    """"NATO confirmed it would tighten the blockade": future in the past, not a hypothesis."""
    auxes = {c.lower_ for c in tok.children if c.dep_ == "aux"}
    if not auxes & {"would", "'d"} or any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS
                                           for c in tok.children):
        return False
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH_VERBS | {
        "confirm", "announce", "decide", "agree", "promise", "pledge", "vow", "indicate"}


def is_conditional(verb: Token, marks: tuple[str, ...] = ("if", "unless")) -> bool:
    """The act is made to depend on a condition: "will withdraw unless …", "may halt … if …"."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks
                                         for m in c.children) for c in verb.children)


def is_refusal(verb: Token) -> bool:
    """The act is announced as not going to happen: "will not send", "would never sign",
    "won't release"."""
    tok = verb
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head  # coordinated verbs share their first verb's auxiliaries
    kids = list(tok.children)
    return any(c.dep_ == "neg" for c in kids) and any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall", "'ll")
        for c in kids)


def reported_by(verb: Token) -> Token | None:
    """The speech verb whose clausal complement holds ``verb`` ("X said Y attacked")."""
    tok = verb
    for _ in range(8):
        dep, gov = tok.dep_, tok.head
        if gov is tok:
            return None
        if dep == "ccomp" and gov.lemma_.lower() in SPEECH_VERBS:
            return gov
        if dep in ("conj", "xcomp", "ccomp", "advcl"):
            tok = gov
            continue
        return None
    return None
