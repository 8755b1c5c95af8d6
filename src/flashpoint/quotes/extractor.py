"""Attribute quotations to speakers: cues, inversion, colons, pronouns, following paragraphs.

A spaCy component assigning ``doc._.quotes``: direct quotes found from their marks
(``quotes.marks``) and indirect speech ("X said that ..."), each with the cue
and the speaker as an ``ActorRef`` whose ``name`` is the person when known.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from flashpoint.actors.model import ActorRef
from flashpoint.quotes.marks import QuoteSpan, find_quotes

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)

CUE_VERBS = frozenset({
    "say", "tell", "add", "warn", "insist", "write", "state", "declare", "announce", "reply",
    "explain", "stress", "note", "claim", "argue", "continue", "comment", "respond", "ask",
    "vow", "pledge", "promise", "urge", "caution", "acknowledge", "admit", "concede", "remark",
    "tweet", "post", "recall", "observe", "emphasise", "emphasize", "assert", "maintain",
    "complain", "predict", "suggest", "describe", "call", "threaten", "quip", "conclude",
    "reiterate", "confirm", "deny", "exclaim", "shout", "allege", "underline",
})
INDIRECT_VERBS = frozenset({"say", "tell", "add", "warn", "insist", "claim", "state",
                            "announce", "declare", "argue", "stress", "note", "confirm",
                            "deny", "acknowledge", "admit", "allege", "reiterate", "predict",
                            "explain", "maintain", "assert", "write"})
SPEAKER_DEPS = ("nsubj", "nsubjpass")
# verbs that cue speech only when the quote is their own complement ("vowed to “act”")
WEAK_CUES = frozenset({"call", "describe", "threaten", "urge", "ask", "promise", "vow",
                       "pledge", "deny", "confirm", "predict", "suggest", "continue",
                       "respond", "complain", "recall"})


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct | indirect
    cue: str | None
    speaker: ActorRef | None
    speaker_text: str | None

    @property
    def speaker_name(self) -> str | None:
        if self.speaker is not None and self.speaker.name:
            return self.speaker.name
        return self.speaker_text


class QuoteExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = _Attributor(doc).run()
        return doc


class _Attributor:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.actor_at: dict[int, ActorRef] = doc._.actor_at or {}
        self.text = doc.text  # Doc.text joins every token on each access
        self.spans = find_quotes(self.text)
        self.sents = list(doc.sents)
        self.sent_at = {i: st for st in self.sents for i in range(st.start, st.end)}
        self.ent_at = {i: e for e in doc.ents for i in range(e.start, e.end)}
        # the actor recogniser found the dateline ("TOKYO —"); quotes run after it
        self.dateline_end = doc.user_data.get("fp_dateline_end", 0)

    def inside(self, tok: Token) -> bool:
        return any(q.start <= tok.idx < q.end for q in self.spans)

    def run(self) -> list[Quote]:
        out: list[Quote] = []
        last: Quote | None = None
        for q in self.spans:
            quote = self._attribute(q, last)
            if quote is None:
                continue
            out.append(quote)
            last = quote
        out.extend(self._indirect())
        out.sort(key=lambda x: x.start)
        return out

    # -- direct quotes ---------------------------------------------------------------------
    def _tokens_around(self, q: QuoteSpan) -> list[Span]:
        """Sentences touching the quote, in order: the cue is looked for there."""
        sents = [s for s in self.sents
                 if s.end_char > q.start - 2 and s.start_char <= q.end + 1]
        if sents:
            after = sents[-1].end
            if after < len(self.doc):
                nxt = self.sent_at[after]
                if nxt.start_char - q.end < 4:
                    sents.append(nxt)
        return sents

    def _attribute(self, q: QuoteSpan, last: Quote | None) -> Quote | None:
        text = self.text[q.start:q.end]
        sents = self._tokens_around(q)
        cue, speaker = self._find_cue(q, sents)
        if cue is not None and last is not None and "\n" in self.text[
                min(cue.idx, q.start):max(cue.idx, q.end)] and not q.start <= cue.idx <= q.end:
            cue = speaker = None  # a cue in another paragraph: the follow-up rule decides
        if cue is None and q.continued and last is not None:
            return Quote(text, q.start, q.end, "direct", None, last.speaker, last.speaker_text)
        if cue is None:
            words = len(text.split())
            starts_para = self.text[:q.start - 1].rstrip(" \t").endswith("\n") or q.start <= 1
            between = self.text[last.end:q.start] if last is not None else ""
            if last is not None and last.kind == "direct" and "\n" not in between and \
                    len(between) < 120 and words >= 2:
                # “A,” she said. “B.” — the second part continues the same speaker
                return Quote(text, q.start, q.end, "direct", None, last.speaker,
                             last.speaker_text)
            if last is not None and starts_para and words >= 4:
                return Quote(text, q.start, q.end, "direct", None, last.speaker,
                             last.speaker_text)
            return None  # no cue, no preceding speaker: scare quotes or a title
        ref, spoken = self._speaker(speaker) if speaker is not None else (None, None)
        if ref is None and spoken is None and last is not None:
            ref, spoken = last.speaker, last.speaker_text
        return Quote(text, q.start, q.end, "direct", cue.text if cue is not None else None, ref,
                     spoken)

    def _find_cue(self, q: QuoteSpan, sents: list[Span]) -> tuple[Token | None, Token | None]:
        best: tuple[int, Token, Token | None] | None = None
        quote_words = len(self.text[q.start:q.end].split())
        for sent in sents:
            for tok in sent:
                if self.inside(tok):
                    continue
                lemma = tok.lemma_.lower()
                subj: Token | None = None
                if lemma in CUE_VERBS and tok.pos_ in ("VERB", "AUX"):
                    if lemma in WEAK_CUES and not self._governs_quote(tok, q):
                        continue
                    subj = self._subject(tok)
                elif tok.lower_ == "according" and tok.i + 1 < len(self.doc):
                    nxt = self.doc[tok.i + 1]
                    subj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
                elif tok.text == ":" and tok.idx < q.start and q.start - tok.idx < 4:
                    sent = self.sent_at[tok.i]
                    root = sent.root
                    subj = self._subject(root) if root.lemma_.lower() in CUE_VERBS else None
                    if subj is None:
                        subj = next((t for t in sent if t.dep_ in SPEAKER_DEPS
                                     and not self.inside(t)), None)
                    if subj is None:
                        continue
                else:
                    continue
                if subj is None and quote_words < 4 and not self._governs_quote(tok, q):
                    continue
                distance = min(abs(tok.idx - q.end), abs(tok.idx - q.start))
                if "\n" in self.text[min(tok.idx, q.start):max(tok.idx, q.end)] and \
                        not (q.start <= tok.idx <= q.end):
                    distance += 500  # a cue in another paragraph is a last resort
                if best is None or distance < best[0]:
                    best = (distance, tok, subj)
        if best is None:
            # a fragment inside a sentence ("vowed to “act decisively”"): the sentence subject
            for sent in sents[:1]:
                if sent.start_char < q.start - 1 and q.end < sent.end_char:
                    root = sent.root
                    if root.lemma_.lower() in CUE_VERBS or any(
                            t.lemma_.lower() in CUE_VERBS for t in root.children):
                        return root, self._subject(root)
            return None, None
        return best[1], best[2]

    def _governs_quote(self, verb: Token, q: QuoteSpan) -> bool:
        return any(q.start <= t.idx < q.end for t in verb.subtree)

    def _subject(self, verb: Token) -> Token | None:
        tok = verb
        for _ in range(4):
            subj = next((c for c in tok.children if c.dep_ in SPEAKER_DEPS
                         and not self.inside(c) and not c.is_punct
                         and c.ent_type_ not in ("DATE", "TIME")), None)
            if subj is not None and subj.idx < self.dateline_end:
                # the dateline parsed as subject, the speaker as its apposition
                subj = next((c for c in subj.children if c.dep_ == "appos"), None)
            if subj is not None:
                return subj
            if tok.dep_ in ("conj", "advcl", "xcomp") and tok.head is not tok:
                tok = tok.head
                continue
            break
        # inverted or garbled: the first nominal after the cue ("said the minister")
        for t in verb.doc[verb.i + 1: min(verb.i + 12, len(verb.doc))]:
            if self.inside(t) or (t.is_punct and t.text in ".:“”\""):
                break
            if t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ not in ("compound", "amod",
                                                                    "pobj", "npadvmod") \
                    and t.ent_type_ not in ("DATE", "TIME"):
                return self._phrase_head(t)
        return None

    @staticmethod
    def _phrase_head(tok: Token) -> Token:
        while tok.dep_ in ("compound", "amod", "poss") and tok.head is not tok:
            tok = tok.head
        return tok

    def _speaker(self, tok: Token) -> tuple[ActorRef | None, str | None]:
        ref = self.actor_at.get(tok.i)
        if ref is None:
            for child in tok.children:
                if child.dep_ == "appos" and child.i in self.actor_at:
                    ref = self.actor_at[child.i]
        if ref is None:
            ent = self.ent_at.get(tok.i)
            text = ent.text if ent is not None else _phrase_text(tok)
            return None, text
        if ref.kind == "person" and ref.name is None:
            # "the Minister of Foreign Affairs … Mr. Pavel Orlov": a name inside the phrase
            ent = next((self.ent_at[t.i] for t in tok.subtree if t.i in self.ent_at
                        and self.ent_at[t.i].label_ == "PERSON"), None)
            if ent is not None:
                return ActorRef(ref.text, ref.code, ref.country, ref.sector, ref.start,
                                ref.end, name=ent.text, kind="person",
                                reason=ref.reason + f"; named {ent.text!r}"), ref.text
        return ref, ref.text

    # -- indirect speech -------------------------------------------------------------------
    def _indirect(self) -> list[Quote]:
        out = []
        for tok in self.doc:
            if tok.lemma_.lower() not in INDIRECT_VERBS or tok.pos_ != "VERB" or self.inside(tok):
                continue
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if comp is None or comp.i < tok.i or self.inside(comp):
                continue
            subj = self._subject(tok)
            if subj is None or subj.i > tok.i:
                continue
            words = [t for t in comp.subtree if not (t.dep_ == "mark" and t.lower_ == "that")]
            while words and words[-1].is_punct:
                words.pop()
            if len(words) < 3:
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1])
            if any(q.start <= start < q.end for q in self.spans):
                continue
            ref, spoken = self._speaker(subj)
            out.append(Quote(self.text[start:end], start, end, "indirect", tok.text, ref,
                             spoken))
        return out


def _phrase_text(tok: Token) -> str:
    words = [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct")
             and t.i <= tok.i + 6]
    left = min(t.i for t in words)
    right = max(t.i for t in words)
    return tok.doc[left:right + 1].text


@Language.factory("flashpoint_quotes", assigns=["doc._.quotes"], requires=["doc._.actor_at"])
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor()
