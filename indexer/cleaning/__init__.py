"""Bytes in, article text out: decoding, normalisation and HTML cleaning, with no I/O."""
