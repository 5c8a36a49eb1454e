"""Being heard: where a concern stands, what is waiting for you, following without a session."""
