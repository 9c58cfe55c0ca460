"""Turns report files into structured evidence (sections, quotes, tables, chunks) in a store."""
