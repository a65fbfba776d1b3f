"""Verbs the views call: the use cases, kept out of the views."""
