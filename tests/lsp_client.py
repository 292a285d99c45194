"""A minimal Language Server Protocol client over stdio, for driving yaml-language-server.

JSON-RPC messages framed by ``Content-Length`` headers; a reader thread queues what the server
sends; requests the server makes of the client (its settings, capability registration) are
answered at once. Every wait is bounded, and :meth:`LanguageServer.close` always stops the
process.
"""

from __future__ import annotations

import itertools
import json
import queue
import subprocess
import threading
from collections.abc import Callable, Sequence
from typing import IO, Any

Message = dict[str, Any]


class LanguageServerError(Exception):
    """The server did not answer in time, exited, or answered with an error."""


class LanguageServer:
    def __init__(self, command: Sequence[str], settings: dict[str, Any]) -> None:
        self.settings = settings
        self._ids = itertools.count(1)
        self._inbox: queue.Queue[Message | None] = queue.Queue()
        self._process = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self._process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self._process.stdout,))
        self._reader.daemon = True
        self._reader.start()
        self.notifications: list[Message] = []

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while True:
                header = stream.readline()
                if not header:
                    self._inbox.put(None)
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            self._inbox.put(json.loads(stream.read(length)))

    def _send(self, message: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self._process.stdin
        assert stdin is not None
        stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30.0) -> Any:
        number = next(self._ids)
        self._send({"id": number, "method": method, "params": params})
        reply = self._next(
            lambda message: message.get("id") == number and "method" not in message, timeout
        )
        if "error" in reply:
            raise LanguageServerError(f"{method}: {reply['error']}")
        return reply.get("result")

    def wait_for(self, wanted: Callable[[Message], bool], timeout: float = 30.0) -> Message:
        """The first notification (already received or still to come) that ``wanted`` accepts."""
        for message in self.notifications:
            if wanted(message):
                return message
        return self._next(lambda message: "id" not in message and wanted(message), timeout)

    def _next(self, wanted: Callable[[Message], bool], timeout: float) -> Message:
        try:
            while True:
                message = self._inbox.get(timeout=timeout)
                if message is None:
                    raise LanguageServerError("the language server exited")
                if "method" in message and "id" in message:
                    self._answer(message)
                elif wanted(message):
                    return message
                elif "id" not in message:
                    self.notifications.append(message)
        except queue.Empty:
            raise LanguageServerError(f"no answer within {timeout:g} s") from None

    def _answer(self, request: Message) -> None:
        """Reply to a request the server makes of the client."""
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [
                self.settings.get(item.get("section", ""), None)
                for item in request["params"]["items"]
            ]
        self._send({"id": request["id"], "result": result})

    def close(self) -> None:
        try:
            if self._process.poll() is None:
                self.request("shutdown", None, timeout=5)
                self.notify("exit", None)
                self._process.wait(timeout=5)
        except (LanguageServerError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait(timeout=5)
