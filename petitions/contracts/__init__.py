"""contracts pages."""
