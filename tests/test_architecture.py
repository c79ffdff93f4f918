"""The house's shape, checked from its own imports (docs/architecture.md): every module of
`sessions_app/` and `portal/` in one room, arrows running one way (pages → features →
upstream/models), no cycle, and no module, class or function past its size. A new import that
runs back up, or a module that grows past 250 lines, fails here with its name."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("sessions_app", "portal")
# Top to bottom. Pages first: the URLs, each room's views, the admin, the commands and template
# tags; a page may use any room's logic, never another room's pages. Below them each room may
# import from itself and from the rooms under it, never from one above.
PAGES = ("sessions_app.urls", "sessions_app.management", "sessions_app.templatetags", "portal")
PAGES += ("sessions_app.apps", "sessions_app.admin")  # where Django wires the rooms together
PAGE_NAMES = ("views", "swap_views", "asking", "reminder_views")
LAYERS = (
    ("sessions_app.organizer", "sessions_app.tasks", "sessions_app.accounts"),
    ("sessions_app.agenda",),
    ("sessions_app.joining",),
    ("sessions_app.planning",),
    ("sessions_app.ops",),
    ("sessions_app.auth_backend", "sessions_app.event_reads"),
    ("sessions_app.cache", "sessions_app.locks", "sessions_app.identity", "sessions_app.models"),
    ("sessions_app",),
    ("sessions_app.upstream",),
)
MAX_MODULE, MAX_CLASS, MAX_FUNCTION = 250, 150, 40
SKIPPED = ("migrations",)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if any(part in SKIPPED for part in path.parts):
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports (relative imports resolved; `from x import y` counts
    `x.y` when that is a module, else `x`)."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            names = {f"{base}.{alias.name}" for alias in node.names}
            modules = {name for name in names if name in MODULES}
            found |= modules | ({base} if names - modules else set())  # names from `base`
    return {_module_of(target) for target in found} - {None, name}


def _module_of(dotted: str) -> str | None:
    while dotted and dotted not in MODULES:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> int | None:
    """The layer of the longest room name that `name` is in."""
    found = [
        (len(room), index)
        for index, rooms in enumerate(LAYERS)
        for room in rooms
        if name == room or name.startswith(room + ".")
    ]
    return max(found)[1] if found else None


def _is_page(name: str) -> bool:
    return (
        any(name == page or name.startswith(page + ".") for page in PAGES)
        or name.rsplit(".", 1)[-1] in PAGE_NAMES
        or name.startswith("sessions_app.organizer.admin")
    )


def _room(name: str) -> str:
    """The room a module is in: its package under sessions_app (or itself, at the top), or
    `portal`."""
    parts = name.split(".")
    return ".".join(parts[:2] if parts[0] == "sessions_app" else parts[:1])


def _composes_pages(name: str) -> bool:
    """The URLs, the app's wiring and the template tags put other rooms' pages together."""
    return name.endswith(".urls") or _room(name) in (
        "sessions_app.apps",
        "sessions_app.admin",
        "sessions_app.templatetags",
    )


def _arrows():
    return [(name, target) for name, targets in sorted(GRAPH.items()) for target in targets]


def test_every_module_is_a_page_or_in_a_layer():
    assert [name for name in MODULES if not _is_page(name) and _layer(name) is None] == []


def test_logic_never_imports_a_page():
    assert [f"{a} -> {b}" for a, b in _arrows() if _is_page(b) and not _is_page(a)] == []


def test_a_page_never_imports_another_rooms_page():
    crossing = [
        f"{a} -> {b}"
        for a, b in _arrows()
        if _is_page(a) and _is_page(b) and _room(a) != _room(b) and not _composes_pages(a)
    ]
    assert crossing == []


def test_no_import_runs_back_up():
    upward = [
        f"{a} -> {b}"
        for a, b in _arrows()
        if not _is_page(a) and not _is_page(b) and _layer(b) < _layer(a)
    ]
    assert upward == []


def test_no_import_cycle():
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                on_stack.discard(member)
                component.append(member)
            on_stack.discard(node)
            if component:
                cycles.append(sorted([node, *component]))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert cycles == []


def _sizes():
    for name, path in MODULES.items():
        text = path.read_text()
        yield "module", name, len(text.splitlines()), MAX_MODULE
        for node in ast.walk(ast.parse(text)):
            length = getattr(node, "end_lineno", 0) - getattr(node, "lineno", 0) + 1
            if isinstance(node, ast.ClassDef):
                yield "class", f"{name}.{node.name}", length, MAX_CLASS
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield "function", f"{name}.{node.name}", length, MAX_FUNCTION


@pytest.mark.parametrize("kind", ["module", "class", "function"])
def test_nothing_is_past_its_size(kind):
    over = [
        f"{name} ({lines} > {limit})"
        for k, name, lines, limit in _sizes()
        if k == kind and lines > limit
    ]
    assert over == []


# --- tests mirror the code ----------------------------------------------------------------------

MIRRORED_AT_LEAST = 0.8


def _has_logic(path: Path) -> bool:
    nodes = ast.walk(ast.parse(path.read_text()))
    return any(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for node in nodes
    )


def _mirrors(name: str) -> list[Path]:
    """Where the test module of `name` lives: tests/<room>/test_<module>.py (a package's own
    module: test_<package>.py in its folder or beside it)."""
    parts = name.split(".")
    rel = parts[1:] if parts[0] == "sessions_app" else parts
    tests = ROOT / "tests"
    if MODULES[name].name != "__init__.py":
        return [tests.joinpath(*rel[:-1], f"test_{rel[-1]}.py")]
    package = rel[-1] if rel else "sessions_app"
    return [
        tests.joinpath(*rel, f"test_{package}.py"),
        tests.joinpath(*rel[:-1], f"test_{package}.py"),
    ]


def test_most_modules_with_logic_have_a_mirrored_test_module():
    with_logic = [name for name, path in MODULES.items() if _has_logic(path)]
    missing = sorted(name for name in with_logic if not any(p.exists() for p in _mirrors(name)))
    share = 1 - len(missing) / len(with_logic)
    assert share >= MIRRORED_AT_LEAST, f"{share:.0%} mirrored; no test module: {missing}"
