"""A realistic demo company: its people (``data``), registry and concerns (``scenario``), the
committee's and leadership's work on them (``deliberation``), built by ``builder``."""
