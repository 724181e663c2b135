"""Every file a generation keeps beside Whoosh's segments: numpy arrays (memory-mapped) and JSON, never pickle.

The build writes through this package and searches read through it; neither imports the other.

    gen-000007/
      manifest.json            format version, parts and their document counts (written last)
      build.json               the build's report (written by indexer.store when it publishes)
      files.json.gz            each corpus file's SHA-256 and its articles, for `update`
      docvalues/               per document: dates, lengths, facet codes, deletions, duplicate groups
      vocabulary/              words of each searchable field with counts; words as written, for spelling
      part-00/                 one build worker's Whoosh index, plus
        docvalues/             the part's own values, merged into the generation's
        forward/               each document's terms in order, and the part's term dictionary
        postings/              each term's documents, with BM25F weights for the ranked field, and its positions
        samples.npy, sample_counts.npy   each document's sampled word shingles, for version grouping
"""
from .corpus_files import CorpusFiles, FileEntry, file_digest
from .disk import preload
from .docvalues import FACETS, NO_DATE, NONE, Column, DocValues, DocValuesWriter
from .forward import SEPARATOR, ForwardIndex, ForwardWriter
from .manifest import FORMAT, IndexFormatError, Manifest, Part
from .postings import BM25F, PartPostings, idf
from .strings import StringTable
from .vocabulary import WORDS, Vocabulary

__all__ = ["BM25F", "FACETS", "FORMAT", "NONE", "NO_DATE", "SEPARATOR", "Column", "CorpusFiles", "DocValues",
           "DocValuesWriter", "FileEntry", "ForwardIndex", "ForwardWriter", "IndexFormatError", "Manifest", "Part",
           "PartPostings", "StringTable", "Vocabulary", "WORDS", "file_digest", "idf", "preload"]
