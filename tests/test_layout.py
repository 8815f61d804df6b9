"""The house in wings (hooks/__init__.py): imports run one way, read from the source.

model imports no other wing; pages, packets and po import the model (and postbuild's
leaf rules, which import nothing of ours); postbuild imports neither MkDocs nor pages;
pipeline imports no entry point; only mkdocs/ imports MkDocs; no module imports itself
back through another; no function over 60 lines without its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

HOOKS = ROOT / "hooks"
ENGINE = {"mkdocs", "material", "mkdocs_static_i18n"}
# The wings each wing may import; `hooks` is the package's own __init__.
ALLOWED = {
    "model": set(),
    "pages": {"model", "postbuild"},
    "packets": {"model", "postbuild"},
    "po": {"model"},
    "postbuild": set(),
    "preview": set(),
    "pipeline": {"model", "pages", "packets", "postbuild"},
    "mkdocs": {"hooks", "model", "pages", "pipeline", "postbuild", "preview"},
    "cli": {"mkdocs", "model", "packets", "po", "postbuild"},
}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _wing(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "hooks"


def _imports() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each module's imports of our own modules, and of other top-level packages
    (those inside functions too)."""
    files = {_module(p): p for p in HOOKS.rglob("*.py")}
    ours: dict[str, set[str]] = {m: set() for m in files}
    others: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [target] + [f"{target}.{a.name}" for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] != "hooks":
                    others[module].add(name.split(".")[0])
                    continue
                while name and name not in files:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    ours[module].add(name)
    return ours, others


def test_every_wing_imports_only_the_wings_below_it() -> None:
    ours, _ = _imports()
    assert {_wing(m) for m in ours} == set(ALLOWED) | {"hooks"}
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in ours.items()
        for target in targets
        if _wing(target) != _wing(module) and _wing(target) not in ALLOWED.get(_wing(module), set())
    )
    assert upward == []


def test_only_the_mkdocs_wing_imports_the_engine() -> None:
    _, others = _imports()
    engine = sorted(m for m, names in others.items() if names & ENGINE)
    assert engine and all(_wing(m) == "mkdocs" for m in engine), engine


def test_no_import_cycle() -> None:
    ours, _ = _imports()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the path being followed, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(ours[module]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(ours):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_function_over_60_lines_without_its_reason() -> None:
    """A function does one thing; one that is longer says why ("Over 60 lines because ...")."""
    long = []
    for path in sorted(HOOKS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > 60 and "Over 60 lines" not in (ast.get_docstring(node) or ""):
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []
