"""The actor recogniser: a spaCy component that codes every noun phrase naming an actor.

It assigns ``doc._.actors`` (every coded mention, in text order) and
``doc._.actor_at`` (token index of a phrase's head → its ``ActorRef``), so that
the event coder and the quote extractor ask one question: who is this token?
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from flashpoint.actors.affiliation import PERSON_SECTOR_WORDS, Affiliation
from flashpoint.actors.dictionary import ActorDictionary, NameEntry, default_dictionary
from flashpoint.actors.model import ActorRef, make_code

for _name, _default in (("actors", None), ("actor_at", None), ("actor_alts", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _get_date(doc: Doc) -> date | None:
    value = doc.user_data.get("fp_date")
    return date.fromisoformat(value) if value else None


def _set_date(doc: Doc, value: date | None) -> None:
    # kept as a string: docs cross process boundaries as msgpack in nlp.pipe(n_process>1)
    doc.user_data["fp_date"] = value.isoformat() if value else None


if not Doc.has_extension("date"):
    Doc.set_extension("date", getter=_get_date, setter=_set_date)

_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,30}?)\s*(?:,[^—–\n]{0,40})?\s*[—–-]{1,2}\s")
FORMER = frozenset({"former", "ex", "ex-", "erstwhile", "retired", "then"})
# sector words that name an actor only with a modifier ("security forces", "Army General")
BARE_AMBIGUOUS = frozenset({"force", "general", "party", "union", "power", "people",
                            "administration", "authority", "side", "state"})
# groups located by "in": "security forces in Guinea", "police in Jericho"
GROUP_IN_WORDS = frozenset({"force", "police", "troop", "soldier", "army", "military",
                            "authority", "official", "rebel", "militant", "protester",
                            "demonstrator", "resident", "civilian", "government",
                            "insurgent", "guerrilla", "student", "worker", "activist"})
COUNTRY_NOUNS = frozenset({"country", "nation", "kingdom", "republic", "emirate"})
# generic heads that stand for the organisation named before them
ORG_HEADS = frozenset({"movement", "group", "organization", "organisation", "network",
                       "wing", "faction", "front", "party", "militia", "coalition",
                       "alliance", "army", "force", "forces", "council", "committee",
                       "agency", "body", "bloc", "union", "leadership", "command",
                       "commission", "office", "panel", "mission", "team", "tribunal",
                       "watchdog", "envoy", "secretariat", "delegation", "branch",
                       "bureau", "directorate"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
# short references that point back to an actor named earlier ("the minister said")
SHORT_REF_DETS = frozenset({"the", "this", "that"})


def _singular(word: str) -> str:
    """A capitalised plural is often left unlemmatised: "Rebels" → "rebel"."""
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


class ActorRecognizer:
    def __init__(self, nlp: Language, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entries: dict[str, NameEntry] = {}
        texts = list(dictionary.names)
        # a name written with a lower-case particle ("al-Qaeda") also starts a sentence
        # or a headline capitalised ("Al-Qaeda claimed …")
        upper = {t[0].upper() + t[1:]: t for t in texts if t[:1].islower()}
        upper = {u: t for u, t in upper.items() if u not in dictionary.names}
        for text, pattern in zip([*texts, *upper], nlp.tokenizer.pipe([*texts, *upper]),
                                 strict=True):
            self.names.add(text, [pattern])
            self.entries[text] = dictionary.names[upper.get(text, text)]
        phrases = list(dictionary.sector_phrases)
        for text, pattern in zip(phrases, nlp.tokenizer.pipe(phrases), strict=True):
            self.phrases.add(text, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        _Resolver(self, doc).run()
        return doc


class _Resolver(Affiliation):
    """Per-document state: dictionary matches, resolved heads and the mention history."""

    def __init__(self, rec: ActorRecognizer, doc: Doc) -> None:
        self.rec = rec
        self.d = rec.dictionary
        self.doc = doc
        self.date: date | None = doc._.date
        vocab = doc.vocab.strings
        spans = [Span(doc, s, e, label=m) for m, s, e in rec.names(doc)]
        self.entry_at: dict[int, tuple[Span, NameEntry]] = {}
        for span in filter_spans(spans):
            entry = rec.entries[vocab[span.label]]
            for tok in span:
                self.entry_at[tok.i] = (span, entry)
        self.phrase_at: dict[int, tuple[Span, str]] = {}
        self.in_phrase: set[int] = set()  # non-head words of a sector phrase
        for m, s, e in rec.phrases(doc):
            span = Span(doc, s, e)
            text = vocab[m]
            if span.root.i not in self.phrase_at or \
                    len(self.phrase_at[span.root.i][0]) < len(span):
                self.phrase_at[span.root.i] = (span, self.d.sector_phrases[text])
        for span, _sector in self.phrase_at.values():
            self.in_phrase.update(t.i for t in span if t.i != span.root.i)
        self.text = doc.text  # Doc.text joins every token on each access
        self.history: list[tuple[int, ActorRef]] = []
        self.alts: dict[tuple[int, int], list[ActorRef]] = {}
        # doc.ents and token.sent rebuild their spans on every access: look them up once
        self.ent_at: dict[int, Span] = {i: e for e in doc.ents for i in range(e.start, e.end)}
        self.sent_at: dict[int, Span] = {i: st for st in doc.sents
                                         for i in range(st.start, st.end)}
        self.home = self._dateline_country()

    def _dateline_country(self) -> str | None:
        """Country of a dateline city ("TOKYO —", "KYIV, March 3 (Reuters) -")."""
        m = _DATELINE.match(self.text)
        self.doc.user_data["fp_dateline_end"] = m.end() if m else 0
        if not m:
            return None
        entry = self.d.names.get(m.group(1).strip().title())
        return entry.country if entry is not None else None

    def run(self) -> None:
        actor_at: dict[int, ActorRef] = {}
        for tok in self.doc:
            ref = self.resolve(tok)
            if ref is not None:
                actor_at[tok.i] = ref
                if (ref.code or ref.name) and ref.kind != "place":
                    self.history.append((tok.i, ref))
        self.doc._.actor_at = actor_at
        self.doc._.actors = sorted(actor_at.values(), key=lambda r: (r.start, r.end))
        self.doc._.actor_alts = self.alts

    # -- one token -------------------------------------------------------------------------
    def resolve(self, tok: Token) -> ActorRef | None:
        hit = self.entry_at.get(tok.i)
        if hit is not None:
            span, entry = hit
            if entry.kind == "blocked":
                return None  # "Latin America", "Indian Ocean": not the country
            if tok.i != span.root.i and span.root.i in self.entry_at:
                return None  # only the head of a multi-token name speaks for it
            if entry.kind in ("country", "demonym", "capital", "metonym", "org") and \
                    self._stance(span.start):
                return None
            if entry.kind == "ethnic":
                return self._ethnic_group(tok, span, entry)  # "Kurds", "Tamils"
            if entry.kind == "demonym" and (self._ethnic(span.start) or (
                    tok.tag_ == "NNPS" and self._residence(tok, ("of",)))):
                return self._ethnic_group(tok, span, entry)
            if entry.kind == "person" and len(span) == 1:
                alias = self._surname(tok, None)
                if alias is not None and alias.name != (entry.person.name if entry.person
                                                        else None):
                    return alias  # "Hoxha" after "Driton Hoxha" is not Enver Hoxha
            ent = self._person_ent(tok)
            ent_len = len(ent) - (ent[-1].tag_ == "POS") if ent is not None else 0
            if entry.kind == "person" and ent is not None and ent_len > len(span) and \
                    ent.root.i == tok.i:
                return self._unknown_person(tok, ent)  # "Vagif Aliyev" is not "Aliyev"
            return self._from_entry(tok, span, entry)
        if tok.pos_ == "PRON":
            return self._pronoun(tok)
        if tok.lemma_.lower() in COUNTRY_NOUNS and tok.pos_ == "NOUN":
            ref = self._country_reference(tok)
            if ref is not None:
                return ref
        if tok.dep_ == "compound" and self._person_ent(tok.head) is not None and \
                self._person_ent(tok) is None:
            return None  # "Minister" in "Unification Minister Han Seo-yeon": her title
        sector = self._sector(tok)
        if sector is not None:
            return self._from_sector(tok, sector)
        if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in ORG_HEADS:
            # "the Palestinian Islamic Jihad movement", "al-Qaeda's terror network"
            entries = self._prefix(tok, tok.i)[0]
            org = next((e for e in entries if e.kind == "org"), None)
            if org is not None:
                start = min(tok.left_edge.idx, tok.idx)
                return ActorRef(self.text[start:tok.idx + len(tok.text)], org.code,
                                org.country, org.sector, start, tok.idx + len(tok.text),
                                kind="group", reason=f"{tok.text!r} of {org.phrase!r}")
        if tok.pos_ == "PROPN" or (tok.pos_ in ("NOUN", "X", "ADJ") and tok.ent_type_ == "PERSON"):
            ent = self._person_ent(tok)
            alias = self._surname(tok, ent)
            if alias is not None:
                return alias
            if ent is not None and ent.root.i == tok.i:
                return self._unknown_person(tok, ent)
            named = self._titled_name(tok) if ent is None else None
            if named is not None:
                return self._unknown_person(tok, named)
        if tok.pos_ == "PROPN" and tok.dep_ in ("nsubj", "nsubjpass"):
            # a name the tagger missed, known by its apposition: "Kenzo Oshima, the United
            # Nations Emergency Relief Coordinator, demanded …"
            appos = next((c for c in tok.children if c.dep_ == "appos"), None)
            ref = (self.resolve(appos) or self._appos_org(appos)) if appos is not None \
                else None
            if ref is not None and ref.code and ref.kind != "place":
                start = tok.left_edge.idx
                return ActorRef(self.text[start:tok.idx + len(tok.text)], ref.code,
                                ref.country, ref.sector, start, tok.idx + len(tok.text),
                                kind="person", reason=f"{tok.text!r}, apposition {ref.text!r}")
        return None

    def _surname(self, tok: Token, ent: Span | None) -> ActorRef | None:
        """"Hale said" after "Secretary of State Margaret Hale": the same person."""
        if ent is not None and len(ent) > 1:
            return None
        if tok.dep_ == "compound" or (tok.i + 1 < len(self.doc) and
                                      self.doc[tok.i + 1].pos_ == "PROPN"):
            return None
        for _i, ref in reversed(self.history):
            parts = (ref.name or "").split()
            if ref.kind == "person" and len(parts) > 1 and tok.text in (parts[0], parts[-1]):
                return ActorRef(tok.text, ref.code, ref.country, ref.sector, tok.idx,
                                tok.idx + len(tok.text), name=ref.name, kind="person",
                                reason=f"surname {tok.text!r} → {ref.name!r}")
        return None

    def _person_ent(self, tok: Token) -> Span | None:
        if tok.ent_type_ != "PERSON":
            return None
        return self.ent_at.get(tok.i)

    def _sector(self, tok: Token) -> tuple[str, int] | None:
        """(sector, first token index) when ``tok`` heads a sector noun or title."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in self.in_phrase:
            return None  # "Rebel" in "Rebel leader" is part of the leader's title
        phrase = self.phrase_at.get(tok.i)
        if phrase is not None:
            return phrase[1], phrase[0].start
        sector = self.d.sector_of(tok.lemma_) or self.d.sector_of(tok.lower_) or \
            self.d.sector_of(_singular(tok.lower_))  # "Rebels", "Gunmen" opening a sentence
        crowd = tok.lower_ == "people" and tok.dep_ == "pobj" and tok.head.lower_ == "of" \
            and (tok.head.head.pos_ == "NUM" or tok.head.head.lemma_.lower() in (
                "thousand", "hundred", "ten", "dozen", "million", "score", "crowd"))
        if sector and tok.lower_ in BARE_AMBIGUOUS and not crowd and not any(
                c.dep_ in ("amod", "compound", "poss") for c in tok.children):
            return None  # "by force", "the general public" (but "thousands of people")
        return (sector, tok.i) if sector else None

    def _prefix(self, tok: Token, start: int) -> tuple[list[NameEntry], list[int], bool]:
        """Dictionary names and 'former' in the words before ``tok`` in its phrase,
        plus an ``of``/``from`` phrase and an apposition after it."""
        found: list[tuple[int, NameEntry]] = []
        former = False
        lo = min(tok.left_edge.i, start)
        seen: set[int] = set()
        for i in range(lo, start):
            word = self.doc[i]
            if word.lower_ in FORMER:
                former = True
            hit = self.entry_at.get(i)
            if hit and (self._stance(hit[0].start) or self._ethnic(hit[0].start)):
                continue  # "anti-Syria journalist", "ethnic Serb civilians": no country
            if hit and hit[1].kind != "blocked" and id(hit[0]) not in seen and \
                    hit[0].end <= start + 1:
                seen.add(id(hit[0]))
                found.append((hit[0].start, hit[1]))
        for child in tok.rights:
            if child.dep_ == "prep" and (child.lower_ in ("of", "from", "for") or (
                    child.lower_ == "in" and tok.lemma_.lower() in GROUP_IN_WORDS)):
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    # "inhabitants of the Syrian Golan Heights": the object or its modifiers
                    for w in (obj, *[m for m in obj.children
                                     if m.dep_ in ("amod", "compound", "poss")]):
                        hit = self.entry_at.get(w.i)
                        if hit and hit[1].kind != "blocked":
                            found.append((hit[0].start, hit[1]))
                            break
        found.sort(key=lambda x: -x[0])  # nearest to the head first
        return [e for _, e in found], [i for i, _ in found], former

    # -- the cases -------------------------------------------------------------------------
    def _from_entry(self, tok: Token, span: Span, entry: NameEntry) -> ActorRef:
        text, start, end = span.text, span.start_char, span.end_char
        if entry.kind == "person" and entry.person is not None:
            title = " ".join(self.doc[i].text for i in range(tok.left_edge.i, span.start))
            country, sector, reason = entry.person.role_on(self.date, title)
            former = self._prefix(tok, span.start)[2]
            if former:
                sector, reason = "ELI", reason + "; called 'former' → elite"
            if country == "IGO":
                return ActorRef(text, "IGO" + sector, None, "IGO", start, end,
                                name=entry.person.name, kind="person", reason=reason)
            return ActorRef(text, make_code(country, sector), country, sector, start, end,
                            name=entry.person.name, kind="person", reason=reason)
        kind = "state" if entry.kind in ("country", "capital", "metonym") else \
            "place" if entry.kind == "place" else "group"
        reason = f"{entry.kind} {entry.phrase!r} ({entry.where})"
        return ActorRef(text, entry.code, entry.country, entry.sector, start, end,
                        kind=kind, reason=reason)

    def _from_sector(self, tok: Token, found: tuple[str, int]) -> ActorRef:
        sector, first = found
        entries, idx, former = self._prefix(tok, first)
        start_tok = min([first, *idx])
        start, end = self.doc[start_tok].idx, tok.idx + len(tok.text)
        text = self.text[start:end]
        kind = "person" if tok.lemma_.lower() in PERSON_SECTOR_WORDS or \
            self.doc[first].lemma_.lower() in PERSON_SECTOR_WORDS else "group"
        name = self._appos_name(tok)
        if former:
            sector = "ELI"
        entries = sorted(entries, key=lambda e: e.country is None)  # a country first
        demonyms = [e for e in entries if e.kind == "demonym"]
        if len(demonyms) > 1 and not self._coordinated_countries(tok, first):
            # stacked demonyms name residence, then ethnicity: "Croatian Serb refugees"
            # live in Croatia, "Bosnian Serb forces" fight in Bosnia
            outer = demonyms[-1]  # entries are nearest-first; the last is the leftmost
            entries = [outer, *[e for e in entries if e is not outer]]
        coordinated = self._coordinated_countries(tok, first)
        if len(coordinated) > 1:
            refs = [ActorRef(text, make_code(c, sector), c, sector, start, end, name=name,
                             kind=kind, reason=f"sector {sector} from {tok.text!r}, one of "
                                               f"coordinated countries {', '.join(coordinated)}")
                    for c in coordinated]
            self.alts[(start, end)] = refs
            return refs[0]
        for entry in entries:
            if entry.kind == "org" and not former and entry.country is None and any(
                    e.country for e in entries):
                continue
            if entry.kind == "org" and not former:
                return ActorRef(text, entry.code, entry.country, entry.sector, start, end,
                                name=name, kind=kind,
                                reason=f"{tok.text!r} of organisation {entry.phrase!r}")
            if entry.country:
                return ActorRef(text, make_code(entry.country, sector), entry.country, sector,
                                start, end, name=name, kind=kind,
                                reason=f"sector {sector} from {tok.text!r}, country "
                                       f"{entry.country} from {entry.phrase!r}")
        for child in tok.children:  # "its troops", "their government": the owner's country
            if child.dep_ == "poss" and child.lower_ in GROUP_PRONOUNS | PERSON_PRONOUNS:
                owner = self._pronoun(child)
                if owner is not None and owner.country:
                    return ActorRef(text, make_code(owner.country, sector), owner.country,
                                    sector, start, end, name=name, kind=kind,
                                    reason=f"sector {sector} from {tok.text!r}, country "
                                           f"{owner.country} from {child.text!r} → "
                                           f"{owner.text!r}")
        if self._is_short_ref(tok):
            if kind == "person":
                prior = self._antecedent(tok, sector=sector, kind=kind, named=True) or \
                    self._antecedent(tok, kind=kind, named=True)
            else:
                prior = self._antecedent(tok, sector=sector if not former else None,
                                         kind=kind)
            if prior is not None and (prior.country or prior.kind == "person"):
                country = prior.country
                return ActorRef(text, make_code(country, sector) if country else prior.code,
                                country, sector, start, end,
                                name=prior.name if kind == "person" else None,
                                kind=kind, reason=f"short reference {text!r} → {prior.text!r}")
        country = self._context_country(tok, sector) if self._is_short_ref(tok) or \
            tok.pos_ == "PROPN" or self._unknown_place_modifier(tok) else None
        if country:
            return ActorRef(text, make_code(country, sector), country, sector, start, end,
                            name=name, kind=kind,
                            reason=f"sector {sector} from {tok.text!r}; country {country} "
                                   "from the article's context")
        return ActorRef(text, sector, None, sector, start, end, name=name, kind=kind,
                        reason=f"sector {sector} from {tok.text!r}; no country found")

    def _country_reference(self, tok: Token) -> ActorRef | None:
        """"his country", "the country", "the kingdom": the country of the owner, or of
        the nearest state named before."""
        if any(c.dep_ in ("amod", "compound") for c in tok.children):
            return None  # "a neighbouring country", "member countries"
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        prior: ActorRef | None = None
        if owner is not None and owner.lower_ in GROUP_PRONOUNS | PERSON_PRONOUNS:
            prior = self._pronoun(owner)
        elif self._is_short_ref(tok) and tok.tag_ == "NN":
            states = [(i, r) for i, r in reversed(self.history)
                      if i < tok.i and r.kind == "state" and r.country]
            # the state that was last a subject, else the last one named
            prior = next((r for i, r in states if self.doc[i].dep_ in ("nsubj", "nsubjpass")),
                         states[0][1] if states else None)
        if prior is None or not prior.country:
            return None
        return ActorRef(tok.text, prior.country, prior.country, None, tok.idx,
                        tok.idx + len(tok.text), kind="state",
                        reason=f"{tok.text!r} → {prior.country} ({prior.text!r})")

    def _unknown_place_modifier(self, tok: Token) -> bool:
        """"Darfur rebels", "Karen guerrillas": a proper-noun modifier that names no
        actor, usually a region of the country the sentence is about."""
        return any(c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ", "NOUN")
                   and (c.i not in self.entry_at or self._stance(self.entry_at[c.i][0].start)
                        or self._ethnic(self.entry_at[c.i][0].start)
                        or (self.entry_at[c.i][1].kind == "ethnic"
                            and self.entry_at[c.i][1].country is None))
                   and c.text[:1].isupper() for c in tok.children)

    def _context_country(self, tok: Token, sector: str | None) -> str | None:
        """A title with no country of its own: the nearest earlier actor of that sector with
        a country ("Japan's foreign minister … Foreign Minister Sato"), else the dateline."""
        if sector in (None, "IGO", "NGO"):
            return None
        title = tok.lemma_.lower()
        for i, ref in reversed(self.history):
            if i < tok.i and ref.country and ref.sector == sector and \
                    ref.text.split()[-1].lower().rstrip("s") == title:
                return ref.country
        if self.home:
            return self.home
        # one country named in the sentence: "rebels in the Ivory Coast … the government of
        # President Laurent Gbagbo", "Darfur rebels" in a sentence about Sudan
        sent = self.sent_at[tok.i]
        # … but not a country the actor's own verb acts on: "President X accused France"
        head = tok
        while head.dep_ in ("compound", "appos", "amod") and head.head is not head:
            head = head.head
        acted_on: set[int] = set()
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head
            acted_on = {c.i for c in verb.children if c.dep_ in ("dobj", "dative")}
            acted_on |= {g.i for c in verb.children if c.dep_ == "prep" and c.lower_ in (
                "to", "against", "with", "on", "at", "toward", "towards")
                for g in c.children if g.dep_ == "pobj"}
        seen = {e.country for i in range(sent.start, sent.end)
                if (hit := self.entry_at.get(i)) is not None and (e := hit[1]).country
                and e.kind not in ("blocked", "ethnic") and not self._stance(hit[0].start)
                and not self._ethnic(hit[0].start) and i not in acted_on}
        if len(seen) == 1:
            return seen.pop()
        return None

    def _coordinated_countries(self, tok: Token, first: int) -> list[str]:
        """Countries joined by "and" in a modifier or of/from phrase of ``tok``."""
        heads = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        heads += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                  for g in c.children if g.dep_ == "pobj"]
        for h in heads:
            group = [h, *h.conjuncts]
            found = []
            for g in group:
                hit = self.entry_at.get(g.i)
                if hit and hit[1].country and hit[1].country not in found:
                    found.append(hit[1].country)
            if len(found) > 1:
                return found
        return []

    def _appos_name(self, tok: Token) -> str | None:
        for child in tok.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                ent = self.ent_at.get(child.i)
                return ent.text if ent is not None else child.text
        return None

    def _unknown_person(self, tok: Token, ent: Span) -> ActorRef:
        # a title in the same phrase ("Turkish President Turgut Ozal") or in an apposition
        title: tuple[str, int] | None = None
        for i in range(tok.left_edge.i, ent.start):
            found = self._sector(self.doc[i])
            if found is not None:
                title = found
        country = None
        sector = title[0] if title else None
        entries, idx, former = self._prefix(tok, ent.start)
        org = None
        for entry in entries:
            if entry.country:
                country = entry.country
                break
            if entry.kind == "org" and org is None:
                org = entry
        reason = f"person {ent.text!r}"
        if org is not None and not country and not former:  # "UN envoy Marta Lindgren"
            start = self.doc[min([ent.start, *idx])].idx
            return ActorRef(self.text[start:ent.end_char], org.code, org.country,
                            org.sector, start, ent.end_char, name=ent.text, kind="person",
                            reason=reason + f" of organisation {org.phrase!r}")
        for child in tok.children:
            if child.dep_ == "appos":
                ref = self.resolve(child)
                if ref is None:  # "Kenzo Oshima, the United Nations Emergency Relief
                    # Coordinator": a title we do not know, of an organisation we do
                    ref = self._appos_org(child)
                if ref is not None and ref.code:
                    if (ref.country is None and ref.sector == "IGO") or ref.country:
                        return ActorRef(ent.text, ref.code, ref.country, ref.sector,
                                        ent.start_char, ent.end_char, name=ent.text,
                                        kind="person",
                                        reason=reason + f", apposition {ref.text!r}")
                    sector = ref.sector
                    title = (sector, child.i) if sector else title
                    reason += f", apposition {ref.text!r}"
        if title and not country:
            country = self._context_country(self.doc[title[1]], sector)
            if country:
                reason += f", country {country} from the article's context"
        if former:
            sector = "ELI"
        start = self.doc[min([ent.start, *idx])].idx if (title or country) else ent.start_char
        text = self.text[start:ent.end_char]
        code = make_code(country, sector) if (country or sector) else None
        return ActorRef(text, code, country, sector, start, ent.end_char, name=ent.text,
                        kind="person", reason=reason + (f" titled {sector}" if sector else ""))

    def _is_short_ref(self, tok: Token) -> bool:
        dets = [c for c in tok.children if c.dep_ == "det"]
        return bool(dets) and dets[0].lower_ in SHORT_REF_DETS and \
            not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children)

    def _pronoun(self, tok: Token) -> ActorRef | None:
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            prior = self._antecedent(tok, kind="person", named=True) or \
                self._antecedent(tok, kind="person")
        elif low in GROUP_PRONOUNS:
            prior = self._antecedent(tok, kind="group")
        else:
            return None
        if prior is None:
            return None
        return ActorRef(tok.text, prior.code, prior.country, prior.sector, tok.idx,
                        tok.idx + len(tok.text), name=prior.name, kind=prior.kind,
                        reason=f"pronoun {tok.text!r} → {prior.text!r}")

    def _antecedent(self, tok: Token, *, kind: str, sector: str | None = None,
                    named: bool = False) -> ActorRef | None:
        """The nearest earlier compatible mention, in this sentence or the ones before; a
        mention ending in the same word ("the ministry" → "Seoul's unification ministry")
        is preferred."""
        word = tok.lemma_.lower()
        if tok.pos_ == "NOUN":
            for i, ref in reversed(self.history):
                if i < tok.i and ref.code and ref.text.split()[-1].lower().rstrip("s") == \
                        word.rstrip("s") and " " in ref.text and (
                            ref.kind == kind or kind != "person"):
                    if named and not ref.name:
                        continue
                    return ref
        for i, ref in reversed(self.history):
            if i >= tok.i or not (ref.code or (named and ref.name)):
                continue
            if named and not ref.name:
                continue
            if kind == "person":
                if ref.kind != "person":
                    continue
            elif ref.kind == "person":
                continue
            # a state named without a sector ("Japan") is a government's antecedent
            if sector and ref.sector != sector and (ref.sector is not None or sector != "GOV"):
                continue
            return ref
        return None


@Language.factory("flashpoint_actors", assigns=["doc._.actors", "doc._.actor_at"],
                  requires=["token.dep", "token.lemma", "token.pos"])
def make_actor_recognizer(nlp: Language, name: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, default_dictionary())
