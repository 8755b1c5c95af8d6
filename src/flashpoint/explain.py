"""Human-readable reasons: why each event was coded, and why a sentence gave nothing."""

from __future__ import annotations

from spacy.tokens import Doc

from flashpoint.events.model import CodedEvent


def explain_doc(doc: Doc) -> list[str]:
    lines: list[str] = []
    events: list[CodedEvent] = doc._.events or []
    notes: list[tuple[int, str]] = doc._.event_notes or []
    for n, sent in enumerate(doc.sents):
        lines.append(f"[{n}] {sent.text.strip()}")
        mine = [e for e in events if e.sentence_index == n]
        for e in mine:
            words = " ".join(f"{t.text}/{t.dep_}" for t in e.matched)
            lines.append(f"    EVENT {e.cameo} via pattern {e.pattern.id} "
                         f"({e.pattern.text()}; {e.pattern.where}) on: {words}")
            if e.source is not None:
                lines.append(f"      source {e.source.text!r} = {e.source.code}: "
                             f"{e.source.reason}")
            else:
                lines.append("      source: not named (violence reported in the passive)")
            if e.target is not None:
                lines.append(f"      target {e.target.text!r} = {e.target.code}: "
                             f"{e.target.reason}")
            else:
                lines.append("      target: none found")
            lines.append(f"      mode {e.mode}: {e.mode_reason}")
        why = [msg for i, msg in notes if i == n]
        if not mine:
            if why:
                lines.extend(f"    nothing coded: {msg}" for msg in why)
            else:
                lines.append("    nothing coded: no word in the sentence heads an event pattern")
    return lines
