"""The trainer's SSH example of the README and the trainer's guide, followed literally with OpenSSH (issue 27 item 6).

docs/trainer.md ("Trainers' keys: the dashboard and results over SSH") has Tess add two keys with
``role="trainer"``, the laptop's bound to ``trainee="Tess Lee"``, then fetch results over SSH as ``tess``
(office key) and as ``"Tess Lee"`` (laptop key). This test makes the keys with ``ssh-keygen -t ed25519``,
writes the ``authorized_keys`` lines as the guide shows them, starts a real ``aco-tui serve`` and runs
the guide's ``ssh`` commands; it also checks what the guide says happens when the bound key is used
under another name. The README shows the laptop's key line and its ``results`` command: the same lines.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from serve_process import openssh, serve_process

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "trainer.md"
README = REPO / "README.md"

pytestmark = pytest.mark.skipif(
    not (shutil.which("ssh") and shutil.which("ssh-keygen")), reason="needs OpenSSH's ssh and ssh-keygen"
)


def guide_line(pattern: str, document: Path = GUIDE) -> str:
    """The document's line matching ``pattern``, so the test fails when the example changes."""
    for line in document.read_text(encoding="utf-8").splitlines():
        if re.search(pattern, line.strip()):
            return line.strip()
    raise AssertionError(f"{document.name} has no line matching {pattern!r}")


def keygen(path: Path, comment: str) -> str:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return path.with_suffix(".pub").read_text(encoding="utf-8").strip()


def as_in_guide(guide: str, public: str) -> str:
    """The guide's authorized_keys line with the placeholder key replaced by a real one."""
    options, _, rest = guide.partition(" ssh-ed25519 ")
    comment = rest.split()[-1]
    kind, blob = public.split()[:2]
    return f"{options} {kind} {blob} {comment}"


def test_the_trainer_example_of_the_guide_works_with_openssh(tmp_path: Path) -> None:
    office_line = guide_line(r'^role="trainer" ssh-ed25519 .* tess@office$')
    laptop_line = guide_line(r'^role="trainer",trainee="Tess Lee" ssh-ed25519 .* tess@laptop$')
    assert guide_line(r'^role="trainer",trainee="Tess Lee" ssh-ed25519 ', README) == laptop_line
    assert guide_line(r'"Tess Lee"@host results', README) == guide_line(r'"Tess Lee"@host results')
    office = keygen(tmp_path / "office", "tess@office")
    laptop = keygen(tmp_path / "laptop", "tess@laptop")
    data = tmp_path / "data"
    data.mkdir()
    (data / "authorized_keys").write_text(
        as_in_guide(office_line, office) + "\n" + as_in_guide(laptop_line, laptop) + "\n", encoding="utf-8"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ACO_TUI_")}
    environ["ACO_TUI_SESSION_HOST"] = "0"  # commands only: no warm host needed
    with serve_process(tmp_path / "server.log", "--data-dir", str(data), env=environ) as server:

        def ssh(key: str, user: str, *command: str) -> subprocess.CompletedProcess[str]:
            client = openssh(server.port, tmp_path / key, data / "ssh_host_ed25519_key.pub", tmp_path / "known_hosts")
            return subprocess.run([*client, f"{user}@127.0.0.1", *command], capture_output=True, text=True, timeout=60)

        # ssh -p 2222 tess@host results --session induction --csv > cohort.csv   (the office key)
        assert "tess@host results --session induction --csv > cohort.csv" in guide_line(r"tess@host results .*--csv >")
        csv = ssh("office", "tess", "results", "--session", "induction", "--csv")
        assert csv.returncode == 0, csv.stderr
        assert "trainee,session" in csv.stdout.splitlines()[0]
        # ssh -p 2222 "Tess Lee"@host results --session induction   (the laptop key, bound to that name)
        assert '"Tess Lee"@host results --session induction' in guide_line(r'"Tess Lee"@host results')
        cohort = ssh("laptop", "Tess Lee", "results", "--session", "induction")
        assert cohort.returncode == 0, cohort.stderr
        assert "(induction)" in cohort.stdout
        # The laptop key under another name is refused, in one line, as the guide and cohort-server.md say.
        refused = ssh("laptop", "tess", "results", "--session", "induction")
        assert refused.returncode != 0
        assert "key bound to 'Tess Lee', user 'tess': connect as 'Tess Lee'" in refused.stderr
        assert "key bound to 'Tess Lee', user 'tess'" in server.text()
