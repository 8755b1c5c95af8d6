"""Events: verb patterns, the coder component, and modality."""
