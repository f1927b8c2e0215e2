"""Corpus-level entity resolution: person clusters, titles, the actors KB, analyst corrections, name matching.

Runs on every build over the cached per-article mentions (never Docs), so editing
anything here re-parses nothing.
"""
from data_pipeline.resolve.entities import Resolution, resolve

__all__ = ["Resolution", "resolve"]
