"""Small helpers the web tests share: read a page as a person would, count rows.

``texts(html, "h3")`` and ``text_of(html)`` look at what the page says (tags stripped, spaces
collapsed), so a test does not break when markup around the words changes, and does not pass
because the words sit in an attribute or a hidden input.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from sqlalchemy import func, select

from petitions.extensions import db

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def main(html: str) -> str:
    """The page's own content (``<main>``), without the header (which names the logged-in person)."""
    return html[html.index("<main") : html.index("</main>")]


def _matches(selector: str, tag: str, attrs: dict[str, str]) -> bool:
    """``tag``, ``.class``, ``#id``, ``tag.class`` or ``tag#id``."""
    found = re.fullmatch(r"([\w-]*)([.#][\w-]+)?", selector)
    assert found is not None, f"unsupported selector {selector!r}"
    name, rest = found.group(1), found.group(2) or ""
    if name and name != tag:
        return False
    if rest.startswith("."):
        return rest[1:] in attrs.get("class", "").split()
    if rest.startswith("#"):
        return attrs.get("id") == rest[1:]
    return True


class _Collector(HTMLParser):
    """Collects the text inside every element matching a selector."""

    def __init__(self, selector: str) -> None:
        super().__init__(convert_charrefs=True)
        self.selector = selector
        self.open: list[tuple[str, int | None]] = []  # (tag, index into found, if this element matched)
        self.found: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        index = None
        if _matches(self.selector, tag, values):
            self.found.append([])
            index = len(self.found) - 1
        if tag not in _VOID:
            self.open.append((tag, index))

    def handle_endtag(self, tag: str) -> None:
        for position in range(len(self.open) - 1, -1, -1):
            if self.open[position][0] == tag:
                del self.open[position:]
                break

    def handle_data(self, data: str) -> None:
        for _tag, index in self.open:
            if index is not None:
                self.found[index].append(data)


def _clean(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def texts(html: str, selector: str) -> list[str]:
    """The visible text of every element matching ``selector``, spaces collapsed."""
    parser = _Collector(selector)
    parser.feed(html)
    parser.close()
    return [_clean(parts) for parts in parser.found]


def text_of(html: str, selector: str = "main") -> str:
    """The visible text of the first element matching ``selector`` (the page's ``<main>`` by default)."""
    found = texts(html, selector)
    assert found, f"no {selector} on the page"
    return found[0]


class _Rows(HTMLParser):
    """Collects each table row as the texts of its cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(_clean(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """Every table row in ``html`` as the visible texts of its cells: ``[["Legal", "6"], ...]``."""
    parser = _Rows()
    parser.feed(html)
    parser.close()
    return parser.rows


def contains_run(items: list[str], run: list[str]) -> bool:
    """``run`` appears in ``items`` as consecutive entries (a table row's cells, for instance)."""
    return any(items[i : i + len(run)] == run for i in range(len(items) - len(run) + 1))


def count(app: Any, model: Any, **where: Any) -> int:
    """How many rows of ``model`` match ``where``."""
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0)
