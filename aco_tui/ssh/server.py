"""The SSH server: authentication, limits, logging and the lifecycle of every session.

Imported only by ``aco-tui serve`` (it imports :mod:`asyncssh`). No shell, no client command line
and no client environment ever reach a process; forwarding of any kind, agents, X11, SFTP, SCP and
subsystems are refused.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from aco_tui.errors import UsageError
from aco_tui.safe_text import log_quoted
from aco_tui.ssh.handler import Session
from aco_tui.ssh.host import SessionHost
from aco_tui.ssh.keys import AuthorizedKeys, load_or_create_host_key
from aco_tui.ssh.page_merging import WITHOUT_HOST
from aco_tui.ssh.policy import ChildSetup, valid_user_name
from aco_tui.ssh.preauth import StartupLimits
from aco_tui.ssh.ratelimit import FailureLimiter
from aco_tui.ssh.session import GRACE_S, kill_now

log = logging.getLogger("aco_tui.ssh")
# AES-GCM first, and no ChaCha20-Poly1305: asyncssh builds that one in Python from four cipher contexts
# per packet, which was most of the relay's CPU; every current client (OpenSSH, PuTTY) has these.
CIPHERS = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr")


@dataclass(frozen=True)
class ServeConfig:
    """Everything ``aco-tui serve`` was told (timeouts in seconds; 0 disables one)."""

    setup: ChildSetup
    host_key: Path
    authorized_keys: Path | None = None  # None: guest mode, anyone gets in under the name they give
    host: str = "127.0.0.1"
    port: int = 2222
    max_sessions: int = 80  # as aco_tui.cli.serve.DEFAULT_MAX_SESSIONS
    idle_timeout: float = 1800.0
    max_session: float = 4 * 3600.0
    login_timeout: float = 20.0  # LoginGraceTime: a connection not logged in by then is dropped
    max_startups: int = 100  # connections waiting to log in, in all (then the oldest is dropped)
    max_startups_per_address: int = 40  # ... and from one address (a classroom behind NAT shares one)
    command_timeout: float = 30.0
    keepalive: float = 30.0
    max_failures: int = 10
    failure_window: float = 300.0
    max_auth_tries: int = 6
    sessions_per_connection: int = 2
    session_host: bool = True  # fork sessions from a warm host (aco_tui.ssh.host); False: each starts cold
    merge_pages: bool = False  # the host's sessions opt in to kernel same-page merging (aco_tui.ssh.page_merging)

    @property
    def guest(self) -> bool:
        return self.authorized_keys is None


class Connection(asyncssh.SSHServer):
    """One client connection: who it is, how it logged in, its sessions."""

    def __init__(self, service: "SSHService") -> None:
        self.service = service
        self.name = f"#{next(service.counter)}"
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address, self.port = "?", 0
        self.user: str | None = None
        self.method: str | None = None
        self.key: str | None = None
        self.role = "guest"  # after a key login: "trainee" or "trainer" (role= in authorized_keys)
        self.rejected: list[str] = []
        self.authenticated = self.refused = self.quiet = False
        self.started = time.monotonic()
        self.sessions: set[Session] = set()
        self.session_numbers = itertools.count(1)

    @property
    def waiting(self) -> bool:
        """Connected, not logged in yet and not being closed (see :mod:`aco_tui.ssh.preauth`)."""
        return not self.authenticated and not self.refused

    def drop(self) -> None:
        """Close at once, without a word: a connection waiting to log in that made room for a newer one."""
        self.refused = self.quiet = True
        self.service.note_dropped(self.address)
        if self.conn is not None:
            asyncio.get_running_loop().call_soon(self.conn.abort)

    def _disconnect(self, code: int, message: str, now: bool = False) -> None:
        """Disconnect with ``message``: at once when ``now`` (ahead of the reply being prepared), else next turn."""
        self.refused = True
        if self.conn is not None:
            if now:
                self.conn.disconnect(code, f"aco-tui: {message}")
            else:
                asyncio.get_running_loop().call_soon(self.conn.disconnect, code, f"aco-tui: {message}")

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address, self.port = str(peer[0]), int(peer[1])
        service = self.service
        service.connections[conn] = self
        wait = service.limiter.retry_after(self.address)
        if wait:
            self.quiet = True  # a flood of refused connections makes one log line a minute, not one each
            if service.limiter.should_report(self.address):
                log.warning(
                    "refused %s from %s: %d failed logins; blocked for %d s more (not logged again for a minute)",
                    self.name,
                    self.address,
                    service.limiter.failures(self.address),
                    math.ceil(wait),
                )
            self._disconnect(
                asyncssh.DISC_HOST_NOT_ALLOWED_TO_CONNECT,
                f"too many failed logins from {self.address}; try again in {math.ceil(wait)} s",
            )
            return
        log.info("connect %s from %s:%d", self.name, self.address, self.port)
        if service.stopping:
            self._disconnect(asyncssh.DISC_BY_APPLICATION, "the server is shutting down")
        elif (oldest := service.startups.to_drop(self, service.connections.values())) is not None:
            oldest.drop()  # a newcomer is never refused for waiting connections: the oldest makes room

    def connection_lost(self, exc: Exception | None) -> None:
        service = self.service
        if self.conn is not None:
            service.connections.pop(self.conn, None)
        for session in list(self.sessions):
            if session.task is not None:
                session.task.cancel()
        if not self.authenticated and self.user is not None and not self.refused:
            service.limiter.record_failure(self.address)
            log.warning(
                "login failed %s from %s user=%s method=publickey keys=%s",
                self.name,
                self.address,
                log_quoted(self.user),
                ",".join(self.rejected[:6]) or "none",
            )
        if self.quiet:
            return
        log.info(
            "disconnect %s from %s user=%s auth=%s duration=%.1fs",
            self.name,
            self.address,
            log_quoted(self.user) if self.user is not None else "-",
            self.method or "-",
            time.monotonic() - self.started,
        )

    def begin_auth(self, username: str) -> bool:
        self.user = username
        if not valid_user_name(username):
            log.warning("login refused %s from %s: bad user name %s", self.name, self.address, log_quoted(username))
            self.service.limiter.record_failure(self.address)
            self._disconnect(
                asyncssh.DISC_ILLEGAL_USER_NAME,
                "the user name is your name as your trainer will see it: 1 to 64 printable characters",
            )
            return True
        if self.service.full(excluding=self):
            log.warning(
                "refused %s from %s user=%s: all %d sessions in use",
                self.name,
                self.address,
                log_quoted(username),
                self.service.config.max_sessions,
            )
            self._disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, self.service.full_message())
            return True
        if self.service.config.guest:
            self.method = "none"
            return False
        return True

    def public_key_auth_supported(self) -> bool:
        return not self.service.config.guest

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        keys = self.service.keys
        if valid_user_name(username) and keys is not None and keys.allows(username, key):
            self.method, self.key = "publickey", key.get_fingerprint()
            self.role = keys.role(username, key)
            return True
        fingerprint = key.get_fingerprint()
        bound = keys.bound_names(key) if keys is not None else []
        if bound and not self.refused:  # a known key under another name: say so, rather than "denied"
            names = " or ".join(log_quoted(name) for name in bound)
            log.warning(
                "login refused %s from %s: key bound to %s, user %s (key %s)",
                self.name,
                self.address,
                names,
                log_quoted(username),
                fingerprint,
            )
            self.service.limiter.record_failure(self.address)
            self._disconnect(
                asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                f"key bound to {names}, user {log_quoted(username)}: connect as {log_quoted(bound[0])}",
                now=True,
            )  # before the "denied" reply, which OpenSSH's client would print instead
            return False
        if fingerprint not in self.rejected:
            self.rejected.append(fingerprint)
        if len(self.rejected) > self.service.config.max_auth_tries and not self.refused:
            self.service.limiter.record_failure(self.address)
            log.warning(
                "login failed %s from %s user=%s: more than %d keys rejected",
                self.name,
                self.address,
                log_quoted(username),
                self.service.config.max_auth_tries,
            )
            self._disconnect(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, "too many authentication failures")
        return False

    def auth_completed(self) -> None:
        self.authenticated = True
        self.user = self.conn.get_extra_info("username", self.user) if self.conn else self.user
        service = self.service
        log.info(
            "login %s from %s user=%s auth=%s%s role=%s",
            self.name,
            self.address,
            log_quoted(self.user or ""),
            self.method,
            f" key={self.key}" if self.key else "",
            self.role,
        )
        if service.full(excluding=self):  # others logged in meanwhile
            log.warning(
                "refused %s user=%s: all %d sessions in use",
                self.name,
                log_quoted(self.user or ""),
                service.config.max_sessions,
            )
            self._disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, service.full_message())


class SSHService:
    """The listening server and everything running under it."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.keys = (
            None if config.authorized_keys is None else AuthorizedKeys.open(config.authorized_keys)
        )  # None: guest
        self.limiter = FailureLimiter(config.max_failures, config.failure_window)
        self.startups = StartupLimits(config.max_startups, config.max_startups_per_address)
        self.dropped: dict[str, int] = {}  # per address: waiting connections dropped since last logged
        self.connections: dict[asyncssh.SSHServerConnection, Connection] = {}
        self.sessions: set[Session] = set()
        self.counter = itertools.count(1)
        self.stopping = False
        self.port: int | None = None
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self.host: SessionHost | None = None

    def full(self, excluding: Connection | None = None) -> bool:
        """Whether ``max_sessions`` other clients are logged in already."""
        others = sum(c.authenticated for c in self.connections.values() if c is not excluding)
        return others >= self.config.max_sessions

    def note_dropped(self, address: str) -> None:
        """Count a waiting connection dropped to make room; log it at most once a minute per address."""
        if len(self.dropped) > 10_000:  # bounded memory under a flood from many addresses
            self.dropped.clear()
        self.dropped[address] = self.dropped.get(address, 0) + 1
        if self.limiter.should_report(f"startups {address}"):
            log.warning(
                "dropped %d connection(s) from %s that had not logged in, to make room (at most %d "
                "waiting in all, %d per address; not logged again for a minute)",
                self.dropped.pop(address),
                address,
                self.config.max_startups,
                self.config.max_startups_per_address,
            )

    def full_message(self) -> str:
        return f"all {self.config.max_sessions} sessions are in use; please try again later"

    def child_pids(self) -> list[int]:
        """Process ids of the running app children."""
        return [s.pid for s in self.sessions if s.pid is not None]

    async def start(self) -> None:
        """Listen (a port of 0 picks a free one; see :attr:`port`)."""
        config = self.config
        host_key = load_or_create_host_key(config.host_key)
        try:
            config.setup.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as err:  # reported as itself, not as "cannot serve on host:port"
            raise UsageError(
                f"cannot create the data directory {config.setup.data_dir}: {err.strerror or err}"
            ) from None
        self._acceptor = acceptor = await asyncssh.create_server(
            lambda: Connection(self),
            config.host,
            config.port,
            server_host_keys=[host_key],
            process_factory=self._process,
            encoding=None,
            line_editor=False,
            allow_pty=True,
            agent_forwarding=False,
            x11_forwarding=False,
            sftp_factory=None,
            allow_scp=False,
            login_timeout=config.login_timeout,
            keepalive_interval=config.keepalive,
            server_version="aco-tui",
            gss_host=None,
            kbdint_auth=False,
            password_auth=False,
            encryption_algs=CIPHERS,
        )
        self.port = acceptor.get_port()
        if config.session_host:
            self.host = SessionHost(config.setup, merge_pages=config.merge_pages)
            self.host.start()
        else:
            log.info("session host off: every session starts cold")
            if config.merge_pages:
                log.warning(WITHOUT_HOST)
        log.info(
            "listening on %s:%d host key %s; %s; at most %d sessions; data in %s",
            config.host,
            self.port,
            host_key.get_fingerprint(),
            "GUEST ACCESS (no key needed)" if config.guest else f"keys from {config.authorized_keys}",
            config.max_sessions,
            config.setup.data_location(),
        )
        if config.setup.quiz_session:
            log.info("trainees who open the app land on quiz session %s", log_quoted(config.setup.quiz_session, 80))

    async def _process(self, process: asyncssh.SSHServerProcess[bytes]) -> None:
        connection = self.connections.get(process.get_extra_info("connection"))
        if connection is None or not connection.authenticated:
            process.exit(1)
            return
        session = Session(self, connection, process, next(connection.session_numbers))
        session.task = asyncio.current_task()
        refusal = (
            "the server is shutting down"
            if self.stopping
            else self.full_message()
            if len(self.sessions) >= self.config.max_sessions
            else f"at most {self.config.sessions_per_connection} session(s) at once per connection"
            if len(connection.sessions) >= self.config.sessions_per_connection
            else None
        )
        if refusal:
            log.warning("refused %s user=%s: %s", session.name, log_quoted(session.user), refusal)
            session.say(refusal)
            session.finish(1)
            return
        self.sessions.add(session)
        connection.sessions.add(session)
        try:
            await session.run()
        finally:
            self.sessions.discard(session)
            connection.sessions.discard(session)
            log.info(
                "end %s user=%s %s duration=%.1fs",
                session.name,
                log_quoted(session.user),
                session.kind,
                time.monotonic() - session.started,
            )

    async def close(self) -> None:
        """Stop listening, end every session (children: SIGTERM, then SIGKILL) and every connection."""
        self.stopping = True
        if self._acceptor is not None:
            self._acceptor.close()
        sessions = list(self.sessions)
        log.info("stopping: %d session(s), %d connection(s)", len(sessions), len(self.connections))
        tasks = [s.task for s in sessions if s.task is not None]  # each is set as its session starts
        for session in sessions:
            session.stopping_message = "the server is shutting down"
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2 * GRACE_S + 1)
        for session in sessions:  # anything that did not end in time
            if session.child is not None:
                kill_now(session.child.process)
        for conn in list(self.connections):
            conn.close()
        if self.host is not None:
            await self.host.close()
        if self._acceptor is not None:
            try:
                await asyncio.wait_for(self._acceptor.wait_closed(), 5)
            except TimeoutError:
                pass
        log.info("stopped")

    async def serve_until_signalled(self) -> None:
        """Run until SIGTERM or SIGINT, then :meth:`close`."""
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.add_signal_handler(sig, stop.set)
        await self.start()
        try:
            await stop.wait()
        finally:
            await self.close()
