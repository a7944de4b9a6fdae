"""Exact BM25Okapi: arrays in, scores out. Never sees an Engine."""
