"""Strings in, strings and tokens out: the Korean news cleaner and the Kiwi tokenizer."""
