"""The public output contract (DESIGN §4): turning a coded Doc into event and quote records."""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.actors.model import ActorRef
from flashpoint.events.model import CodedEvent
from flashpoint.ontology import default_ontology
from flashpoint.quotes.extractor import Quote

Record = dict[str, Any]


def actor_json(ref: ActorRef | None) -> dict[str, Any] | None:
    if ref is None or not ref.code:
        return None
    return ref.as_json()


def speaker_json(ref: ActorRef | None, spoken: str | None) -> dict[str, Any] | None:
    if ref is None and not spoken:
        return None
    if ref is None:
        return {"text": spoken, "name": spoken, "code": None, "country": None}
    return {"text": spoken or ref.text, "name": ref.name, "code": ref.code,
            "country": ref.country}


def _quote_for(event: CodedEvent, quotes: list[Quote]) -> Quote | None:
    pos = event.trigger.idx
    return next((q for q in quotes if q.kind == "direct" and q.start <= pos < q.end), None)


def event_record(doc_id: str, doc: Doc, event: CodedEvent, quotes: list[Quote],
                 day: date | None, text: str | None = None) -> Record:
    code = default_ontology()[event.cameo]
    attributed = None
    quote = _quote_for(event, quotes)
    if quote is not None:
        attributed = speaker_json(quote.speaker, quote.speaker_text)
    elif event.speech_verb is not None:
        subj = next((c for c in event.speech_verb.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            ref = (doc._.actor_at or {}).get(subj.i)
            attributed = speaker_json(ref, subj.text if ref is None else ref.text)
    start, end = event.span
    return {
        "type": "event", "doc": doc_id, "sentence_index": event.sentence_index,
        "sentence": (text or doc.text)[event.sentence_start:event.sentence_end].strip(),
        "span": [start, end], "date": day.isoformat() if day else None,
        "source": actor_json(event.source), "target": actor_json(event.target),
        "cameo": code.code, "root": code.root, "goldstein": code.goldstein,
        "quad_class": code.quad_class, "plover": code.plover, "mode": event.mode,
        "attributed_to": attributed, "pattern": event.pattern.id,
    }


def quote_record(doc_id: str, quote: Quote) -> Record:
    return {"type": "quote", "doc": doc_id, "text": quote.text,
            "span": [quote.start, quote.end], "kind": quote.kind, "cue": quote.cue,
            "speaker": speaker_json(quote.speaker, quote.speaker_text)}


def compute_records(doc_id: str, doc: Doc) -> list[Record]:
    day = doc._.date
    quotes: list[Quote] = doc._.quotes or []
    text = doc.text
    out = [event_record(doc_id, doc, e, quotes, day, text) for e in doc._.events or []]
    out += [quote_record(doc_id, q) for q in quotes]
    return out


def doc_records(doc_id: str, doc: Doc) -> list[Record]:
    """The contract records of a coded Doc (computed by the last pipeline component)."""
    done = doc.user_data.get("fp_records")
    if done is None:
        return compute_records(doc_id, doc)
    return [{**r, "doc": doc_id} for r in done]


# Doc extensions whose values hold Tokens or ActorRefs: dropped before a Doc crosses a
# process boundary (they cannot be serialised, and the records already carry them)
TOKEN_HOLDING = ("actors", "actor_at", "actor_alts", "events", "event_notes", "quotes")
KEEP = "fp_keep"  # user_data flag: keep Token-holding results on the Doc (explain, tests)


class RecordMaker:
    """Last component: turns the coded Doc into plain records and, unless asked to keep
    them, drops the Token-holding results so the Doc can cross process boundaries."""

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["fp_records"] = compute_records("", doc)
        if not doc.user_data.get(KEEP):
            for name in TOKEN_HOLDING:
                setattr(doc._, name, None)
        return doc


@Language.factory("flashpoint_records", requires=["doc._.events", "doc._.quotes"])
def make_record_maker(nlp: Language, name: str) -> RecordMaker:
    return RecordMaker()
