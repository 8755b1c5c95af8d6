"""The event coder: a spaCy component matching verb and noun patterns over the parse.

For every verb (or event noun) whose lemma heads a pattern, the most specific
pattern whose conditions hold fires; the subject becomes the source, the object
or the pattern's prepositional phrase the target. An event needs a coded source:
a pattern that fires without one is reported by ``explain`` and dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from flashpoint.actors.model import ActorRef, make_code
from flashpoint.events.modes import SPEECH_VERBS, event_mode, is_conditional, reported_by
from flashpoint.events.patterns import Pattern, PatternSet, default_patterns
from flashpoint.ontology import Ontology, default_ontology

for _name in ("events", "event_notes"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

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


@dataclass
class CodedEvent:
    sentence_index: int
    sentence_start: int
    sentence_end: int
    trigger: Token
    pattern: Pattern
    source: ActorRef | None  # None only for violence whose perpetrator is not named
    target: ActorRef | None
    mode: str
    mode_reason: str
    matched: list[Token] = field(default_factory=list)
    speech_verb: Token | None = None
    cameo: str = ""  # the code reported: the pattern's, or its statement of intent

    def __post_init__(self) -> None:
        self.cameo = self.cameo or self.pattern.cameo

    @property
    def span(self) -> tuple[int, int]:
        starts = [t.idx for t in self.matched]
        ends = [t.idx + len(t) for t in self.matched]
        if self.source is not None:
            starts.append(self.source.start)
            ends.append(self.source.end)
        if self.target is not None:
            starts.append(self.target.start)
            ends.append(self.target.end)
        return min(starts), max(ends)


# violence reported in the passive with coded victims but no perpetrator is still coded
UNATTRIBUTED_ROOTS = frozenset({"18", "19", "20"})
# "X said Y must/should …": X demands of / appeals to Y (provenance for these events)
REPORTED_DEMAND = Pattern("reported.must.100", "100", ("must",), False, frozenset(),
                          frozenset(), frozenset(), "", "coder rule: reported 'must'", 0)
REPORTED_APPEAL = Pattern("reported.should.020", "020", ("should",), False, frozenset(),
                          frozenset(), frozenset(), "", "coder rule: reported 'should'", 0)
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
# verbs whose "of/against/from + -ing" complement is alleged or warned against, not done
ALLEGING_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "allege", "condemn",
                            "criticize", "criticise", "denounce", "warn", "caution", "prevent",
                            "stop", "bar", "ban", "prohibit", "deter", "dissuade",
                            "discourage", "acquit", "convict", "indict", "arrest", "sentence"})
FIRST_PERSON = frozenset({"we", "i", "us", "our", "me", "my"})
TARGET_PREPS = frozenset({"to", "with", "against", "on", "upon", "toward", "towards", "at",
                          "into", "from"})
TIME_ENTS = frozenset({"DATE", "TIME"})


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
RECIPROCAL_VERBS = frozenset({"clash", "fight", "exchange", "skirmish", "trade", "battle",
                              "spar", "feud", "quarrel"})


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


class EventCoder:
    def __init__(self, patterns: PatternSet, ontology: Ontology | None = None) -> None:
        self.patterns = patterns
        self.ontology = ontology or default_ontology()

    def __call__(self, doc: Doc) -> Doc:
        actor_at: dict[int, ActorRef] = doc._.actor_at or {}
        events: list[CodedEvent] = []
        notes: list[tuple[int, str]] = []
        consumed: set[int] = set()
        sent_starts = {s.start: n for n, s in enumerate(doc.sents)}
        sent_of: dict[int, int] = {}
        n = -1
        for tok in doc:
            n = sent_starts.get(tok.i, n)
            sent_of[tok.i] = n
        sents = list(doc.sents)
        found: list[tuple[Token, Pattern, list[Token], list[ActorRef], list[ActorRef | None]]] = []
        for tok in doc:
            lemma = tok.lemma_.lower()
            if tok.dep_ == "amod" and tok.tag_ in ("VBG", "VBN"):
                continue  # a participle used as an adjective: "visiting premier", "detained"
            if tok.pos_ in ("VERB", "AUX") and lemma in self.patterns.verbs:
                hit = self._match_verb(tok, self.patterns.verbs[lemma])
            elif tok.pos_ in ("NOUN", "PROPN") and lemma in self.patterns.nouns:
                hit = self._match_noun(tok, self.patterns.nouns[lemma])
            else:
                continue
            if hit is None:
                notes.append((sent_of[tok.i], f"{tok.text!r}: no pattern's conditions held"))
                continue
            pattern, matched = hit
            if pattern.nominal:
                sources, targets = self._noun_actors(tok, pattern, actor_at)
            else:
                sources = self._sources(tok, actor_at)
                targets = self._targets(tok, pattern, matched, actor_at)
            found.append((tok, pattern, matched, sources, targets))
        # a complement or object that a kept event used ("threatened to attack") is part of
        # that event, not one of its own; an event dropped for want of a source uses nothing
        for n, (tok, pattern, matched, sources, targets) in enumerate(found):
            if not sources and int(pattern.cameo[:2]) <= 13 and \
                    any(c.dep_ == "nsubjpass" for c in tok.children):
                # "X has been accused of …, human rights groups said": verbal acts reported
                # in the passive are the reporter's
                speech = reported_by(tok) or (tok.head if tok.dep_ == "ccomp" else None)
                subj = next((c for c in speech.children if c.dep_ == "nsubj"), None) \
                    if speech is not None and speech.lemma_.lower() in SPEECH_VERBS else None
                ref = self._actor(subj, actor_at, inside=False) if subj is not None else None
                if ref is not None and ref.code:
                    found[n] = (tok, pattern, matched, [ref], targets)
        kept = [f for f in found if any(s is not None and s.code for s in f[3])]
        for f in kept:
            consumed.update(t.i for t in f[2] if t is not f[0])
            if f[0].lemma_.lower() in ALLEGING_VERBS:
                # "accused Iran of attacking tankers", "warned NATO against sending troops":
                # the alleged or warned-against act is the accusation's content, not an event
                consumed.update(g.i for prep in f[0].children if prep.dep_ == "prep"
                                for g in prep.children if g.dep_ == "pcomp")
        for tok, pattern, matched, sources, targets in found:
            if tok.i in consumed:
                continue
            sources = [s for s in sources if s is not None and s.code]
            if not sources:
                victims = [t for t in targets if t is not None and t.code]
                if pattern.cameo[:2] in UNATTRIBUTED_ROOTS and victims and any(
                        c.dep_ == "nsubjpass" for c in tok.children):
                    # "Three Iraqi civilians were killed in a car bombing": violence with
                    # victims and no named perpetrator is an event of unknown source
                    mode, why = event_mode(tok)
                    sent = sents[sent_of[tok.i]]
                    for tgt in victims:
                        events.append(CodedEvent(sent_of[tok.i], sent.start_char,
                                                 sent.end_char, tok, pattern, None, tgt, mode,
                                                 why + "; perpetrator not named", matched,
                                                 reported_by(tok)))
                    continue
                notes.append((sent_of[tok.i], f"{tok.text!r} matched pattern {pattern.id} "
                                               "but its subject is not a coded actor"))
                continue
            mode, why = event_mode(tok)
            cameo = pattern.cameo
            if mode == "future" or (mode == "hypothetical" and is_conditional(tok)):
                # CAMEO codes an announced or conditional act as the statement it is: an
                # intent to cooperate (03x) or a threat (13x)
                intent = self.ontology.intent_code(cameo)
                if intent is not None:
                    cameo = intent
                    why += f"; announced act {pattern.cameo} coded as intent {intent}"
            speech = reported_by(tok)
            sent = sents[sent_of[tok.i]]
            # the clause of the event, not the attribution around it ("…, Straw said")
            clause = sent if pattern.nominal else doc[tok.left_edge.i:tok.right_edge.i + 1]
            sources = [self._situate(s, clause, targets) for s in self._expand(sources, doc)]
            targets = self._expand([t for t in targets if t is not None], doc) or [None]
            targets = [self._situate_target(t, clause, sources) for t in targets]
            if targets == [None] and int(cameo[:2]) >= 6:
                place = self._place(tok, actor_at)
                if place is not None:
                    targets = [place]
            if targets == [None] and not pattern.nominal:
                prior = self._event_anaphor(tok, events, sources[0], sent.start)
                if prior is not None:
                    targets = [prior]
            if pattern.nominal and "between" in pattern.preps and len(sources) == 1 and \
                    len(targets) == 1 and targets[0] is not None and (
                        cameo[:2] in RECIPROCAL_ROOTS or tok.lemma_.lower() in RECIPROCAL_VERBS):
                sources, targets = sources + targets, [None]  # "talks between X and Y"
            reciprocal = len(sources) > 1 and targets == [None] and (
                cameo[:2] in RECIPROCAL_ROOTS or tok.lemma_.lower() in RECIPROCAL_VERBS)
            for src in sources:
                tgts = [s for s in sources if s.code != src.code] if reciprocal else targets
                for tgt in tgts or [None]:
                    if tgt is not None and (not tgt.code or tgt.start == src.start or (
                            tgt.code == src.code and tgt.reason.startswith("pronoun"))):
                        tgt = None
                    events.append(CodedEvent(sent_of[tok.i], sent.start_char, sent.end_char,
                                             tok, pattern, src, tgt, mode, why, matched,
                                             speech, cameo))
            demand = self._reported_demand(tok, mode, speech, sources, actor_at)
            if demand is not None:
                speaker, kind = demand
                for src in sources:
                    events.append(CodedEvent(sent_of[tok.i], sent.start_char, sent.end_char,
                                             tok, kind, speaker, src, "asserted",
                                             f"{speech.text!r} says {src.text!r} "
                                             f"{'must' if kind is REPORTED_DEMAND else 'should'}"
                                             " act: a demand or appeal",
                                             [speech, tok], None, kind.cameo))
        doc._.events = events
        doc._.event_notes = notes
        return doc

    def _reported_demand(self, tok: Token, mode: str, speech: Token | None,
                         sources: list[ActorRef], actor_at: dict[int, ActorRef]
                         ) -> tuple[ActorRef, Pattern] | None:
        """"Straw said the Sudanese government must reach an agreement": the speaker
        demands (must) or appeals (should) that the subject act."""
        if mode != "desired" or speech is None:
            return None
        modal = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        kind = REPORTED_DEMAND if modal & {"must"} else REPORTED_APPEAL if modal & {
            "should", "ought"} else None
        subj = next((c for c in speech.children if c.dep_ == "nsubj"), None)
        if kind is None or subj is None:
            return None
        speaker = self._actor(subj, actor_at, inside=True)
        if speaker is None or not speaker.code or any(
                speaker.code == s.code for s in sources):
            return None
        return speaker, kind

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
    def _match_verb(self, tok: Token, cands: Iterable[tuple[Pattern, str | None]]
                    ) -> tuple[Pattern, list[Token]] | None:
        children = list(tok.children)
        objects = [c for c in children if c.dep_ in OBJECT_DEPS]
        if not objects:  # "beat and arrested dozens": the object after the last verb
            objects = [o for cj in tok.children if cj.dep_ == "conj" and cj.pos_ == "VERB"
                       for o in cj.children if o.dep_ == "dobj"]
        objects += [cc for c in objects for cc in c.conjuncts]
        objects += [g for o in objects if o.lemma_.lower() in PART_NOUNS or o.pos_ == "NUM"
                    or o.lemma_ == "$"
                    for pr in o.children if pr.dep_ == "prep" and pr.lower_ in ("of", "in")
                    for g in pr.children if g.dep_ == "pobj"]  # "25,000 tons of food aid"
        xcomps = [c for c in children if _is_complement(c)]
        prt_here = {c.lower_ for c in children if c.dep_ == "prt"}
        for p, particle in cands:
            matched = [tok]
            objs = objects
            if prt_here and particle not in prt_here:
                continue  # "backed out of", "backed away": not the plain verb's meaning
            if particle:
                prt = next((c for c in children if c.lower_ == particle
                            and c.dep_ in ("prt", "prep", "advmod")), None)
                if prt is None:
                    continue
                matched.append(prt)
                if prt.dep_ == "prep":  # "looked into reports": the particle's object only
                    objs = [g for g in prt.children if g.dep_ == "pobj"]
                    objs += [g for o in objs if o.lemma_.lower() in PART_NOUNS
                             or o.pos_ == "NUM" or o.lemma_ == "$"
                             for pr in o.children if pr.dep_ == "prep"
                             and pr.lower_ in ("of", "in")
                             for g in pr.children if g.dep_ == "pobj"]
            if p.objects:
                obj = next((o for o in objs if _object_words(o) & p.objects), None)
                if obj is None:
                    continue
                matched.append(obj)
            if p.xcomps:
                x = next((c for c in xcomps if c.lemma_.lower() in p.xcomps), None)
                if x is None:
                    continue
                matched.append(x)
            if p.prep_required and not self._prep_objects(tok, p, matched):
                continue
            return p, matched
        return None

    def _match_noun(self, tok: Token, cands: Iterable[tuple[Pattern, str | None]]
                    ) -> tuple[Pattern, list[Token]] | None:
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
        for p, phrase in cands:
            matched = [tok]
            if phrase:  # a two-word event noun: "military exercise", "hunger strike"
                first = phrase.split()[0]
                mod = next((m for m in mods if m.lemma_.lower() == first), None)
                if mod is None:
                    continue
                matched.append(mod)
            if p.objects:
                mod = next((m for m in mods if m.lemma_.lower() in p.objects), None)
                if mod is None:
                    continue
                matched.append(mod)
            if p.prep_required and not self._prep_objects(tok, p, matched):
                continue
            return p, matched
        return None

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
        if ref is not None or not inside:
            return ref
        # the actor inside a non-actor phrase: "Seoul's offer", "the offer of Seoul"
        mods = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        mods.sort(key=lambda c: c.pos_ == "PRON")  # "his Turkish counterpart": not "his"
        for child in mods:
            ref = actor_at.get(child.i)
            if ref is not None and ref.code:
                return ref
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
                src.kind == "person":
            return src
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
                    if ref is not None and ref.kind == "state" and ref.country:
                        return ref
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
                tok = tok.head
                continue
            if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.dep_ == "prep" and \
                    tok.head.lower_ in TIME_PREPS and tok.head.head.pos_ in ("VERB", "AUX"):
                tok = tok.head.head  # "After meeting with Reagan, the premier said …"
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
            deps = ("dative",)
            obj = next((t for t in matched[1:] if t.dep_ not in ("prt", "prep", "advmod",
                                                                  "xcomp", "ccomp")), None)
            if obj is not None and obj.dep_ == "pobj":
                # "warned Israel of a crushing response": the object came through the
                # particle, so the verb's own object is the target
                deps = ("dative", "dobj")
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
        if not sources:
            # "workers went on strike", "took part in a protest", "engaged in ethnic cleansing"
            gov = noun.head.head if noun.dep_ == "pobj" else noun.head
            via = noun.head.lower_ if noun.dep_ == "pobj" else ""
            if (noun.dep_ == "dobj" or via in LIGHT_PREPS) and gov.pos_ in ("VERB", "AUX") \
                    and gov.lemma_.lower() in LIGHT_GOVERNORS:
                sources = self._sources(gov, actor_at)
        targets: list[ActorRef | None] = [
            r for o in self._prep_objects(noun, p, [noun])
            if (r := self._actor(o, actor_at, inside=True)) is not None]
        if not sources and len(targets) >= 2 and "between" in p.preps:
            first = targets[0]
            assert first is not None
            return [first], targets[1:]
        return sources, targets


@Language.factory("flashpoint_events", assigns=["doc._.events"],
                  requires=["doc._.actor_at", "doc._.quotes"])
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder(default_patterns())
