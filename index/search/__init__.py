"""Ranking and passages over a read-only view of the index."""
