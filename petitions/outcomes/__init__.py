"""The published register every employee reads: outcomes, their CSV export and Atom feed, and the figures."""
