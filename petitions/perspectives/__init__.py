"""The perspective form on the concern page: for every employee, so outside the committee's gate."""
