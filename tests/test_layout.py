"""The layout holds: areas depend only on the areas below them (the import-linter contract in
setup.cfg), and no module or function of the app grows past what a reader takes in at once."""
import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "app").rglob("*.py"))
MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 50


def test_areas_depend_only_on_the_areas_below_them(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "setup.cfg"), no_cache=True,
                        no_logo=True) == 0


def test_no_module_is_longer_than_a_reader_takes_in():
    lengths = {str(module.relative_to(ROOT)): len(module.read_text().splitlines())
               for module in MODULES}
    assert {name: length for name, length in lengths.items() if length > MAX_MODULE_LINES} == {}


def test_no_function_is_longer_than_a_reader_takes_in():
    long = []
    for module in MODULES:
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{module.relative_to(ROOT)}: {node.name} ({length} lines)")
    assert long == []
