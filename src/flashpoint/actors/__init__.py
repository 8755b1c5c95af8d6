"""Actors: the dictionary of who is who, and the recogniser that finds them in a parse."""

from flashpoint.actors.dictionary import ActorDictionary, default_dictionary
from flashpoint.actors.model import ActorRef

__all__ = ["ActorDictionary", "ActorRef", "default_dictionary"]
