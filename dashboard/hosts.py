"""Which requests the dashboard answers: the Host allow-list (DNS rebinding) and the paths kept from viewers."""
from __future__ import annotations

from urllib.parse import urlparse

BLOCKED = ("/_stcore/metrics",)


def allowed(host: str | None, patterns: list[str] | None) -> bool:
    """True when `host` (a Host header, port ignored) matches one of `patterns` (exact, `*.domain` or `*`);
    every host is allowed when there are no patterns, as in Streamlit."""
    if not patterns:
        return True
    try:
        parsed = urlparse(f"//{host or ''}")
        name = parsed.hostname
        _ = parsed.port  # a malformed port raises ValueError
    except ValueError:
        return False
    if not name or parsed.username or parsed.password or parsed.path:
        return False
    name = name.lower().rstrip(".")
    for pattern in patterns:
        p = pattern.strip().lower().rstrip(".")
        if p == "*" or name == p or (p.startswith("*.") and name.endswith(p[1:])):
            return True
    return False


def blocked_path(path: str) -> bool:
    """True for a path viewers may not read (under any base URL path)."""
    return any(path.rstrip("/").endswith(b) for b in BLOCKED)
