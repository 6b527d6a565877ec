"""The apps form a one-way graph (docs/ARCHITECTURE.md), and the build fails when one stops doing so."""

import ast
import configparser
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = configparser.ConfigParser()
CONFIG.read(ROOT / ".importlinter")
APPS = CONFIG["importlinter"]["root_packages"].split()


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), str(cwd / ".importlinter"), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_project_keeps_its_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _tree(tmp_path: Path, imports: dict[str, str]) -> Path:
    """A project of empty apps with the project's own contracts, where `imports` says which
    module imports what."""
    for app in APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    for module, line in imports.items():
        (tmp_path / f"{module.replace('.', '/')}.py").write_text(line + "\n")
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_a_lower_app_importing_a_higher_one_breaks_the_build(tmp_path):
    tree = _tree(tmp_path, {"agreements.services": "from cycle import views  # noqa", "cycle.views": ""})
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "agreements is not allowed to import cycle" in result.stdout


def test_the_kernel_importing_an_app_breaks_the_build(tmp_path):
    tree = _tree(tmp_path, {"pa_portal.thai": "import accounts.models", "accounts.models": ""})
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "pa_portal is not allowed to import accounts" in result.stdout


def test_the_same_tree_without_the_upward_import_passes(tmp_path):
    tree = _tree(
        tmp_path, {"cycle.views": "from agreements import services  # noqa", "agreements.services": ""}
    )
    assert lint_imports(tree).returncode == 0


def _imports_inside_functions(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = path.read_text().splitlines()
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in inner.names] if isinstance(inner, ast.Import) else [inner.module or ""]
                )
                for name in names:
                    yield name, inner.lineno, lines[inner.lineno - 1]


def test_no_import_inside_a_function_crosses_apps_without_saying_why():
    """An import inside a function hides a dependency from the reader and from import-linter;
    where one is needed (an AppConfig.ready, a task module that imports its caller), a comment
    on the line says why it is not a cycle."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            own = path.relative_to(ROOT).parts[0]
            for name, lineno, line in _imports_inside_functions(path):
                other = name.split(".")[0]
                crosses = other in APPS and other != own
                if crosses and "#" not in line and path.name != "apps.py":
                    offenders.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert offenders == []


def test_modules_stay_small_enough_to_read_in_one_sitting():
    """No module over 400 lines outside migrations, and a median under 120 (issue 15): a module
    that grows past that has more than one job and is split by job."""
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    sizes = {
        name: len((ROOT / name).read_text().splitlines())
        for name in listed
        if "/migrations/" not in name and (ROOT / name).exists()
    }
    assert len(sizes) > 100  # git listed the project, not an empty tree
    assert sorted(name for name, lines in sizes.items() if lines > 400) == []
    assert statistics.median(sizes.values()) < 120
