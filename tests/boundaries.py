"""What each layer of the package may import, read off the source with `ast`: the rules
the boundary tests hold the code to, and the checker they run (tested on a broken copy).

- `hotfix_tui.core` is UI-free: never textual, rich, `hotfix_tui.tui` or `hotfix_tui.cli`.
- `hotfix_tui.tui` does no file or git I/O itself: never GitPython, subprocess, shutil, the
  core's storage or git modules, nor `open()` / a path's read or write methods.
- Core modules import each other without a cycle at import time (imports inside a
  function or under `if TYPE_CHECKING:` are lazy and do not count).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

FORBIDDEN = {
    "core": ("textual", "rich", "hotfix_tui.tui", "hotfix_tui.cli"),
    "tui": ("git", "subprocess", "shutil", "hotfix_tui.core.storage", "hotfix_tui.core.git",
            "hotfix_tui.cli"),
}
# A path's file methods (not `replace`: a string and a text widget have one too).
FILE_METHODS = {"read_text", "write_text", "read_bytes", "write_bytes", "unlink", "mkdir",
                "rename", "touch", "rmdir"}


class Violation(NamedTuple):
    module: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.what}"


def module_name(package_root: Path, path: Path) -> str:
    parts = path.relative_to(package_root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package_root: Path, layer: str) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((package_root / layer).rglob("*.py")):
        yield module_name(package_root, path), ast.parse(path.read_text(encoding="utf-8"))


def imported(tree: ast.AST, module: str, eager_only: bool = False) -> Iterator[tuple[str, int]]:
    """Every module `tree` imports (absolute names), with its line; `eager_only` leaves out
    imports made inside functions or under `if TYPE_CHECKING:`."""
    for node in _walk(tree, eager_only):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: len(module.split(".")) - node.level]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, node.lineno
            for alias in node.names:  # `from pkg import submodule`
                yield f"{base}.{alias.name}", node.lineno


def _walk(tree: ast.AST, eager_only: bool) -> Iterator[ast.AST]:
    for node in ast.iter_child_nodes(tree):
        if eager_only and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if eager_only and isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_walk(child, eager_only)])
            continue
        yield node
        yield from _walk(node, eager_only)


def _is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(package_root: Path) -> list[Violation]:
    found = []
    for layer, banned in FORBIDDEN.items():
        for module, tree in modules(package_root, layer):
            # Type-only imports name a class; they neither run nor load anything.
            for name, line in imported(tree, module, eager_only=layer == "tui"):
                if any(_is_under(name, prefix) for prefix in banned):
                    found.append(Violation(module, line, f"imports {name}"))
            if layer == "tui":
                found.extend(_file_io(module, tree))
    found.extend(_cycles(package_root))
    return found


def _file_io(module: str, tree: ast.Module) -> Iterator[Violation]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id == "open":
            yield Violation(module, node.lineno, "opens a file")
        elif isinstance(node.func, ast.Attribute) and node.func.attr in FILE_METHODS:
            yield Violation(module, node.lineno, f"calls .{node.func.attr}()")


def _cycles(package_root: Path) -> Iterator[Violation]:
    graph: dict[str, set[str]] = {}
    for module, tree in modules(package_root, "core"):
        graph[module] = {name for name, _ in imported(tree, module, eager_only=True)}
    for module in graph:
        graph[module] = {other for other in graph if other != module and other in graph[module]}
    seen: set[str] = set()
    for start in sorted(graph):
        path = _cycle_from(start, graph, [], seen)
        if path:
            yield Violation(path[0], 0, "import cycle: " + " -> ".join(path))
            return


def _cycle_from(module: str, graph: dict[str, set[str]], path: list[str],
                done: set[str]) -> list[str] | None:
    if module in path:
        return [*path[path.index(module):], module]
    if module in done:
        return None
    for other in sorted(graph[module]):
        cycle = _cycle_from(other, graph, [*path, module], done)
        if cycle:
            return cycle
    done.add(module)
    return None
