"""Safe Markdown and small template helpers shared by every page."""

from __future__ import annotations

from datetime import date, datetime

import nh3
from flask import Flask
from markdown_it import MarkdownIt
from markupsafe import Markup

from petitions.vocabulary import (
    AuthorVisibility,
    BallotChoice,
    ContractStatus,
    Outcome,
    PerspectiveStance,
    PerspectiveVisibility,
    RejectionCode,
    Role,
    Stance,
    Status,
    Visibility,
)
from petitions.workflow import policy

VOCABULARY = (AuthorVisibility, BallotChoice, ContractStatus, Outcome, PerspectiveStance, PerspectiveVisibility,
              RejectionCode, Role, Stance, Status, Visibility)

# Raw HTML is off in the parser, and the output is cleaned again with an allow-list.
_markdown = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}


def markdown(text: str | None) -> Markup:
    """Markdown to HTML with no script, style, event handler or javascript: link surviving."""
    html = _markdown.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)  # noqa: S704 - cleaned by nh3 just above


def day(value: date | datetime | None) -> str:
    """A date as ``2026-11-28`` (empty for none)."""
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d")


def init_app(app: Flask) -> None:
    """Register every filter and template global, here and nowhere else.

    Templates ask the same predicates as the services (``policy``) and compare states with the
    vocabulary (``Status``), never with string literals.
    """
    from petitions.committee.views import committee_panel
    from petitions.outcomes import views as outcome_views
    from petitions.perspectives.views import perspective_helpers

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markdown"] = markdown
    app.jinja_env.filters["day"] = day
    app.jinja_env.globals.update(
        policy=policy,
        **{term.__name__: term for term in VOCABULARY},
        divergence_sentence=outcome_views.divergence_sentence,
        divergence_label=outcome_views.divergence_label,
        commitment_overdue=outcome_views.commitment_overdue,
        outcome_label=outcome_views.outcome_label,
        stance_label=outcome_views.stance_label,
    )
    app.context_processor(committee_panel)
    app.context_processor(perspective_helpers)
