"""Corpus-level entity resolution: person clusters, titles, the actors KB, analyst corrections, name matching.

Runs on every build over the cached per-article mentions (never Docs), so editing
anything here re-parses nothing.
"""
from data_pipeline.resolve.aggregates import State
from data_pipeline.resolve.entities import Resolution, resolve
from data_pipeline.resolve.patch import patch

__all__ = ["Resolution", "State", "patch", "resolve"]
