"""Answers questions from the store: retrieval, routing, exact figures, quotes, cited composition."""
