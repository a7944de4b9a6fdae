"""The corpus on disk: articles, the token cache and the index snapshot."""
