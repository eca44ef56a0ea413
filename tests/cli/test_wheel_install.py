"""A non-editable install finds the shipped content: build the wheel, install it in a fresh virtual
environment and run `aco-tui check` from outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile

import pytest
from helpers import REPO

pytestmark = pytest.mark.slow


def test_wheel_ships_content_and_check_passes_outside_checkout(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next(dist.glob("aco_tui-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "aco_tui/_data/store.json" in names
    assert "aco_tui/_data/content/concepts.md" in names
    assert "aco_tui/_data/content/quiz/sessions.toml" in names
    assert "aco_tui/ui/app.tcss" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, timeout=900
    )
    assert install.returncode == 0, install.stderr[-3000:]
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACO_TUI_")}
    env["ACO_TUI_DATA"] = str(tmp_path / "data")
    env["ACO_TUI_CACHE"] = str(tmp_path / "cache")
    check = subprocess.run(
        [str(env_dir / "bin" / "aco-tui"), "check", "--json"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-2000:]
    assert '"errors": []' in check.stdout
    lookup = subprocess.run(
        [str(env_dir / "bin" / "aco-tui"), "lookup", "capitation"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert lookup.returncode == 0 and "capitat" in lookup.stdout.lower()
