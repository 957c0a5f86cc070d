"""reviewer: a hybrid change-risk reviewer for pull requests."""

from __future__ import annotations

__version__ = "0.1.0"
