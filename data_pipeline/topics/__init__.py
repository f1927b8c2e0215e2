"""Topics: the analyst-edited taxonomy, tagging of cached sentence lemmas, and emerging terms."""
