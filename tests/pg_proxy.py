"""A TCP proxy in front of the test PostgreSQL server that loses connections on cue.

``cut = "before"`` drops the connection when the client sends COMMIT, before the server sees it
(the transaction is aborted); ``cut = "stall"`` drops the client's side only, the server's waiting
on in the open transaction (as in a network partition); ``cut = "after"`` passes the COMMIT on and
drops the connection when the server answers (the transaction committed, but the client never hears
so). ``refuse = True``
turns new connections away (the server is unreachable).
"""

from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit, urlunsplit


class CuttingProxy:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        user = f"{parts.username}{':' + parts.password if parts.password else ''}@" if parts.username else ""
        self.url = urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{self.port}"))
        self.cut: str | None = None
        self.refuse = False
        self.cuts = 0
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refuse:
                client.close()
                continue
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            answer_cut = threading.Event()
            threading.Thread(target=self._up, args=(client, server, answer_cut), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client, answer_cut), daemon=True).start()

    def _up(self, client: socket.socket, server: socket.socket, answer_cut: threading.Event) -> None:
        while data := self._recv(client):
            if self.cut and b"COMMIT" in data:
                mode, self.cut = self.cut, None
                self.cuts += 1
                if mode in ("before", "stall"):
                    self._close(client, *([server] if mode == "before" else []))
                    return
                answer_cut.set()
            try:
                server.sendall(data)
            except OSError:
                break
        self._close(client, server)

    def _down(self, server: socket.socket, client: socket.socket, answer_cut: threading.Event) -> None:
        while data := self._recv(server):
            if answer_cut.is_set():
                self._close(client, server)
                return
            try:
                client.sendall(data)
            except OSError:
                break
        self._close(client, server)

    @staticmethod
    def _recv(sock: socket.socket) -> bytes:
        try:
            return sock.recv(65536)
        except OSError:
            return b""

    @staticmethod
    def _close(*sockets: socket.socket) -> None:
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close_connections(self) -> None:
        """Drop every connection made so far (as a server restart does)."""
        self._close(*self._sockets)
        self._sockets.clear()

    def close(self) -> None:
        self.listener.close()
        self._close(*self._sockets)
