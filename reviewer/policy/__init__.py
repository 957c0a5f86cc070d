"""The policy (``.reviewer.yaml``): how a team tunes the gate, and how the gate keeps a change
from loosening its own review. ``schema`` and ``compile`` need pydantic; every other module
here is plain Python, so a review without a policy file never imports it."""
