"""Interests, introductions, conversations and responses to challenges."""
