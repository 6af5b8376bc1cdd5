"""The package's layout is its architecture: layers import downwards only, and nothing cycles.

Layers, from the bottom:

* generic library — ``netlib.data``, ``netlib.sna``, ``netlib.survey``, ``netlib.trials``,
  ``netlib.viz``,
  ``netlib.privacy`` (and the root ``netlib`` package);
* case studies — ``netlib.cases`` (may use the generic library);
* the façade ``netlib.load`` (re-exports loaders for the README and the notebooks);
* tooling — ``netlib.tooling`` (build, notebook runner, report; may use everything).

Every ``import`` statement counts, including the ones inside functions, so a cycle cannot be
hidden by importing lazily.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import netlib

PACKAGE = Path(netlib.__file__).parent
GENERIC = ("netlib.data", "netlib.sna", "netlib.survey", "netlib.trials", "netlib.viz",
           "netlib.privacy")
LAYER_OF = {"netlib.cases": 1, "netlib.load": 2, "netlib.tooling": 3}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(mod: str) -> int:
    for prefix, n in LAYER_OF.items():
        if mod == prefix or mod.startswith(prefix + "."):
            return n
    return 0


def resolve(name: str) -> str | None:
    """The project module an imported dotted name refers to (the longest existing prefix)."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        candidate = ".".join(parts[:i])
        if candidate in MODULES:
            return candidate
    return None


def imports_of(mod: str) -> set[str]:
    tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from netlib.x import y` may import the module netlib.x.y
            names = [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for n in names:
            if n == "netlib" or n.startswith("netlib."):
                target = resolve(n)
                if target and target != mod:
                    found.add(target)
    return found


GRAPH = {m: imports_of(m) for m in MODULES}


def test_the_walk_sees_the_package():
    assert {"netlib.data.schema", "netlib.sna.ei", "netlib.cases.imst.survey",
            "netlib.tooling.build", "netlib.load"} <= set(MODULES)
    # a known edge, so that an empty graph cannot pass the tests below
    assert "netlib.sna.core_periphery" in GRAPH["netlib.sna.typology"]


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_imports_point_down_the_layers(mod):
    up = sorted(t for t in GRAPH[mod] if layer(t) > layer(mod)
                and not (layer(mod) == 0 and t == "netlib"))
    assert not up, f"{mod} (layer {layer(mod)}) imports a higher layer: {up}"


def test_generic_modules_never_import_case_studies():
    offenders = {
        m: sorted(t for t in GRAPH[m] if layer(t) > 0)
        for m in MODULES if m.startswith(GENERIC) or m == "netlib"
    }
    assert not {m: t for m, t in offenders.items() if t}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` as a list of modules (first = last), or None (depth-first)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph.get(m, ())):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if t not in state and (found := visit(t)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_no_import_cycles():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_cycle_detection_catches_a_planted_cycle():
    planted = {k: set(v) for k, v in GRAPH.items()}
    assert "netlib.data.errors" in planted["netlib.data.validate"]
    planted["netlib.data.errors"].add("netlib.data.validate")
    assert find_cycle(planted) is not None


def test_reference_implementations_live_in_tests():
    assert "netlib.reference" not in MODULES
    assert (Path(__file__).parent / "reference.py").is_file()
    assert not any("tests" in GRAPH[m] for m in MODULES)


def readme_tree() -> tuple[set[str], set[str]]:
    """Folders and files of the README's architecture tree (between ``<!-- tree -->`` marks)."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- tree -->")[1].split("```")[1]  # the code block after the mark
    folders: set[str] = set()
    files: set[str] = set()
    stack: list[str] = []
    for line in block.splitlines():
        if not line.startswith(" "):
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2 - 1
        entry = line.split()[0]
        stack[depth:] = [entry.rstrip("/")]
        path = "/".join(stack)
        (folders if entry.endswith("/") else files).add(path)
    return folders, files


def test_readme_tree_matches_the_package():
    """Every package folder of netlib/ has a line in the README's tree, and every line exists."""
    folders, files = readme_tree()
    packages = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
                if p.is_dir() and (p / "__init__.py").is_file()}
    assert folders == packages
    assert all((PACKAGE / f).is_file() for f in files), sorted(
        f for f in files if not (PACKAGE / f).is_file())
