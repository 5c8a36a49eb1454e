"""The JSON API, ``/api/v1``: the same services as the pages, behind personal access tokens.

``bp`` is registered by ``create_app``; importing the view modules here adds their routes.
"""

from petitions.api import (  # noqa: F401  (their routes)
    audit,
    committee,
    concerns,
    contracts,
    deliberation,
    leadership,
    me,
    notification_settings,
    openapi,
    signature_paging,
    signatures,
    voting,
    waiting,
)
from petitions.api.blueprint import bp

__all__ = ["bp"]
