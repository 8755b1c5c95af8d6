"""The event coder: a spaCy component matching verb and noun patterns over the parse.

For every verb (or event noun) whose lemma heads a pattern, the most specific
pattern whose conditions hold fires; the subject becomes the source, the object
or the pattern's prepositional phrase the target. An event needs a coded source:
a pattern that fires without one is reported by ``explain`` and dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from flashpoint.actors.model import ActorRef
from flashpoint.events.model import CodedEvent
from flashpoint.events.modes import (
    SPEECH_VERBS,
    event_mode,
    is_conditional,
    is_refusal,
    reported_by,
)
from flashpoint.events.participants import (
    ALLEGING_VERBS,
    OBJECT_DEPS,
    PART_NOUNS,
    RECIPROCAL_ROOTS,
    RECIPROCAL_VERBS,
    UNATTRIBUTED_ROOTS,
    _is_complement,
    _object_words,
)
from flashpoint.events.patterns import Pattern, PatternSet, default_patterns
from flashpoint.events.rewrites import GENERIC_STATEMENTS, REPORTED_DEMAND, EventRewrites
from flashpoint.events.weapons import (
    BLAST_NOUNS,
    BOMB_MODIFIERS,
    GENERIC_FORCE,
    WEAPON_NOUNS,
    arm_code,
    bombing_code,
    governed_by,
    off_topic,
    to_front,
)
from flashpoint.ontology import Ontology, default_ontology

for _name in ("events", "event_notes"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class EventCoder(EventRewrites):
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
                if hit is not None and hit[0].cameo[:2] == "17" and \
                        lemma in ALLEGING_SPEECH and "accuse" in self.patterns.verbs and \
                        any(c.dep_ == "ccomp" for c in tok.children) and \
                        not any(c.dep_ == "dobj" for c in tok.children):
                    # "charged that Pakistan's ISI had masterminded the raid": an
                    # accusation, not a legal charge
                    hit = self._match_verb(tok, self.patterns.verbs["accuse"])
            elif tok.pos_ in ("NOUN", "PROPN") and lemma in self.patterns.nouns:
                hit = self._match_noun(tok, self.patterns.nouns[lemma])
            else:
                continue
            if hit is None:
                notes.append((sent_of[tok.i], f"{tok.text!r}: no pattern's conditions held"))
                continue
            pattern, matched = hit
            if off_topic(tok):
                notes.append((sent_of[tok.i], f"{tok.text!r} matched pattern {pattern.id} "
                                               "in a sports or space-flight phrase"))
                continue
            if pattern.nominal:
                sources, targets = self._noun_actors(tok, pattern, actor_at)
            else:
                sources = self._sources(tok, actor_at)
                targets = self._targets(tok, pattern, matched, actor_at)
            # a region or city is where things happen, not who does them
            sources = [s for s in sources if s.kind != "place"]
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
            if not sources and pattern.cameo[:2] in UNATTRIBUTED_ROOTS:
                # "killed in an Israeli air strike", "a Russian missile hit …": the attack
                # names its maker
                sources = self._attack_maker(tok, actor_at)
            if not sources and pattern.cameo[:2] == "15":
                # "Chinese troops were placed on full combat alert": the forces show force
                sources = [r for c in tok.children if c.dep_ == "nsubjpass"
                           if (r := self._actor(c, actor_at, inside=False)) is not None
                           and r.code]
                if sources:
                    targets = [t for t in targets if t is None or t.code != sources[0].code]
            if not sources:
                victims = [t for t in targets if t is not None and t.code]
                weapon = self._weapon_subject(tok)
                if pattern.cameo[:2] in UNATTRIBUTED_ROOTS and victims and (
                        weapon is not None or any(c.dep_ == "nsubjpass" for c in tok.children)):
                    # "Three Iraqi civilians were killed in a car bombing", "a roadside bomb
                    # killed two soldiers": violence with victims and no named perpetrator is
                    # an event of unknown source
                    mode, why = event_mode(tok)
                    sent = sents[sent_of[tok.i]]
                    code = bombing_code(tok) if pattern.cameo[:2] == "18" else None
                    if code is None and weapon is not None:  # "heavy shelling killed …"
                        hit = self._match_noun(weapon, self.patterns.nouns.get(
                            weapon.lemma_.lower(), ()))
                        if hit is not None and hit[0].cameo[:2] in UNATTRIBUTED_ROOTS:
                            code = hit[0].cameo
                    for tgt in victims:
                        events.append(CodedEvent(sent_of[tok.i], sent.start_char,
                                                 sent.end_char, tok, pattern, None, tgt, mode,
                                                 why + "; perpetrator not named", matched,
                                                 reported_by(tok), code or ""))
                    continue
                notes.append((sent_of[tok.i], f"{tok.text!r} matched pattern {pattern.id} "
                                               "but its subject is not a coded actor"))
                continue
            mode, why = event_mode(tok)
            cameo = pattern.cameo
            if pattern.xcomps and cameo in GENERIC_STATEMENTS and sources:
                own = self._own_announcement(matched[-1], sources[0], actor_at)
                if own is not None:
                    # "warned that Iraq would destroy Israeli cities": the warner's own act
                    # announced, a threat coded by that act (1383), aimed at its target
                    cameo, aimed = own
                    targets = aimed or targets
                    why += f"; the warner's own act announced: {cameo}"
            third = self._third_party(matched, sources[0], actor_at) \
                if cameo == "022" and sources else None
            if third is not None:
                # "urged the EC to support the PLO": rallying support for a third party,
                # on whose behalf the appeal is made (its target)
                cameo, targets = "053", [third]
                why += f"; support asked for {third.text!r}: rally support (053)"
            if cameo[:2] == "07" and to_front(tok):
                # "sent tanks and ten battalions to the border with Colombia": a build-up,
                # not aid to Colombia
                cameo = "154"
                why += "; forces sent to a border or front: mobilisation (154)"
            armed = arm_code(tok) if cameo in GENERIC_FORCE else None
            if armed is not None:
                cameo = armed  # "Israeli tanks pounded …" (194), "planes struck …" (195)
                why += f"; the weapon in the subject gives {armed}"
            refusal = self.ontology.refusal_code(cameo) if mode == "negated" and \
                is_refusal(tok) else None
            if refusal is not None:
                # "Germany said it would not provide weapons": announcing that a
                # cooperative act will not happen is a refusal (12x), which did happen
                cameo, mode = refusal, "asserted"
                why += f"; announced that {pattern.cameo} will not happen: refusal {refusal}"
            if mode == "future" or (mode == "hypothetical" and is_conditional(tok)):
                # CAMEO codes an announced or conditional act as the statement it is: an
                # intent to cooperate (03x) or a threat (13x)
                intent = self.ontology.intent_code(cameo)
                if intent is not None:
                    cameo = intent
                    why += f"; announced act {pattern.cameo} coded as intent {intent}"
                if pattern.cameo[:2] in UNATTRIBUTED_ROOTS and governed_by(tok, "prepare"):
                    # "the army prepared to resume shelling": a show of force (150)
                    cameo = "150"
                    why += "; preparing an attack is a show of military force (150)"
                if cameo[:2] == "03" and is_conditional(tok, ("unless",)):
                    # "will withdraw its peacekeepers unless the president arranges a
                    # ceasefire": an act held over the target until it complies is a threat
                    cameo = "131"
                    why += "; made to depend on 'unless': a threat (131)"
            speech = reported_by(tok)
            sent = sents[sent_of[tok.i]]
            # the clause of the event, not the attribution around it ("…, Straw said")
            clause = sent if pattern.nominal else doc[tok.left_edge.i:tok.right_edge.i + 1]
            sources = [self._situate(s, clause, targets) for s in self._expand(sources, doc)]
            sources = [s if s.country or s.code not in SOFT_SECTORS
                       else self._situate(s, sent, []) for s in sources]
            # ("journalists at Sudan's daily appealed to the Sudanese government": the one
            # country of the sentence, even the target's, before giving up on them)
            sources = [s for s in sources if s.country or s.code not in SOFT_SECTORS]
            if not sources:
                notes.append((sent_of[tok.i], f"{tok.text!r} matched pattern {pattern.id} "
                                               "but its only actor is a business, health or "
                                               "media sector with no country"))
                continue
            targets = self._expand([t for t in targets if t is not None], doc) or [None]
            targets = [self._situate_target(t, clause, sources) for t in targets]
            paired = len(sources) > 1 and (cameo[:2] in RECIPROCAL_ROOTS
                                           or tok.lemma_.lower() in RECIPROCAL_VERBS)
            if targets == [None] and int(cameo[:2]) >= 6 and not paired:
                place = self._place(tok, actor_at)
                if place is not None:
                    targets = [place]
            if cameo == "166" and targets != [None] and all(
                    t is not None and t.country and t.sector in ("MIL", "GOV")
                    and any(t.country == s.country for s in sources) for t in targets):
                # "Putin ordered Russian troops to withdraw": not an expulsion but a
                # pull-back of one's own forces (0874), aimed where they leave
                cameo = "0874"
                why += "; the source's own forces are withdrawn: 0874"
                aimed = self._clause_target(tok, [*sources, *[t for t in targets if t]],
                                            actor_at)
                targets = [aimed if aimed is not None and aimed.country not in {
                    s.country for s in sources} else None]
                paired = True  # settled: no place or clause target after this
            if targets != [None] and not pattern.nominal and all(
                    t is not None and self._own_side(t, sources) for t in targets):
                # "withdraw their peacekeepers from Chad", "pull its inspectors out of
                # Iraq": the source's own people are moved; the act is aimed elsewhere
                aimed = self._clause_target(tok, [*sources, *[t for t in targets if t]],
                                            actor_at)
                if aimed is not None and aimed.country not in {s.country for s in sources}:
                    targets = [aimed]
                elif all(t.code == t.sector or any(t.code == s.code for s in sources)
                         for t in targets if t is not None):
                    targets = [None]  # "the army will not withdraw its troops": no one else
            if targets == [None] and cameo[:2] != "01" and not paired:
                # (coordinated parties of a talk or a clash are each other's targets; an
                # event noun looks only inside its own phrase)
                aimed = self._clause_target(tok, sources, actor_at)
                if aimed is not None:
                    targets = [self._situate_target(aimed, clause, sources)]
            if targets == [None] and not pattern.nominal:
                prior = self._event_anaphor(tok, events, sources[0], sent.start)
                if prior is not None:
                    targets = [prior]
            if pattern.nominal and "between" in pattern.preps and (
                    cameo[:2] in RECIPROCAL_ROOTS or tok.lemma_.lower() in RECIPROCAL_VERBS):
                # "talks between X and Y", "fighting between Armenian and Azerbaijani forces"
                parts: list[ActorRef] = []
                for r in [*sources, *targets]:
                    if r is not None and all(r.code != q.code for q in parts):
                        parts.append(r)
                named = [r for r in parts if r.country or r.code != r.sector]
                if len(named) >= 2:  # "a prisoner exchange": "prisoner" is not a party
                    parts = named
                if len(parts) >= 2:
                    sources, targets = parts, [None]
            reciprocal = len(sources) > 1 and targets == [None] and (
                cameo[:2] in RECIPROCAL_ROOTS or tok.lemma_.lower() in RECIPROCAL_VERBS)
            for src in sources:
                tgts = [s for s in sources if s.code != src.code] if reciprocal else targets
                for tgt in tgts or [None]:
                    if tgt is not None and (not tgt.code or (tgt.start == src.start
                                                             and tgt.code == src.code) or (
                            tgt.code == src.code and tgt.reason.startswith("pronoun"))):
                        tgt = None
                    events.append(CodedEvent(sent_of[tok.i], sent.start_char, sent.end_char,
                                             tok, pattern, src, tgt, mode, why, matched,
                                             speech, cameo))
            demand = self._reported_demand(tok, mode, speech, sources, actor_at)
            if demand is not None:
                speaker, kind, speech = demand
                code = self.ontology.request_code(pattern.cameo,
                                                  demand=kind is REPORTED_DEMAND)
                for src in sources:
                    events.append(CodedEvent(sent_of[tok.i], sent.start_char, sent.end_char,
                                             tok, kind, speaker, src, "asserted",
                                             f"{speech.text!r}: {src.text!r} "
                                             f"{'must' if kind is REPORTED_DEMAND else 'should'}"
                                             f" act ({pattern.id}): a demand or appeal",
                                             [speech, tok], None, code))
        events += self._reactions(doc, events, actor_at, sents, sent_of)
        events += self._bare_requests(doc, events, actor_at, sents, sent_of)
        events = self._orders(doc, events, actor_at, sents, sent_of)
        doc._.events = self._merge_statements(self._protests(events))
        doc._.event_notes = notes
        return doc

    def _attack_maker(self, verb: Token, actor_at: dict[int, ActorRef]) -> list[ActorRef]:
        nouns = [c for c in verb.children if c.dep_ == "nsubj"]
        nouns += [g for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in (
            "in", "by", "during") for g in c.children if g.dep_ == "pobj"]
        for noun in nouns:
            lemma = noun.lemma_.lower()
            if lemma not in WEAPON_NOUNS and lemma not in BLAST_NOUNS and \
                    lemma not in self.patterns.nouns:
                continue
            for m in noun.children:
                ref = actor_at.get(m.i)
                if m.dep_ in ("amod", "compound", "poss", "nmod") and ref is not None and \
                        ref.code and ref.kind != "place":
                    return [ref]
        return []

    def _own_announcement(self, x: Token, src: ActorRef, actor_at: dict[int, ActorRef]
                          ) -> tuple[str, list[ActorRef | None]] | None:
        """The statement code and targets of a complement that announces the source's own
        act ("warned that Iraq would destroy …", not "warned Moscow not to invade")."""
        if any(c.dep_ == "neg" for c in x.children) or x.dep_ != "ccomp":
            return None
        subj = next((c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        ref = self._actor(subj, actor_at, inside=False) if subj is not None else None
        if ref is None or not (ref.code == src.code or (ref.country and
                                                         ref.country == src.country)):
            return None
        hit = self._match_verb(x, self.patterns.verbs.get(x.lemma_.lower(), ()))
        if hit is None:
            return None
        code = self._announced(hit[0].cameo, "130")
        if code is None:
            return None
        aimed = [t for t in self._targets(x, hit[0], hit[1], actor_at)
                 if t is not None and t.code and t.country != src.country]
        return code, list(aimed)

    def _third_party(self, matched: list[Token], src: ActorRef,
                     actor_at: dict[int, ActorRef]) -> ActorRef | None:
        """The complement's object ("support the PLO") is an actor other than the one
        asking."""
        x = matched[-1]
        if x.lemma_.lower() not in ("support", "back", "endorse", "recognize", "recognise"):
            return None
        obj = next((c for c in x.children if c.dep_ == "dobj"), None)
        ref = self._actor(obj, actor_at, inside=True) if obj is not None else None
        if ref is None or not ref.code or ref.code == src.code or ref.reason.startswith(
                "pronoun") or (ref.country is not None and ref.country == src.country):
            return None
        return ref

    def _weapon_subject(self, verb: Token) -> Token | None:
        """The subject that stands for an unnamed attacker: a weapon ("a roadside bomb"),
        a bomb-made blast, or a violent event noun ("heavy shelling")."""
        for c in verb.children:
            if c.dep_ != "nsubj":
                continue
            lemma = c.lemma_.lower()
            mods = {m.lemma_.lower() for m in c.children if m.dep_ in ("compound", "amod")}
            if lemma in WEAPON_NOUNS or (lemma in BLAST_NOUNS and mods & BOMB_MODIFIERS):
                return c
            hit = self._match_noun(c, self.patterns.nouns.get(lemma, ()))
            if hit is not None and hit[0].cameo[:2] in UNATTRIBUTED_ROOTS and \
                    lemma not in BLAST_NOUNS:
                return c
        return None

    def _match_verb(self, tok: Token, cands: Iterable[tuple[Pattern, str | None]]
                    ) -> tuple[Pattern, list[Token]] | None:
        children = list(tok.children)
        objects = [c for c in children if c.dep_ in OBJECT_DEPS
                   or (c.dep_ == "ccomp" and c.pos_ == "ADJ")]  # "found X guilty"
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
            prt = None
            if prt_here and particle not in prt_here:
                continue  # "backed out of", "backed away": not the plain verb's meaning
            if particle:
                prt = next((c for c in children if c.lower_ == particle
                            and c.dep_ in ("prt", "prep", "advmod")), None)
                if prt is None and particle in ("of", "for", "with", "from", "to"):
                    # "accused the Sudanese army of war crimes": "of" hangs off the object
                    prt = next((g for c in children if c.dep_ == "dobj" for g in c.children
                                if g.lower_ == particle and g.dep_ == "prep"), None)
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
            if particle and prt is not None:
                # "walked out of the talks": the object hangs off "of" under the particle
                objs = objs + [g for pr in prt.children if pr.dep_ == "prep"
                               and pr.lower_ in ("of", "from") for g in pr.children
                               if g.dep_ == "pobj"]
            if p.objects:
                obj = next((o for o in objs if _object_words(o) & p.objects), None)
                if obj is None:
                    continue
                matched.append(obj)
            if p.xcomps:
                x = next((c for c in xcomps if c.lemma_.lower() in p.xcomps
                          and _particle_fits(c)), None)
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
                if mod is None:  # "a suspension of air links": the of-object
                    mod = next((g for pr in tok.children if pr.dep_ == "prep"
                                and pr.lower_ == "of" for g in pr.children
                                if g.dep_ == "pobj" and _object_words(g) & p.objects), None)
                if mod is None:
                    continue
                matched.append(mod)
            heads = matched + ([tok.head] if tok.dep_ in ("nsubj", "nsubjpass")
                               and tok.head.pos_ in ("VERB", "AUX") else [])
            if p.prep_required and not self._prep_objects(tok, p, heads):
                continue
            return p, matched
        return None


# complement verbs whose meaning in the lists depends on their particle: "step down"
# (resign), not "step up"
PARTICLE_SENSE = {"step": frozenset({"down", "aside"})}


def _particle_fits(verb: Token) -> bool:
    want = PARTICLE_SENSE.get(verb.lemma_.lower())
    return want is None or any(c.dep_ == "prt" and c.lower_ in want for c in verb.children)


# verbs that, with a that-clause and no object, allege rather than act
ALLEGING_SPEECH = frozenset({"charge"})
# sectors that, with no country, are almost always business, sport or health news:
# "The company agreed to pay …", "Doctors recognised the symptoms", "The striker …"
SOFT_SECTORS = frozenset({"BUS", "HLH", "LAB", "EDU", "MED", "AGR", "ENV"})


@Language.factory("flashpoint_events", assigns=["doc._.events"],
                  requires=["doc._.actor_at", "doc._.quotes"])
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder(default_patterns())
