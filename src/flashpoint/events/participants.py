"""Who did it and to whom: the source and target of a matched event, from the parse.

Subjects (through coordination, control, relative clauses, passives and datelines),
objects, prepositional targets, addressees of demands, event anaphora, and the actors
named by the sentence when a phrase names only a sector.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flashpoint.actors.model import ActorRef, make_code
from flashpoint.events.clause_targets import TIME_ENTS, ClauseTargets
from flashpoint.events.model import CodedEvent
from flashpoint.events.patterns import Pattern, PatternSet

OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd", "dative", "acomp")
# an object that only measures the real one: "thousands of troops", "a package of aid"
QUANTITY_NOUNS = frozenset({"ton", "tonne", "thousand", "hundred", "million", "billion",
                            "dozen", "number", "series", "package", "round", "wave", "batch",
                            "lot", "amount", "set", "range", "kg", "kilogram", "shipment",
                            "consignment", "convoy", "plenty", "host", "string", "volley",
                            "barrage", "salvo", "fresh", "new"})
# governors whose object is the understood subject of their complement ("urged Iran to halt")
OBJECT_CONTROL = frozenset({"urge", "call", "ask", "force", "press", "persuade", "order",
                            "tell", "allow", "permit", "compel", "encourage", "invite",
                            "push", "help", "require", "warn"})

# event nouns whose of-phrase names who acts, not who undergoes it
AGENT_OF_NOUNS = frozenset({"withdrawal", "pullout", "pull-out", "pullback", "retreat",
                            "arrival", "departure", "return", "redeployment", "advance",
                            "incursion", "visit", "walkout", "surrender", "mobilization",
                            "mobilisation", "intervention", "protest", "strike"})
# heads that only frame their modifier: "mediation efforts", "the peace process"
GENERIC_HEADS = frozenset({"effort", "process", "mission", "bid", "initiative", "programme",
                           "program", "operation", "activity", "work"})
# violence reported in the passive with coded victims but no perpetrator is still coded
UNATTRIBUTED_ROOTS = frozenset({"18", "19", "20"})
# passives that describe the subject's own plan or stance, not something done to it
STATIVE_PASSIVES = frozenset({"commit", "schedule", "set", "expect", "poise", "prepare",
                              "determine", "dedicate", "oblige", "obligate", "bind",
                              "resolve", "engage", "involve"})
# verbs that only carry an event noun: its subject is the event's source
LIGHT_GOVERNORS = frozenset({"go", "take", "engage", "remain", "stay", "stage", "hold",
                             "begin", "start", "continue", "resume", "join", "participate",
                             "be", "keep", "put", "mount", "carry", "conduct", "wage", "step",
                             "announce", "declare", "order", "call", "end", "undertake"})
# a head that only counts or picks out members of the real actor, named in its "of" phrase
PART_NOUNS = QUANTITY_NOUNS | frozenset({"member", "group", "some", "many", "most", "part",
                                          "one", "dozen", "score", "hundred", "thousand",
                                          "ten", "tens", "majority", "minority", "third",
                                          "half", "quarter", "section", "faction", "contingent",
                                          "unit", "team", "delegation", "band", "crowd",
                                          "message", "letter", "telegram", "expression",
                                          "gesture", "word", "note", "campaign", "spate",
                                          "flurry", "outbreak"})
# military craft only: "a Russian cargo plane crashed, killing the crew" is no attack
CRAFT_NOUNS = frozenset({"warplane", "fighter", "bomber", "gunship", "drone", "warship",
                         "aircraft", "jet", "submarine", "tank", "gunboat", "destroyer",
                         "frigate"})
# "went on strike", "took part in a protest", "took to the streets" — not "after clashes"
LIGHT_PREPS = frozenset({"on", "in", "into", "to"})
# gerunds after these prepositions share the main clause's subject
TIME_PREPS = frozenset({"after", "before", "while", "since", "upon", "on", "by", "in",
                        "without", "when"})
# "resorted to throwing stones", "turned to shelling": the subject does the -ing act
RESORT_VERBS = frozenset({"resort", "turn", "proceed", "switch", "revert", "return", "move",
                          "graduate", "escalate", "stoop", "take", "commit", "dedicate",
                          "devote", "pledge", "look"})
# verbs whose "of/against/from + -ing" complement is alleged or warned against, not done
ALLEGING_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "allege", "condemn",
                            "criticize", "criticise", "denounce", "warn", "caution", "prevent",
                            "stop", "bar", "ban", "prohibit", "deter", "dissuade",
                            "discourage", "acquit", "convict", "indict", "arrest", "sentence"})
FIRST_PERSON = frozenset({"we", "i", "us", "our", "me", "my"})
TARGET_PREPS = frozenset({"to", "with", "against", "on", "upon", "toward", "towards", "at",
                          "into", "from"})


def _is_complement(tok: Token) -> bool:
    """An open clausal complement, including "called on X to halt" parsed as advcl."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ in ("xcomp", "ccomp"):
        return True
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                       for c in tok.children)


def _object_words(tok: Token) -> set[str]:
    """An object's lemma and form, and with each modifier: "joint exercise"."""
    words = {tok.lemma_.lower(), tok.lower_}
    for m in tok.children:
        if m.dep_ in ("amod", "compound", "nmod"):
            words.add(f"{m.lemma_.lower()} {tok.lemma_.lower()}")
            if tok.lemma_.lower() in GENERIC_HEADS and m.dep_ == "compound":
                words.add(m.lemma_.lower())  # "mediation efforts" are mediation
    return words


def _by_phrase(verb: Token) -> list[Token]:
    """A passive's agent attached lower down: "recognized as a state by Spain"."""
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for pobj in prep.children:
            for by in pobj.children:
                if by.dep_ in ("prep", "agent") and by.lower_ == "by":
                    return [p for p in by.children if p.dep_ == "pobj"]
    return []


# events two or more coordinated subjects do to each other ("X and Y signed a treaty")
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})
RECIPROCAL_VERBS = frozenset({"clash", "fight", "fighting", "hostility", "exchange",
                              "skirmish", "trade", "battle",
                              "spar", "feud", "quarrel"})


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


class ParticipantFinder(ClauseTargets):
    """Source and target finding, shared by the event coder's verb and noun patterns."""

    patterns: PatternSet

    @staticmethod
    def _expand(refs: list[ActorRef], doc: Doc) -> list[ActorRef]:
        """Coordinated modifiers name several actors: "Indian and Pakistani soldiers"."""
        alts = doc._.actor_alts or {}
        out: list[ActorRef] = []
        for r in refs:
            for a in alts.get((r.start, r.end), [r]):
                if all(a.code != o.code for o in out):
                    out.append(a)
        return out

    # -- matching --------------------------------------------------------------------------

    @staticmethod
    def _prep_objects(tok: Token, p: Pattern, matched: list[Token],
                      preps: frozenset[str] | None = None) -> list[Token]:
        out = []
        for head in matched:
            for prep in head.children:
                if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in (preps or p.preps):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj" and pobj.ent_type_ not in TIME_ENTS:
                            out.extend(_conjuncts(pobj))
        return out

    # -- actors ----------------------------------------------------------------------------
    def _actor(self, tok: Token, actor_at: dict[int, ActorRef], *, inside: bool
               ) -> ActorRef | None:
        ref = actor_at.get(tok.i)
        if ref is None and tok.lower_ in FIRST_PERSON:
            return self._speaker_of(tok)
        if ref is None and (tok.lemma_.lower() in PART_NOUNS or tok.pos_ == "NUM"):
            # "Thousands of Nigerians", "a member of the Syrian parliament"
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return self._actor(pobj, actor_at, inside=inside)
        if (ref is None and not inside and tok.tag_ in ("NNS", "NNPS")) or (
                ref is None and not inside and tok.lemma_.lower() in CRAFT_NOUNS):
            # "Iraqi Kurds", "Egyptian lawyers", "NATO aircraft": a people or craft named by
            # its country or organisation
            for child in tok.children:
                if child.dep_ in ("amod", "compound", "nmod"):
                    mod = actor_at.get(child.i)
                    if mod is not None and mod.code and mod.kind != "person":
                        return mod
        if ref is not None and ref.country is None and ref.code == ref.sector:
            # "the US-led coalition": a sector noun led by a named actor is that actor's
            led = [g for c in tok.children if c.dep_ == "amod" and c.lemma_.lower() in (
                "lead", "back", "sponsor", "broker", "command") for g in c.children
                   if g.dep_ in ("npadvmod", "compound", "nmod")]
            for g in led:
                owner = actor_at.get(g.i)
                if owner is not None and owner.code and owner.kind != "place":
                    return owner
        if ref is not None or not inside:
            return ref
        # the actor inside a non-actor phrase: "Seoul's offer", "the offer of Seoul"
        mods = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        mods.sort(key=lambda c: c.pos_ == "PRON")  # "his Turkish counterpart": not "his"
        mods += [g for c in list(mods) if c.lemma_.lower() in ("lead", "back", "sponsor",
                                                              "broker", "command")
                 for g in c.children if g.dep_ in ("npadvmod", "compound", "nmod")]
        # the most specific actor among the modifiers: "Lebanese army posts" are the
        # army's (LBNMIL), not just Lebanon's; "the Hiroshima memorial" names a place,
        # not whom it concerns
        found = [r for child in mods if (r := actor_at.get(child.i)) is not None
                 and r.code and r.kind != "place"]
        if found:
            best = max(found, key=lambda r: (r.kind != "person" and r.country is not None
                                             and r.sector is not None, len(r.code or "")))
            land = next((r for r in found if r.country and r.sector is None), None)
            if best.country is None or best.sector is None:
                best = next((r for r in found if r.country is None and r.sector
                             and r.code == r.sector), best)
            if best.country is None and best.sector and best.code == best.sector and \
                    land is not None:
                # "Lebanese army posts": the demonym and the sector modify the same noun
                return ActorRef(best.text, make_code(land.country, best.sector),
                                land.country, best.sector, min(best.start, land.start),
                                max(best.end, land.end), kind=best.kind,
                                reason=best.reason + f"; country {land.country} from "
                                                     f"{land.text!r}")
            return best
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
                for pobj in child.children:
                    ref = actor_at.get(pobj.i)
                    if pobj.dep_ == "pobj" and ref is not None and ref.code:
                        return ref
        return None

    @staticmethod
    def _situate(src: ActorRef, sent: Span, targets: list[ActorRef | None]) -> ActorRef:
        """A source known only by its sector ("students", "police") takes the one country
        the sentence names besides its target's: "students throughout Indonesia"."""
        if src.country is not None or src.sector in (None, "IGO", "NGO") or \
                src.kind == "person" or src.code != src.sector:
            return src  # (a named group with a code of its own keeps it: al-Qaeda)
        avoid = {t.country for t in targets if t is not None}
        seen = {r.country for r in sent.doc._.actors or []
                if r.country and sent.start_char <= r.start < sent.end_char
                and r.country not in avoid}
        if len(seen) != 1:
            return src
        country = seen.pop()
        return ActorRef(src.text, make_code(country, src.sector), country, src.sector,
                        src.start, src.end, name=src.name, kind=src.kind,
                        reason=src.reason + f"; country {country}, the only one in the sentence")

    @staticmethod
    def _situate_target(tgt: ActorRef | None, sent: Span, sources: list[ActorRef]
                        ) -> ActorRef | None:
        """A target known only by its sector ("workers", "refugees") takes the country the
        sentence names apart from the source's, else the source's own."""
        if tgt is None or tgt.country is not None or tgt.sector in (None, "IGO", "NGO") \
                or tgt.code != tgt.sector:
            return tgt
        own = {s.country for s in sources if s.country}
        seen = {r.country for r in sent.doc._.actors or []
                if r.country and sent.start_char <= r.start < sent.end_char}
        others = seen - own
        if len(others) == 1:
            country = others.pop()
        elif not others and len(own) == 1:
            country = next(iter(own))
        else:
            return tgt
        return ActorRef(tgt.text, make_code(country, tgt.sector), country, tgt.sector,
                        tgt.start, tgt.end, name=tgt.name, kind=tgt.kind,
                        reason=tgt.reason + f"; country {country} from the sentence")

    @staticmethod
    def _place(verb: Token, actor_at: dict[int, ActorRef]) -> ActorRef | None:
        """An act done in a named country or capital targets it when nothing else does:
        "demonstrated in Serbia", "eased emergency measures in Montenegro"."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "inside", "across",
                                                          "throughout"):
                continue
            for pobj in prep.children:
                for w in (pobj, *[m for m in pobj.children if m.dep_ in ("compound", "amod")]):
                    ref = actor_at.get(w.i)
                    if ref is not None and ref.kind in ("state", "place") and ref.country:
                        return ParticipantFinder._as_place(ref, w if w is pobj else pobj)
        return None

    @staticmethod
    def _speaker_of(tok: Token) -> ActorRef | None:
        """"We" and "I" inside a direct quote are its speaker."""
        for q in tok.doc._.quotes or []:
            if q.kind == "direct" and q.start <= tok.idx < q.end and q.speaker is not None \
                    and q.speaker.code:
                sp = q.speaker
                return ActorRef(tok.text, sp.code, sp.country, sp.sector, tok.idx,
                                tok.idx + len(tok.text), name=sp.name, kind=sp.kind,
                                reason=f"{tok.text!r} in a quote by {sp.text!r}")
        return None

    def _event_anaphor(self, verb: Token, events: list[CodedEvent], src: ActorRef,
                       sent_start: int) -> ActorRef | None:
        """"Seoul condemned the launch": the actor of the event referred to, when the
        object is a definite event noun and an earlier sentence coded such an event."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or obj.pos_ != "NOUN" or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                for c in obj.children):
            return None
        noun = obj.lemma_.lower()
        if noun not in self.patterns.nouns and not any(
                e.trigger.lemma_.lower() == noun for e in events):
            return None  # "blocked the railway line": not an event referred to
        best: tuple[int, int, ActorRef] | None = None
        for n, e in enumerate(events):
            if e.trigger.i >= sent_start or e.source is None or not e.source.code or \
                    e.source.code == src.code or (src.country and
                                                  e.source.country == src.country):
                continue
            acted = int(e.cameo[:2]) >= 14 or e.trigger.lemma_.lower() == noun
            score = 2 * (e.trigger.lemma_.lower() == noun) + acted if acted else 0
            if score and (best is None or (score, n) >= best[:2]):
                best = (score, n, e.source)
        return best[2] if best is not None else None

    def _sources(self, verb: Token, actor_at: dict[int, ActorRef]) -> list[ActorRef]:
        tok = verb
        active_conj = False  # climbed from an active verb coordinated with this one
        for _ in range(6):
            children = list(tok.children)
            subj = next((c for c in children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in ("who", "which", "that") and \
                    tok.dep_ == "relcl":
                subj = tok.head  # "The Egyptian president, who met …": the antecedent
            if subj is not None and subj.idx < subj.doc.user_data.get("fp_dateline_end", 0):
                # "PRISTINA — Kosovo's Prime Minister Driton Hoxha vowed": the dateline
                # was parsed as the subject and the real one as its apposition
                subj = next((c for c in subj.children if c.dep_ == "appos"), None)
            if subj is not None:
                # an event noun as subject stands for its actor: "Israeli air strikes killed"
                inside = subj.lemma_.lower() in self.patterns.nouns
                return [r for c in _conjuncts(subj)
                        if (r := self._actor(c, actor_at, inside=inside)) is not None]
            if any(c.dep_ == "nsubjpass" for c in children) and active_conj:
                # "the premier has been indicted … and will resign": the one indicted resigns
                return [r for c in children if c.dep_ == "nsubjpass" for cc in _conjuncts(c)
                        if (r := self._actor(cc, actor_at, inside=False)) is not None]
            if any(c.dep_ == "nsubjpass" for c in children):
                agents = [p for c in children if c.dep_ == "agent" for p in c.children
                          if p.dep_ == "pobj"] or _by_phrase(tok)
                if not agents and tok.lemma_.lower() in STATIVE_PASSIVES:
                    # "is committed to", "are scheduled to sign": the subject acts
                    agents = [c for c in children if c.dep_ == "nsubjpass"]
                return [r for a in agents for c in _conjuncts(a)
                        if (r := self._actor(c, actor_at, inside=False)) is not None]
            if tok.dep_ == "relcl":
                r = self._actor(tok.head, actor_at, inside=False)
                return [r] if r is not None else []
            if tok.dep_ == "xcomp" or (_is_complement(tok) and tok.dep_ == "advcl"):
                gov = tok.head
                if gov.lemma_.lower() in OBJECT_CONTROL:
                    obj = next((c for c in gov.children if c.dep_ == "dobj"), None)
                    if obj is not None:
                        return [r for c in _conjuncts(obj)
                                if (r := self._actor(c, actor_at, inside=False)) is not None]
                tok = gov
                continue
            if (tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX")) or (
                    tok.dep_ == "advcl" and tok.head.pos_ in ("VERB", "AUX")
                    and not any(c.dep_ == "mark" for c in children)):
                # "…, saying it would" shares the subject; "when asked, …" does not
                active_conj = tok.dep_ == "conj" and not any(
                    c.dep_ == "auxpass" for c in children)
                tok = tok.head
                continue
            if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.dep_ == "prep" and \
                    tok.head.head.pos_ in ("VERB", "AUX") and (
                        tok.head.lower_ in TIME_PREPS or (
                            tok.head.lower_ == "to"
                            and tok.head.head.lemma_.lower() in RESORT_VERBS)):
                # "After meeting with Reagan, the premier said …", "youths resorted to
                # throwing stones"
                tok = tok.head.head
                continue
            if tok.dep_ in ("acomp", "attr", "oprd") and tok.head.pos_ in ("VERB", "AUX"):
                tok = tok.head  # "said he was ready to meet": ready → was → he
                continue
            if tok.dep_ == "acl" and tok.head.pos_ == "NOUN" and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                # "the Israeli decision to expel …", "Seoul's plan to send aid"
                owner = self._actor(tok.head, actor_at, inside=True)
                if owner is not None and owner.code:
                    return [owner]
                if tok.head.dep_ == "dobj" and tok.head.head.pos_ == "VERB":
                    # "Seoul expressed willingness to ease sanctions": the one expressing
                    tok = tok.head.head
                    continue
            if tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBN") and tok.head.pos_ in (
                    "NOUN", "PROPN") and (tok.head.dep_ == "ROOT"
                                          or tok.lemma_.lower() in RESORT_VERBS):
                # a sentence with no main verb: "Palestinian youths resorted to …" parsed as
                # a noun phrase; the participle is the predicate and the noun its subject
                r = self._actor(tok.head, actor_at, inside=False)
                return [r] if r is not None else []
            if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ in ("dobj", "pobj"):
                # "issued a declaration demanding that …": the issuer demands
                gov = tok.head.head
                if gov.pos_ == "ADP":
                    gov = gov.head
                if gov.pos_ in ("VERB", "AUX"):
                    tok = gov
                    continue
            return []
        return []

    def _targets(self, verb: Token, p: Pattern, matched: list[Token],
                 actor_at: dict[int, ActorRef]) -> list[ActorRef | None]:
        if p.preps:
            objs = self._prep_objects(verb, p, matched)
            refs = [self._actor(o, actor_at, inside=True) for o in objs]
            refs = [r for r in refs if r is not None]
            if refs:
                return list(refs)
        out: list[ActorRef | None] = []
        if p.xcomps:
            # "urged Russia to withdraw", "gave Iraq until January 15 to withdraw": the
            # verb's own object is the target
            for c in verb.children:
                if c.dep_ == "dobj":
                    ref = self._actor(c, actor_at, inside=True)
                    if ref is not None and ref.code:
                        out.append(ref)
            if out:
                return out
        if p.xcomps and matched[-1].dep_ == "ccomp":
            # "demanded that Russia release the sailors": the one asked is the target
            for sc in matched[-1].children:
                if sc.dep_ in ("nsubj", "nsubjpass"):
                    ref = self._actor(sc, actor_at, inside=True)
                    if ref is not None and ref.code and not ref.reason.startswith("pronoun"):
                        return [ref]
        if p.xcomps and _is_complement(matched[-1]):  # "threatened to attack Israel"
            x = matched[-1]
            xp = Pattern(p.id, p.cameo, p.heads, False, frozenset(), frozenset(),
                         frozenset(), "", "", 0)
            found = self._targets(x, xp, [x], actor_at)
            if not found:  # "offered to help Turkey rebuild": Turkey is the clause's subject
                found = [r for c in x.children if c.dep_ in ("ccomp", "xcomp")
                         for sc in c.children if sc.dep_ == "nsubj"
                         if (r := self._actor(sc, actor_at, inside=True)) is not None]
            if found:
                return found
        children = list(verb.children)
        if not any(c.dep_ == "dobj" for c in children):
            children += [o for cj in verb.children if cj.dep_ == "conj" and cj.pos_ == "VERB"
                         for o in cj.children if o.dep_ == "dobj"]
        passive = any(c.dep_ == "nsubjpass" for c in children)
        deps = ("nsubjpass",) if passive else ("dobj", "dative")
        if p.objects:
            # the light verb's object is the event; its owner is the target ("Seoul's offer")
            deps = ("dative", "nsubjpass") if passive else ("dative",)  # "was shot dead"
            obj = next((t for t in matched[1:] if t.dep_ not in ("prt", "prep", "advmod",
                                                                  "xcomp", "ccomp")), None)
            wrapped = obj is not None and obj.dep_ == "pobj" and obj.head.lower_ in (
                "of", "in") and obj.head.head.dep_ == "dobj" and obj.head.head.head == verb
            if obj is not None and obj.dep_ == "ccomp":
                # "found an American journalist guilty": the small clause's subject
                for sc in obj.children:
                    ref = self._actor(sc, actor_at, inside=True) if sc.dep_ == "nsubj" \
                        else None
                    if ref is not None and ref.code:
                        out.append(ref)
            if obj is not None and obj.dep_ in ("pobj", "oprd", "acomp", "attr") and \
                    not wrapped:
                # "warned Israel of a crushing response": the object came through the
                # particle; "found the journalist guilty": through a predicate. Either way
                # the verb's own object is the target ("was shot dead": its subject). Not
                # "fired dozens of artillery shells": there the object is only counted
                deps = ("dative", "nsubjpass") if passive else ("dative", "dobj")
            if obj is not None and obj.dep_ not in ("nsubjpass", "pobj"):
                ref = self._actor(obj, actor_at, inside=True)
                if ref is not None and ref.code:
                    out.append(ref)
        for c in children:
            if c.dep_ in deps:
                for cc in _conjuncts(c):
                    ref = self._actor(cc, actor_at, inside=True)
                    if ref is not None:
                        out.append(ref)
            if c.dep_ == "dative" and c.pos_ == "ADP":  # "gave aid to X"
                for pobj in c.children:
                    ref = self._actor(pobj, actor_at, inside=True)
                    if ref is not None:
                        out.append(ref)
        if not out and not p.objects:
            # "demanded that North Korea forsake …": the addressee is the that-clause's subject
            for c in children:
                if c.dep_ == "ccomp" and c.i > verb.i:
                    for sc in c.children:
                        if sc.dep_ in ("nsubj", "nsubjpass"):
                            ref = self._actor(sc, actor_at, inside=False)
                            if ref is not None and ref.code and not ref.reason.startswith(
                                    "pronoun"):
                                out.append(ref)
        if not out and not p.preps:
            # no object names an actor: the usual target prepositions ("aid to X",
            # "talks with X", "an offensive against X")
            heads = list(matched)
            for c in verb.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    heads.append(c)
                    heads += [g for pr in c.children if pr.dep_ == "prep" and pr.lower_ == "of"
                              for g in pr.children if g.dep_ == "pobj"]
            for o in self._prep_objects(verb, p, heads, TARGET_PREPS):
                ref = self._actor(o, actor_at, inside=True)
                if ref is not None and ref.code:
                    out.append(ref)
        return out

    def _noun_actors(self, noun: Token, p: Pattern, actor_at: dict[int, ActorRef]
                     ) -> tuple[list[ActorRef], list[ActorRef | None]]:
        sources: list[ActorRef] = []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                ref = actor_at.get(child.i)
                if ref is not None:
                    sources.append(ref)
            if child.dep_ == "prep" and child.lower_ == "by":
                for pobj in child.children:
                    ref = actor_at.get(pobj.i)
                    if ref is not None:
                        sources.append(ref)
            if child.dep_ == "prep" and child.lower_ == "of" and not sources:
                # "the demolition of Palestinian homes by Israel": "by" hangs off the object
                for pobj in child.children:
                    for by in pobj.children:
                        if by.dep_ == "prep" and by.lower_ == "by":
                            sources += [r for g in by.children
                                        if (r := actor_at.get(g.i)) is not None]
        if not sources and noun.lemma_.lower() in AGENT_OF_NOUNS:
            # "the withdrawal of Syrian troops from Lebanon": the of-phrase is the agent
            sources = [r for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"
                       if (r := self._actor(g, actor_at, inside=False)) is not None]
        if not sources:
            # "workers went on strike", "took part in a protest", "engaged in ethnic cleansing"
            gov = noun.head.head if noun.dep_ == "pobj" else noun.head
            via = noun.head.lower_ if noun.dep_ == "pobj" else ""
            if (noun.dep_ == "dobj" or via in LIGHT_PREPS) and gov.pos_ in ("VERB", "AUX") \
                    and gov.lemma_.lower() in LIGHT_GOVERNORS:
                sources = self._sources(gov, actor_at)
        heads = [noun]
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
            heads.append(noun.head)  # "Heavy fighting erupted between X and Y"
        targets: list[ActorRef | None] = [
            r for o in self._prep_objects(noun, p, heads)
            if (r := self._actor(o, actor_at, inside=True)) is not None]
        if len(targets) == 1 and targets[0] is not None and "between" in p.preps:
            # "fighting between Armenian and Azerbaijani forces": coordinated modifiers
            targets = list(self._expand([targets[0]], noun.doc))
        if not sources and len(targets) >= 2 and "between" in p.preps:
            first = targets[0]
            assert first is not None
            return [first], targets[1:]
        return sources, targets
