"""Form widgets for long lists.

WTForms' ``Select`` builds every ``<option>`` through ``html_params`` and ``Markup.format``: about
a millisecond per hundred options, so a chooser of 500 contracts cost 45 ms of a 50 ms page
(bench/RESULTS.md, "before"). ``LongSelect`` writes the same markup directly.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from wtforms.widgets import Select


class LongSelect(Select):
    """A ``<select>`` whose plain options are written in one step each (same markup as ``Select``)."""

    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:
        """``<option value="v"[ selected]>label</option>``; options with extra attributes as usual."""
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)  # type: ignore[no-any-return]
        value = escape(str(choice.value))
        label = escape(choice.label or choice.value)
        return Markup(f'<option{" selected" if choice.selected else ""} value="{value}">{label}</option>')  # noqa: S704 - value and label escaped above
