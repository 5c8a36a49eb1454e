"""Where a password link appears in a mail, and how the stored copy is made useless once sent.

Kept apart (it imports nothing of ours) so that ``petitions/mail.py`` can scrub bodies without
importing the services.
"""

from __future__ import annotations

import re

LINK_PATH = "/password/set/"
_LINK = re.compile(re.escape(LINK_PATH) + r"[A-Za-z0-9_-]+")
SCRUBBED = LINK_PATH + "(link removed from the stored copy after sending)"


def scrub(body: str) -> str:
    """A mail body with any password link made useless (for the stored copy)."""
    return _LINK.sub(SCRUBBED, body)
