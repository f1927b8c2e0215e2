"""The README's layout section names every module of data_pipeline/, and nothing that is not there."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _layout_modules() -> set[str]:
    """Module paths listed in the README's layout tree (indentation gives the folder)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tree = text.split("## Layout", 1)[1].split("```", 2)[1]
    found, stack = set(), []
    for line in tree.splitlines():
        m = re.match(r"^( *)(\S+)", line)
        if not m:
            continue
        depth, name = len(m.group(1)) // 2, m.group(2)
        stack[depth:] = [name.rstrip("/")]
        if name.endswith(".py"):
            found.add("/".join(stack))
    return found


def test_readme_layout_matches_the_package_tree():
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / "data_pipeline").rglob("*.py")
               if p.name != "__init__.py" or p.parent.name == "data_pipeline"}
    listed = _layout_modules()
    assert listed - on_disk == set(), "README lists modules that do not exist"
    assert on_disk - listed == set(), "modules missing from the README's layout section"
