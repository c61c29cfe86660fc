"""The wheel carries everything jixiao reads at run time: build it, install it into a fresh
environment outside the checkout, and run the commands a new user runs first.

The environment is a venv without system site-packages; a .pth file puts the test interpreter's
site-packages after the venv's own, so the dependencies need no download. Directories named in a
.pth are plain path entries: their own .pth files (such as the editable install's import hook)
are not run, so nothing can hand `import assistant` to the checkout. The tests still prove it:
the imported package, its prompts and its example forms all lie inside the venv.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import site
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
# What a build does not need (and must not pick up): caches, old builds, local model files.
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".venv",
    "workspace",
    "out",
    "*.gguf",
)
BRIEF = "brief-公共服务经费.yaml"
SEED = "chaoyang-2020.txt"


def test_the_package_list_names_every_package_and_its_data() -> None:
    """pyproject.toml lists the packages by name (the data folders are mapped into the package):
    a new subpackage missing from the list would be missing from the wheel."""
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "assistant").rglob("__init__.py")
    }
    mapped = SETUPTOOLS["package-dir"]
    assert set(SETUPTOOLS["packages"]) == on_disk | set(mapped)
    for package, folder in mapped.items():
        patterns = SETUPTOOLS["package-data"][package]
        files = [p.name for p in (ROOT / folder).iterdir() if p.is_file()]
        assert files, f"{folder}/ is empty"
        unshipped = [f for f in files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)]
        assert unshipped == [], f"{folder}/ files the wheel would leave out: {unshipped}"


def test_a_checkout_reads_the_top_level_folders() -> None:
    from assistant.bundled import bundled_dir
    from assistant.drafting.llm_engine import load_prompt

    assert bundled_dir("prompts") == ROOT / "prompts"
    assert bundled_dir("examples") == ROOT / "examples"
    prompt = load_prompt("indicators")
    assert prompt.system and prompt.user


@dataclass(frozen=True)
class Installed:
    venv: Path
    python: Path
    jixiao: Path
    env: dict[str, str]
    cwd: Path

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args], capture_output=True, text=True, env=self.env, cwd=self.cwd, timeout=300
        )


def _outer_site_packages() -> list[str]:
    dirs = [*site.getsitepackages(), site.getusersitepackages()]
    return [d for d in dict.fromkeys(dirs) if Path(d).is_dir()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source, dist, venv, cwd = base / "source", base / "dist", base / "venv", base / "work"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JIXIAO_", "VIRTUAL_ENV"))}
    env |= {"JIXIAO_HOME": str(base / "home"), "JIXIAO_CONFIG": str(base / "config.toml")}
    env |= {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONNOUSERSITE": "1"}

    def must(*args: str | Path) -> str:
        result = subprocess.run(
            [str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600
        )
        assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
        return result.stdout

    must(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-q", "-w", dist, source)
    [wheel] = dist.glob("jixiao-*.whl")
    must(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    purelib = Path(must(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    (purelib / "_outer_site_packages.pth").write_text("\n".join(_outer_site_packages()) + "\n")
    must(python, "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", "-q", wheel)
    return Installed(venv, python, venv / "bin" / "jixiao", env, cwd)


def test_the_venv_imports_the_wheels_copy(installed: Installed) -> None:
    code = (
        "import assistant; from assistant.bundled import bundled_dir; "
        "from assistant.drafting.llm_engine import load_prompt; load_prompt('indicators'); "
        "print(assistant.__file__); print(bundled_dir('prompts')); print(bundled_dir('examples'))"
    )
    result = installed.run(installed.python, "-c", code)
    assert result.returncode == 0, result.stderr
    package, prompts, examples = (Path(line) for line in result.stdout.splitlines())
    assert package.is_relative_to(installed.venv), package
    assert prompts == package.parent / "prompts" and examples == package.parent / "examples"
    assert {p.name for p in prompts.iterdir()} >= {"indicators.v1.md", "repair.v1.md"}
    assert {p.name for p in examples.iterdir()} >= {SEED, "yongde-2022.yaml", BRIEF, "README.md"}


def _examples(installed: Installed) -> Path:
    result = installed.run(installed.python, "-c", "import assistant; print(assistant.__file__)")
    return Path(result.stdout.strip()).parent / "examples"


def test_learn_lists_the_rule_cards(installed: Installed) -> None:
    result = installed.run(installed.jixiao, "learn")
    assert result.returncode == 0, result.stderr
    assert "规则卡片（共" in result.stdout and "FUND-RATE" in result.stdout


def test_learn_example_works_through_a_packaged_teaching_form(installed: Installed) -> None:
    result = installed.run(installed.jixiao, "learn", "example", "1")
    assert result.returncode == 0, result.stderr
    assert "执行率：100% → 90.10%" in result.stdout
    assert "更正后：错误 0 项" in result.stdout


def test_draft_indicators_from_the_packaged_brief(installed: Installed) -> None:
    result = installed.run(installed.jixiao, "draft", "indicators", _examples(installed) / BRIEF)
    assert result.returncode == 0, result.stderr
    assert "公共服务经费" in result.stdout and "accepted" in result.stdout
    assert "≥154名" in result.stdout  # a quantity of the brief, drafted by the offline engine


def test_check_the_packaged_seed_form(installed: Installed) -> None:
    result = installed.run(installed.jixiao, "check", _examples(installed) / SEED)
    assert result.returncode == 1, result.stderr  # the form has errors
    assert "[FUND-RATE]" in result.stdout and "执行率应为 90.10%" in result.stdout
    assert "第 2 张表】民生家园建设经费" in result.stdout
