"""One catalog of skip/error reason codes, shared by CLI messages and manifest.json."""
from __future__ import annotations

from dataclasses import dataclass

E_EMPTY = "E_EMPTY"
E_BINARY = "E_BINARY"
E_ENCODING = "E_ENCODING"
E_TOO_LARGE = "E_TOO_LARGE"
E_UNREADABLE = "E_UNREADABLE"
E_BAD_JSON = "E_BAD_JSON"
E_BAD_DATE = "E_BAD_DATE"
E_DUPLICATE = "E_DUPLICATE"
E_NO_TEXT = "E_NO_TEXT"
E_FORMAT = "E_FORMAT"

MESSAGES = {
    E_EMPTY: "file is empty",
    E_BINARY: "binary file (contains NUL bytes)",
    E_ENCODING: "text encoding could not be decoded",
    E_TOO_LARGE: "file is larger than the size limit",
    E_UNREADABLE: "file cannot be read (permissions or I/O error)",
    E_BAD_JSON: "malformed JSON",
    E_BAD_DATE: "impossible date in header",
    E_DUPLICATE: "same article text as another file",
    E_NO_TEXT: "no article text found",
    E_FORMAT: "unsupported file format",
}


@dataclass(frozen=True)
class Skip:
    """An input (file, or file:line) that was not turned into an article, and why."""

    path: str
    code: str
    detail: str = ""

    def message(self) -> str:
        """One readable line naming the file and the reason."""
        base = MESSAGES.get(self.code, self.code)
        return f"{self.path}: {base}" + (f" ({self.detail})" if self.detail else "")

    def as_dict(self) -> dict:
        return {"path": self.path, "code": self.code, "reason": MESSAGES.get(self.code, ""), "detail": self.detail}


class PipelineError(Exception):
    """A fatal, user-facing error: printed as one line (traceback only with --verbose)."""
