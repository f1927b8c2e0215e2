"""spaCy imported without its command line: `import spacy` also imports `spacy.cli` (typer, weasel, httpx,
requests: ~0.3 s of spaCy's ~0.8 s import, and ~360 modules) for the one name it re-exports, `spacy.info`.

The pipeline never runs spaCy's command line, and a rebuild that adds one article waits for its model process
to import spaCy and load the model (run/warm.py), so the processes that load the model (warm.py, served.py,
`parsing_model`) call `import_spacy` first: spaCy imported with `spacy.cli` left out, and nothing of that left
behind (a later `import spacy.cli` imports the real package; `spacy.info` imports it on its first call). If spaCy's
own import needs more of `spacy.cli` than `info`, it is imported the normal way. Here, not in `nlp/`, whose code is
the parse cache's key: how spaCy is imported changes no analysis.
"""
from __future__ import annotations

import sys
from types import ModuleType

_CLI, _INFO = "spacy.cli", "spacy.cli.info"


def info(*args, **kwargs):
    """`spacy.info`, importing spaCy's command line on first use."""
    from spacy.cli.info import info as real

    return real(*args, **kwargs)


def import_spacy() -> ModuleType:
    """The `spacy` module, imported now without `spacy.cli` unless it is imported already."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli, cli_info = ModuleType(_CLI), ModuleType(_INFO)
    cli.__path__ = []  # a package, so that `from .cli.info import info` looks for its submodule
    cli_info.info = info
    cli.info = cli_info
    stand_ins = {_CLI: cli, _INFO: cli_info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:
        spacy = None
    finally:
        _drop(stand_ins)
    if spacy is None:  # spaCy's import wanted more of its command line than `info`: import it whole
        import spacy
    elif getattr(spacy, "cli", None) is cli:
        del spacy.cli  # `import spacy.cli` sets the real one
    return spacy


def _drop(stand_ins: dict[str, ModuleType]) -> None:
    """Take the stand-ins out of sys.modules."""
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
