"""Which code a cached entry depends on: editing a corpus-level module must not invalidate parses."""
from data_pipeline.run import cache
from data_pipeline.run.cache import fingerprint, module_closure, package_imports

FAKE = {  # a miniature package: analyse -> mentions -> names; resolve is corpus-level
    "analyse": "from . import mentions\n",
    "mentions": "from .names import fold\ndef f():\n    from data_pipeline import places\n",
    "names": "import re\n",
    "places": "",
    "resolve": "from . import names\n",
}


def test_package_imports_reads_every_import_form():
    src = ("import os\nfrom . import a, b\nfrom .c import x\nfrom data_pipeline.d import y\n"
           "import data_pipeline.e\nfrom data_pipeline import f\nfrom spacy import tokens\n"
           "def g():\n    from .h import z\n"
           "from . import (\n    i,  # a comment\n    j as jj,\n)\nfrom .k import (\n    w,\n)\n")
    assert package_imports(src) == {"a", "b", "c", "d", "e", "f", "h", "i", "j", "k"}


def test_closure_follows_imports_transitively_and_only_those():
    assert module_closure(["analyse"], FAKE) == ["analyse", "mentions", "names", "places"]
    assert module_closure(["resolve"], FAKE) == ["names", "resolve"]


def test_fingerprint_changes_with_the_modules_it_covers_only():
    base = fingerprint("1", FAKE, ["analyse"])
    assert fingerprint("1", {**FAKE, "resolve": "# edited\n"}, ["analyse"]) == base
    assert fingerprint("1", {**FAKE, "places": "# edited\n"}, ["analyse"]) != base  # imported inside a function
    assert fingerprint("2", FAKE, ["analyse"]) != base  # the pipeline version counts
    assert fingerprint("1", {**FAKE, "resolve": "# edited\n"}) != fingerprint("1", FAKE)  # whole package


def test_real_package_parse_key_excludes_corpus_steps_but_covers_extraction():
    covered = module_closure(cache.CODE_ROOTS["analyses"], cache._package_sources())
    assert {"analyse", "mentions", "meetings", "topics"} <= set(covered)
    assert not {"resolve", "tables", "serving", "build", "publish"} & set(covered)
    assert set(cache.CODE_ROOTS["analyses"]) <= set(cache.CODE_ROOTS["topic_rows"])  # rows are computed from parses
