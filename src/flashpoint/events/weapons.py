"""What the words around an act say about it: the weapon or craft that did it, the
bomb that made a blast, and sports or space-flight settings that make it no event."""

from __future__ import annotations

from spacy.tokens import Token

# subjects that stand for an unnamed attacker: "a roadside bomb killed two soldiers"
WEAPON_NOUNS = frozenset({"bomb", "bombing", "explosive", "device", "landmine", "mortar",
                          "rocket", "missile", "grenade", "shell", "gunfire", "bullet",
                          "sniper", "gunman", "bomber", "attacker", "assailant", "drone",
                          "ied", "airstrike", "shelling"})
# a blast or explosion is an attack only when a bomb made it ("a gas explosion" is not)
BLAST_NOUNS = frozenset({"blast", "explosion"})
BOMB_MODIFIERS = frozenset({"bomb", "car", "suicide", "roadside", "truck", "terrorist",
                            "grenade", "rocket", "mortar", "ied", "landmine", "mine"})
BOMB_NOUNS = frozenset({"bomb", "bombing", "blast", "explosion", "explosive", "device",
                        "bomber"})


# words that put a "meeting", "attack" or "launch" on a pitch or a launch pad
OFF_TOPIC_NOUNS = frozenset({
    "semi-final", "semifinal", "quarter-final", "quarterfinal", "referee", "midfielder",
    "goalkeeper", "playoff", "play-off", "astronaut", "cosmonaut", "spacecraft", "rover",
    "lander", "space station"})  # not "Olympics": boycotting them is a political act


def off_topic(verb: Token) -> bool:
    """The verb's own phrases name a sports fixture or a space flight: "will meet in the
    semi-final", "launched a rocket carrying three astronauts"."""
    near = [c for c in verb.children] + [g for c in verb.children for g in c.children]
    near += [g for c in near if c.dep_ in ("acl", "prep", "pobj") for g in c.children]
    doc = verb.doc
    return any(t.lemma_.lower() in OFF_TOPIC_NOUNS or t.lower_ in OFF_TOPIC_NOUNS or (
        t.i >= 2 and doc[t.i - 1].text == "-"  # "semi-final" split in three
        and f"{doc[t.i - 2].lower_}-{t.lower_}" in OFF_TOPIC_NOUNS) for t in near)


# generic force codes that the weapon named as subject makes specific
GENERIC_FORCE = frozenset({"190", "1823", "180"})
ARM_CODES = {"plane": "195", "warplane": "195", "jet": "195", "aircraft": "195",
             "helicopter": "195", "gunship": "195", "bomber": "195", "airstrike": "195",
             "tank": "194", "artillery": "194", "howitzer": "194", "mortar": "194",
             "gunboat": "194", "warship": "194", "drone": "1952"}


def arm_code(verb: Token) -> str | None:
    """The code a weapon or craft in the subject gives: "Israeli tanks pounded Hezbollah
    positions" (194), "a Palestinian suicide bomber killed 15 people" (1831), and a
    "test-fired" missile is a show of force (150)."""
    if verb.lemma_.lower() == "fire" and verb.i >= 2 and verb.doc[verb.i - 1].text == "-" \
            and verb.doc[verb.i - 2].lower_ == "test":
        return "150"
    for subj in (c for c in verb.children if c.dep_ == "nsubj"):
        words = {subj.lemma_.lower()} | {m.lemma_.lower() for m in subj.children
                                         if m.dep_ in ("compound", "amod")}
        if subj.lemma_.lower() == "bomber" and "suicide" in words:
            return "1831"
        return ARM_CODES.get(subj.lemma_.lower())
    return None


def governed_by(verb: Token, lemma: str) -> bool:
    """``verb`` is an open complement, directly or through others, of ``lemma``:
    "prepared to resume shelling"."""
    tok = verb
    while tok.dep_ == "xcomp" and tok.head is not tok:
        tok = tok.head
        if tok.lemma_.lower() == lemma:
            return True
    return False


def bombing_code(verb: Token) -> str | None:
    """"A roadside bomb killed …", "killed in a car bomb explosion": violence done by a
    bomb is CAMEO's bombing (183), suicide (1831), car (1832) or roadside (1833)."""
    nouns = [c for c in verb.children if c.dep_ == "nsubj"]
    nouns += [g for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in (
        "in", "by") for g in c.children if g.dep_ == "pobj"]
    for noun in nouns:
        words = {noun.lemma_.lower()} | {m.lemma_.lower() for m in noun.children
                                         if m.dep_ in ("compound", "amod")}
        words |= {m.lemma_.lower() for w in noun.children if w.dep_ == "compound"
                  for m in w.children if m.dep_ in ("compound", "amod")}
        if not words & BOMB_NOUNS or (noun.lemma_.lower() in BLAST_NOUNS
                                       and not words & BOMB_MODIFIERS):
            continue  # "killed in an explosion" may be an accident
        if "suicide" in words:
            return "1831"
        if words & {"car", "truck", "vehicle"}:
            return "1832"
        if "roadside" in words:
            return "1833"
        return "183"
    return None


FRONT_NOUNS = frozenset({"border", "frontier", "front", "frontline", "front-line"})


def to_front(verb: Token) -> bool:
    """Sent "to the border" or "to the front": forces moved, not given."""
    return any(c.dep_ == "prep" and c.lower_ in ("to", "toward", "towards") and any(
        g.dep_ == "pobj" and g.lemma_.lower() in FRONT_NOUNS for g in c.children)
        for c in verb.children)
