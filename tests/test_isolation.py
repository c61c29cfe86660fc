"""No test reaches the real home: the `isolation` fixture of conftest.py gives each test its own places."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

from assistant.drafting.brief import load_brief
from assistant.drafting.gate import run_task
from assistant.learn.progress import Progress
from assistant.llm.config import LLMSettings, load_settings, save_settings
from assistant.paths import config_path, workspace_dir
from assistant.rules import load_rule_set
from assistant.ui.workspace import Workspace
from tests.conftest import MODEL_ENV_PREFIXES, Isolation

ROOT = Path(__file__).resolve().parents[1]
REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)  # from the password database, not from $HOME


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_the_places_and_their_defaults_are_the_tests_own(isolation: Isolation) -> None:
    tmp = isolation.user_home.parent
    assert (workspace_dir(), config_path()) == (isolation.workspace, isolation.config)
    # Even code that ignored $JIXIAO_HOME and $JIXIAO_CONFIG would land in the fake home.
    defaults = [workspace_dir({}), config_path({}), Path.home(), Path("~").expanduser()]
    assert all(path.is_relative_to(isolation.user_home) for path in defaults), defaults
    assert not tmp.is_relative_to(REAL_HOME) and not REAL_HOME.is_relative_to(tmp)


def test_every_test_is_isolated_without_asking_for_it() -> None:
    """The fixture is autouse: a test that names none of it still has none of the machine's places."""
    assert [name for name in os.environ if name.startswith(MODEL_ENV_PREFIXES)] == []
    places = [workspace_dir(), config_path(), workspace_dir({}), config_path({})]
    assert not any(path.is_relative_to(REAL_HOME) for path in places), places


def test_settings_learning_record_workspace_and_audit_stay_in_the_tests_places(
    isolation: Isolation,
) -> None:
    settings = LLMSettings(base_url="http://127.0.0.1:9/v1", model="isolation-check")
    save_settings(settings)
    assert load_settings().model == "isolation-check"
    progress = Progress()
    round_id = progress.start_round(seed=1, rules="mof-2020", planned=1, via="test")
    progress.record(round_id, "e1", "choose", "0", True, [])
    Workspace().set("engine", "offline")
    brief = load_brief(ROOT / "examples" / "brief-公共服务经费.yaml")
    run_task("indicators", brief, load_rule_set())  # appends to the audit log

    assert isolation.config.is_file()
    names = {path.name for path in files_under(isolation.workspace)}
    assert {"learn.sqlite", "audit.jsonl"} <= names and len(names) >= 3  # and the workspace file
    assert files_under(isolation.user_home) == []  # the fake home stays untouched


def test_a_cli_subprocess_inherits_the_isolation(isolation: Isolation) -> None:
    code = "from assistant import paths as p; print(p.workspace_dir(), p.config_path(), p.workspace_dir({}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    workspace, config, default = map(Path, out.stdout.split())
    assert (workspace, config) == (isolation.workspace, isolation.config)
    assert default.is_relative_to(isolation.user_home)
