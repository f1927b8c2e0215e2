"""Ingest: find article files, read every format, clean the body, date it and tell its language.

Per file: `files.read_file` (size, permission, binary and encoding checks, the format
readers of `formats.py`) → `clean.py` (page chrome out) → `metadata.py` (title, byline,
source, date lines) → `published.py` (the publication date) → `language.py`. The result is
`article.Article` records, or `errors.Skip`s naming the file and the reason.
"""
from data_pipeline.ingest.files import DEFAULT_MAX_BYTES, decode, dedupe, discover, read_file, relative_name, warm_up
from data_pipeline.ingest.formats import SUPPORTED

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED", "decode", "dedupe", "discover", "read_file", "relative_name", "warm_up"]
