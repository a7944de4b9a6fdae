"""Evaluation and benchmarks; never imported by the bot."""
