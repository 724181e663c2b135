"""News indexer: read and clean articles, build Whoosh indexes, and search them."""
