"""Cross-article meeting events: the same interaction reported by several articles becomes one event."""
