"""Bytes and files in, Articles out: fetching, HTML extraction, file importers. No index imports."""
