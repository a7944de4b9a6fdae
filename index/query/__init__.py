"""Questions to weighted terms: question words, expansion (synonyms, aliases, English)."""
