"""flashpoint: who did what to whom, who said what, and is this dyad escalating."""

__version__ = "0.1.0"
