"""Safe Markdown and small template helpers shared by every page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import nh3
from flask import Flask
from markdown_it import MarkdownIt
from markupsafe import Markup

from petitions.workflow import policy

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


def humanize(value: str | None) -> str:
    """``in_review`` to ``in review``."""
    return (value or "").replace("_", " ")


def day(value: date | datetime | None) -> str:
    """A date as ``2026-11-28`` (empty for none)."""
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d")


def init_app(app: Flask) -> None:
    """Register filters and put the policy module in every template."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markdown"] = markdown
    app.jinja_env.filters["humanize"] = humanize
    app.jinja_env.filters["day"] = day

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"policy": policy}
