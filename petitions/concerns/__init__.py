"""concerns pages."""
