"""Evaluation sets and the runner that scores what `citebrief ask` returns."""
