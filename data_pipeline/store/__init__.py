"""The store: table schemas, validation, atomic publish, and the read-optimised serving files.

This is the one package the dashboard imports (`store.serving`, `store.fulltext`, `store.tables`).
"""
