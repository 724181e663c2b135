"""`python -m indexer` is `news-index`."""
import sys

from .cli import main

sys.exit(main())
