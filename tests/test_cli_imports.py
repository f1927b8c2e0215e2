"""What `python -m data_pipeline` imports before it needs it: spaCy (~0.9 s), lingua and htmldate only on use."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "thinc", "lingua", "htmldate", "pandas", "natasha", "trafilatura")


def _loaded_after(code: str) -> list[str]:
    """The HEAVY packages a fresh interpreter has imported after running `code`."""
    probe = f"import sys, json\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_cli_import_loads_no_heavy_library():
    assert _loaded_after("import data_pipeline.cli; data_pipeline.cli.parser()") == []


def test_cli_reading_an_english_text_file_loads_no_spacy(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("The trade ministers of both countries met on Monday and agreed to meet again in the spring "
                   "to talk about tariffs, ports and the price of grain.\n", encoding="utf-8")
    code = (f"from pathlib import Path\nfrom data_pipeline import ingest\n"
            f"arts, skips = ingest.read_file(Path({str(art)!r}), 'a.txt')\n"
            f"assert [a.language for a in arts] == ['en'] and not skips, (arts, skips)")
    loaded = _loaded_after(code)
    assert "spacy" not in loaded and "htmldate" not in loaded
