"""One catalog of skip/warning reason codes and exit codes, shared by CLI messages, logs and manifest.json."""
from __future__ import annotations

from dataclasses import dataclass

# exit codes of `python -m data_pipeline` (docs/operations.md)
EXIT_OK = 0        # published
EXIT_PARTIAL = 1   # published, with some inputs skipped (manifest.json `skipped`)
EXIT_USAGE = 2     # usage error: bad options, nothing run
EXIT_FAILED = 3    # failed: nothing published, the previous build stays

E_EMPTY = "E_EMPTY"
E_BINARY = "E_BINARY"
E_ENCODING = "E_ENCODING"
E_TOO_LARGE = "E_TOO_LARGE"
E_TOO_LONG = "E_TOO_LONG"
E_UNREADABLE = "E_UNREADABLE"
E_VANISHED = "E_VANISHED"
E_LINK = "E_LINK"
E_NOT_FILE = "E_NOT_FILE"
E_BAD_JSON = "E_BAD_JSON"
E_BAD_DATE = "E_BAD_DATE"
E_DUPLICATE = "E_DUPLICATE"
E_NO_TEXT = "E_NO_TEXT"
E_FORMAT = "E_FORMAT"
E_FAILED = "E_FAILED"
# warnings: the input became an article, with a caveat (manifest.json `warnings`)
W_BAD_BYTES = "W_BAD_BYTES"
W_DATE = "W_DATE"

MESSAGES = {
    E_EMPTY: "file is empty",
    E_BINARY: "binary file (contains NUL bytes)",
    E_ENCODING: "text encoding could not be decoded",
    E_TOO_LARGE: "file is larger than the size limit",
    E_TOO_LONG: "article is longer than the language model can parse",
    E_UNREADABLE: "cannot be read (permissions or I/O error)",
    E_VANISHED: "disappeared while the build was running",
    E_LINK: "symbolic link not followed",
    E_NOT_FILE: "not a regular file",
    E_BAD_JSON: "malformed JSON",
    E_BAD_DATE: "impossible date in header",
    E_DUPLICATE: "same article text as another file",
    E_NO_TEXT: "no article text found",
    E_FORMAT: "unsupported file format",
    E_FAILED: "could not be processed (a bug: please report it)",
    W_BAD_BYTES: "invalid UTF-8 bytes replaced",
    W_DATE: "publication date left unknown",
}
# skipped, but not lost: the text is in the build under another path (`other_paths`)
NOT_LOST = frozenset({E_DUPLICATE})


def printable(text: str) -> str:
    """`text` with control and other unprintable characters escaped, so it stays one log line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def show_path(path: str) -> str:
    """A file name for a log line: as is when printable, else quoted with escapes ('a\\nb.txt')."""
    return path if path.isprintable() else f"'{printable(path)}'"


@dataclass(frozen=True)
class Skip:
    """An input (file, folder, or file:line) that was not turned into an article, and why.

    With a `W_` code it is a warning instead: the input became an article, with a caveat.
    """

    path: str
    code: str
    detail: str = ""

    @property
    def warning(self) -> bool:
        """True for a caveat on a kept article, False for an input left out."""
        return self.code.startswith("W_")

    def message(self) -> str:
        """One readable line naming the file and the reason."""
        base = MESSAGES.get(self.code, self.code)
        return f"{show_path(self.path)}: {base}" + (f" ({printable(self.detail)})" if self.detail else "")

    def as_dict(self) -> dict:
        return {"path": self.path, "code": self.code, "reason": MESSAGES.get(self.code, ""), "detail": self.detail}


class PipelineError(Exception):
    """A fatal, user-facing error: printed as one line (traceback only with --verbose)."""
