"""The domain: states and transitions, policy predicates, and the services that apply them."""
