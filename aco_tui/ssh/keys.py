"""The server's host key and the trainees' public keys.

The host key is generated on first run (Ed25519, mode 0600, OpenSSH format) and reused, so
clients never see a key-change warning after a restart.

The authorized keys file is OpenSSH's format: one public key a line, ``#`` comments. A line may
start with ``trainee="NAME"`` to bind the key to one SSH user name (so a trainee cannot record
results under another's name); a key without it may log in under any name. ``role="trainer"``
marks a trainer's key (the dashboard and ``results`` over SSH, see :mod:`aco_tui.ssh.policy`);
``role="trainee"`` is the default and may be omitted. OpenSSH's restricting
options (``restrict``, ``no-port-forwarding`` ...) are accepted because this server allows none of
that anyway; any other option (``command=``, ``from=`` ...) makes the line be ignored, with a
warning, rather than silently loosened. The file is re-read when it changes.
"""

from __future__ import annotations

import logging
import stat
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from aco_tui.errors import UsageError
from aco_tui.files import write_atomically

log = logging.getLogger("aco_tui.ssh")

HOST_KEY_NAME = "ssh_host_ed25519_key"
AUTHORIZED_KEYS_NAME = "authorized_keys"
_HARMLESS_OPTIONS = {"restrict", "no-port-forwarding", "no-agent-forwarding", "no-x11-forwarding", "no-user-rc"}
ROLES = ("trainee", "trainer")


def load_or_create_host_key(path: Path) -> asyncssh.SSHKey:
    """The host key at ``path``, generated (mode 0600) if there is none yet.

    Raises:
        UsageError: the key is readable by others, or cannot be read, written or parsed.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return _create_host_key(path)
    except OSError as err:
        raise UsageError(f"cannot read host key {path}: {err.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UsageError(
            f"host key {path} is accessible by others (mode {stat.S_IMODE(mode):04o}); run: chmod 600 {path}"
        )
    try:
        return asyncssh.read_private_key(str(path))
    except (OSError, asyncssh.KeyImportError) as err:
        raise UsageError(f"cannot load host key {path}: {err}") from None


def _create_host_key(path: Path) -> asyncssh.SSHKey:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="aco-tui host key")
    try:
        # Private from the first byte, on disk before it is used, and never over a key that another
        # server created meanwhile (then that one is loaded).
        write_atomically(path, key.export_private_key(), mode=0o600, durable=True, keep_existing=True)
    except FileExistsError:
        return load_or_create_host_key(path)
    except OSError as err:
        raise UsageError(f"cannot write host key {path}: {err.strerror}") from None
    try:
        key.write_public_key(str(path) + ".pub")
    except OSError:
        pass
    log.info("generated a new host key %s (%s)", path, key.get_fingerprint())
    return key


def _split_options(line: str) -> tuple[str, str]:
    """``line`` as (options, key text); options end at the first space outside quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char.isspace() and not quoted:
            return line[:index], line[index:].strip()
    return line, ""


def _options(text: str) -> list[tuple[str, str | None]]:
    items, current, quoted = [], "", False
    for char in text + ",":
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            name, sep, value = current.partition("=")
            items.append((name.strip().lower(), value.strip('"') if sep else None))
            current = ""
            continue
        current += char
    return items


@dataclass
class AuthorizedKeys:
    """Public keys allowed in, each for any user name or for the one named by ``trainee=``."""

    path: Path
    _keys: dict[bytes, set[str | None]] = field(default_factory=dict, repr=False)
    _trainers: dict[bytes, set[str | None]] = field(default_factory=dict, repr=False)  # role="trainer" lines
    _signature: tuple[int, int, int] | None = field(default=None, repr=False)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path) -> "AuthorizedKeys":
        """Read ``path`` now, so that a missing file fails at start-up.

        Raises:
            UsageError: the file cannot be read.
        """
        keys = cls(path)
        if not keys.refresh(initial=True):
            raise UsageError(
                f"cannot read authorized keys {path}: create it (one public key a line) "
                "or pass --authorized-keys PATH, or --guest for key-less access"
            )
        if not keys._keys:
            log.warning("no usable key in %s yet: nobody can log in until one is added", path)
        return keys

    def refresh(self, initial: bool = False) -> bool:
        """Re-read the file if it changed; False if it cannot be read (the old keys stay)."""
        try:
            info = self.path.stat()
            signature = (info.st_mtime_ns, info.st_size, info.st_ino)
            if signature == self._signature:
                return True
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            if not initial:
                log.error("cannot re-read %s (%s); keeping the keys read before", self.path, err)
            return False
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            log.warning("%s is writable by others: anyone who can write it can let themselves in", self.path)
        self._keys, self._trainers, self.problems = self._parse(text)
        self._signature = signature
        for problem in self.problems:
            log.warning("%s: %s", self.path, problem)
        if not initial:
            log.info("re-read %s: %d key(s)", self.path, len(self._keys))
        return True

    @staticmethod
    def _parse(text: str) -> tuple[dict[bytes, set[str | None]], dict[bytes, set[str | None]], list[str]]:
        import asyncssh

        keys: dict[bytes, set[str | None]] = {}
        trainers: dict[bytes, set[str | None]] = {}
        problems = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            options: list[tuple[str, str | None]] = []
            try:
                key = asyncssh.import_public_key(line)
            except (asyncssh.KeyImportError, ValueError):
                option_text, key_text = _split_options(line)
                options = _options(option_text)
                try:
                    key = asyncssh.import_public_key(key_text)
                except (asyncssh.KeyImportError, ValueError):
                    problems.append(f"line {number}: not a public key; ignored")
                    continue
            names = [value for name, value in options if name == "trainee"]
            unknown = [name for name, _ in options if name not in ("trainee", "role") and name not in _HARMLESS_OPTIONS]
            if unknown:
                problems.append(f"line {number}: option {unknown[0]!r} is not supported; key ignored")
                continue
            if any(not value for value in names) or len(names) > 1:
                problems.append(f"line {number}: trainee= needs exactly one name; key ignored")
                continue
            role = _role(options)
            if role is None:
                problems.append(f"line {number}: role= must be one of {', '.join(ROLES)}; key ignored")
                continue
            keys.setdefault(key.public_data, set()).add(names[0] if names else None)
            if role == "trainer":
                trainers.setdefault(key.public_data, set()).add(names[0] if names else None)
        return keys, trainers, problems

    def allows(self, user: str, key: asyncssh.SSHKey) -> bool:
        """Whether ``key`` may log in as ``user``."""
        self.refresh()
        names = self._keys.get(key.public_data)
        if not names:
            return False
        return None in names or user in names

    def bound_names(self, key: asyncssh.SSHKey) -> list[str]:
        """The names ``key`` is bound to by ``trainee=`` (empty if it is unknown or bound to none)."""
        names = self._keys.get(key.public_data) or set()
        return [] if None in names else sorted(n for n in names if n is not None)

    def role(self, user: str, key: asyncssh.SSHKey) -> str:
        """``"trainer"`` when a ``role="trainer"`` line lets ``key`` in as ``user``, else ``"trainee"``."""
        names = self._trainers.get(key.public_data)
        return "trainer" if names and (None in names or user in names) else "trainee"


def _role(options: list[tuple[str, str | None]]) -> str | None:
    """The line's role (``trainee`` without a ``role=`` option); None when it is not one of :data:`ROLES`."""
    roles = [value for name, value in options if name == "role"]
    if not roles:
        return "trainee"
    return roles[0] if len(roles) == 1 and roles[0] in ROLES else None
