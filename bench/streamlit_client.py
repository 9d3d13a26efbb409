"""A headless Streamlit client: one browser tab's conversation with the server, no browser.

It speaks Streamlit's own protocol, as the frontend does (read from Streamlit 1.67's Python
side: ``web/server/starlette``, ``runtime/app_session.py``, ``testing/v1/element_tree.py``):

- GET the page's HTML (what the address bar asks for), then ``/_stcore/health``, which sets
  the ``_streamlit_xsrf`` cookie (XSRF protection is on in .streamlit/config.toml);
- a websocket to ``/_stcore/stream`` (the ``websockets`` package) offering the subprotocols
  ``["streamlit", <xsrf cookie>]``, with the cookie and a same-host ``Origin``;
- ``BackMsg.rerun_script`` with a ``ClientState`` (query string, page, widget states, the
  browser's context) for every run; ``ForwardMsg``s back until ``script_finished``;
- widget changes as ``WidgetState`` protos encoded as ``element_tree``'s widgets encode them
  (options by their shown label, buttons as triggers), found by key in the element tree that
  ``element_tree.parse_tree_from_messages`` builds from the run's deltas;
- uploads as the frontend does them: ``file_urls_request`` -> ``file_urls_response`` ->
  HTTP PUT (multipart, XSRF cookie and ``X-Xsrftoken`` header) -> a rerun with the
  uploader's ``file_uploader_state_value``.

One difference from a browser: a rerun sends the state of the widget just changed, not of
every widget on the page. The server keeps the others' values (``SessionState`` overwrites
only the widgets a ``WidgetStates`` names), so the run is the same; and a value a callback
wrote on the server (the walkthrough's Next) is never sent back stale.
"""

from __future__ import annotations

import asyncio
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.testing.v1.element_tree import Block, ElementTree, parse_tree_from_messages
from websockets.asyncio.client import ClientConnection, connect

__all__ = ["Run", "StreamlitSession", "walk"]

XSRF_COOKIE = "_streamlit_xsrf"
#: Loopback only: never through a proxy from the environment.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ClientError(RuntimeError):
    """The conversation broke: the socket closed, an upload was refused, a run timed out."""


@dataclass
class Run:
    """One script run as the client saw it: from the request to ``script_finished``."""

    seconds: float
    status: str  # "ok", "compile error", "timeout", "closed"
    frames: list[bytes] = field(default_factory=list, repr=False)
    messages: list[ForwardMsg] = field(default_factory=list, repr=False)
    _tree: ElementTree | None = field(default=None, repr=False)

    @property
    def tree(self) -> ElementTree:
        """The page this run drew (built on first use: parsing costs the client CPU)."""
        if self._tree is None:
            self._tree = parse_tree_from_messages(self.messages)
        return self._tree

    def has(self, text: str) -> bool:
        """Whether the run's messages carry ``text`` (element text, component data, SVG)."""
        needle = text.encode()
        return any(needle in frame for frame in self.frames)

    def exceptions(self) -> list[str]:
        """What each Exception element on the page says (an uncaught error in a page)."""
        found = []
        for message in self.messages:
            if message.WhichOneof("type") == "delta":
                element = message.delta.new_element
                if message.delta.WhichOneof("type") == "new_element" and element.HasField(
                    "exception"
                ):
                    found.append(f"{element.exception.type}: {element.exception.message}")
            elif message.WhichOneof("type") == "session_event" and message.session_event.HasField(
                "script_compilation_exception"
            ):
                found.append(f"compile: {message.session_event.script_compilation_exception}")
        return found

    def error_alerts(self) -> list[str]:
        """The ``st.error`` boxes on the page (shown to the visitor, not exceptions)."""
        return [
            element.proto.body
            for element in walk(self.tree)
            if element.type == "error" and hasattr(element.proto, "body")
        ]


def walk(node: Any) -> Iterator[Any]:
    """Every element of a tree (depth first), blocks left out."""
    for child in getattr(node, "children", {}).values():
        if isinstance(child, Block) or hasattr(child, "children"):
            yield from walk(child)
        if not isinstance(child, Block):
            yield child


def _context(url: str) -> ContextInfo:
    return ContextInfo(
        timezone="UTC",
        timezone_offset=0,
        locale="en-US",
        url=url,
        is_embedded=False,
        color_scheme="light",
    )


class StreamlitSession:
    """One visitor's tab. ``open`` a link, then change widgets, click, navigate, upload."""

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.host = urllib.parse.urlsplit(self.base_url).netloc
        self.xsrf = ""
        self.session_id = ""
        self.query = ""
        self.path = ""
        self.page_hash = ""  # the page shown: sent with every rerun, as the frontend does
        self.pages: dict[str, str] = {}  # URL path -> page script hash
        self.last: Run | None = None
        self._socket: ClientConnection | None = None
        self._inbox: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._file_urls: dict[str, asyncio.Future[ForwardMsg]] = {}
        self._reader: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ HTTP

    def _get(self, path: str) -> tuple[bytes, str]:
        request = urllib.request.Request(self.base_url + path, headers=self._cookie_header())
        with _HTTP.open(request, timeout=self.timeout) as reply:
            cookie = SimpleCookie()
            for header in reply.headers.get_all("Set-Cookie") or []:
                cookie.load(header)
            token = cookie[XSRF_COOKIE].value if XSRF_COOKIE in cookie else ""
            return reply.read(), token

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": f"{XSRF_COOKIE}={self.xsrf}"} if self.xsrf else {}

    def _put_file(self, url: str, name: str, data: bytes, mime: str) -> int:
        boundary = uuid.uuid4().hex
        body = (
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: {mime}\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            urllib.parse.urljoin(self.base_url + "/", url),
            data=body,
            method="PUT",
            headers={
                **self._cookie_header(),
                "X-Xsrftoken": self.xsrf,
                "Origin": self.base_url,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        with _HTTP.open(request, timeout=self.timeout) as reply:
            return int(reply.status)

    # ------------------------------------------------------------------ websocket

    async def open(self, path: str, query: str = "") -> Run:
        """Open a link (``/architecture?net=resnet50``) in a fresh tab: the timed run is from
        the page request to the first run's ``script_finished``."""
        start = time.perf_counter()
        link = f"/{path}" + (f"?{query}" if query else "")
        await asyncio.to_thread(self._get, link)
        _, self.xsrf = await asyncio.to_thread(self._get, "/_stcore/health")
        self._socket = await connect(
            f"ws://{self.host}/_stcore/stream",
            subprotocols=["streamlit", self.xsrf] if self.xsrf else ["streamlit"],  # type: ignore[list-item]
            additional_headers=self._cookie_header(),
            origin=self.base_url,  # type: ignore[arg-type]
            max_size=None,
            proxy=None,
            compression=None,
            open_timeout=self.timeout,
        )
        self._reader = asyncio.create_task(self._read())
        self.path, self.query = path, query
        return await self._rerun(start, page_name=path)

    async def _read(self) -> None:
        assert self._socket is not None
        try:
            async for frame in self._socket:
                if isinstance(frame, str):
                    continue
                self._inbox.put_nowait(frame)
        except Exception:  # a closed socket ends the conversation; the waiting run says so
            pass
        finally:
            self._inbox.put_nowait(None)

    async def _send(self, message: BackMsg) -> None:
        if self._socket is None:
            raise ClientError("not connected")
        await self._socket.send(message.SerializeToString())

    def _client_state(self, message: BackMsg, page_hash: str, page_name: str) -> None:
        state = message.rerun_script
        state.query_string = self.query
        state.page_script_hash = page_hash
        state.page_name = page_name
        state.context_info.CopyFrom(
            _context(f"{self.base_url}/{self.path}" + (f"?{self.query}" if self.query else ""))
        )

    async def _rerun(
        self,
        start: float,
        widgets: Sequence[WidgetState] = (),
        page_hash: str | None = None,
        page_name: str = "",
    ) -> Run:
        """Ask for a run (of the page shown, unless another is named) and wait for it."""
        if page_hash is None:
            page_hash = "" if page_name else self.page_hash
        message = BackMsg()
        self._client_state(message, page_hash, page_name)
        message.rerun_script.widget_states.CopyFrom(WidgetStates(widgets=list(widgets)))
        await self._send(message)
        run = await self._until_finished(start)
        self.last = run
        return run

    async def _until_finished(self, start: float) -> Run:
        """Messages of the run the request started, until it finishes (a run cut short for
        a rerun is followed by the rerun, whose messages replace its own)."""
        frames: list[bytes] = []
        messages: list[ForwardMsg] = []
        deadline = start + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return Run(time.perf_counter() - start, "timeout", frames, messages)
            try:
                frame = await asyncio.wait_for(self._inbox.get(), left)
            except TimeoutError:
                return Run(time.perf_counter() - start, "timeout", frames, messages)
            if frame is None:
                return Run(time.perf_counter() - start, "closed", frames, messages)
            message = ForwardMsg()
            message.ParseFromString(frame)
            kind = message.WhichOneof("type")
            if kind == "file_urls_response":
                waiter = self._file_urls.pop(message.file_urls_response.response_id, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(message)
                continue
            if kind == "new_session":
                frames, messages = [], []
                if message.new_session.initialize.session_id:
                    self.session_id = message.new_session.initialize.session_id
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "navigation":  # st.navigation says which page this run shows
                self.page_hash = message.navigation.page_script_hash
                self.pages = {
                    page.url_pathname: page.page_script_hash
                    for page in message.navigation.app_pages
                }
            frames.append(frame)
            messages.append(message)
            if kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                done = "compile error" if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR else "ok"
                return Run(time.perf_counter() - start, done, frames, messages)

    # ------------------------------------------------------------------ what a visitor does

    def widget(self, key: str) -> Any:
        """The widget with this key on the page the last run drew."""
        if self.last is None:
            raise ClientError("nothing drawn yet")
        for element in walk(self.last.tree):
            if getattr(element, "key", None) == key and hasattr(element, "id"):
                return element
        raise ClientError(f"no widget with key {key!r} on the page")

    def button(self, label: str) -> Any:
        """The button with this label on the page the last run drew."""
        if self.last is None:
            raise ClientError("nothing drawn yet")
        for element in walk(self.last.tree):
            if element.type == "button" and element.proto.label == label:
                return element
        raise ClientError(f"no button labelled {label!r} on the page")

    async def choose(self, key: str, label: str) -> Run:
        """Pick the option shown as ``label`` in a selectbox, radio or segmented control."""
        start = time.perf_counter()
        element = self.widget(key)
        state = WidgetState(id=element.id)
        if element.type in {"selectbox", "radio"}:
            if label not in list(element.proto.options):
                raise ClientError(f"{key}: no option {label!r} in {list(element.proto.options)}")
            state.string_value = label
        elif element.type == "button_group":
            state.string_array_value.data[:] = [label]
        elif element.type == "multiselect":
            state.string_array_value.data[:] = [part for part in label.split("\n") if part]
        else:
            raise ClientError(f"{key}: can't choose on a {element.type}")
        return await self._rerun(start, [state])

    async def click(self, label: str) -> Run:
        """Click a button (a trigger: true for this run only)."""
        start = time.perf_counter()
        return await self._rerun(start, [WidgetState(id=self.button(label).id, trigger_value=True)])

    async def navigate(self, url_path: str, query: str = "") -> Run:
        """Go to another page of the app, with a query string as a link inside it gives."""
        start = time.perf_counter()
        self.path, self.query = url_path, query
        return await self._rerun(start, page_hash=self.pages.get(url_path, ""), page_name=url_path)

    async def upload(self, key: str, files: Sequence[tuple[str, bytes, str]]) -> Run:
        """Drop files on a file uploader: ask for upload URLs, PUT each file, rerun with the
        uploader's state. Timed from the request for URLs to the run's end."""
        start = time.perf_counter()
        element = self.widget(key)
        request_id = uuid.uuid4().hex
        waiter: asyncio.Future[ForwardMsg] = asyncio.get_running_loop().create_future()
        self._file_urls[request_id] = waiter
        message = BackMsg()
        message.file_urls_request.request_id = request_id
        message.file_urls_request.session_id = self.session_id
        message.file_urls_request.file_names[:] = [name for name, _, _ in files]
        await self._send(message)
        # The reply arrives between runs: read it here (no run is waiting on the inbox).
        reply = await self._await_file_urls(waiter, start)
        state = WidgetState(id=element.id)
        for (name, data, mime), urls in zip(files, reply.file_urls_response.file_urls, strict=True):
            status = await asyncio.to_thread(self._put_file, urls.upload_url, name, data, mime)
            if status != 204:
                raise ClientError(f"upload of {name} answered {status}")
            info = state.file_uploader_state_value.uploaded_file_info.add()
            info.file_id, info.name, info.size = urls.file_id, name, len(data)
            info.file_urls.CopyFrom(urls)
        return await self._rerun(start, [state])

    async def _await_file_urls(
        self, waiter: asyncio.Future[ForwardMsg], start: float
    ) -> ForwardMsg:
        deadline = start + self.timeout
        while not waiter.done():
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ClientError("no file_urls_response")
            frame = await asyncio.wait_for(self._inbox.get(), left)
            if frame is None:
                raise ClientError("closed while waiting for upload URLs")
            message = ForwardMsg()
            message.ParseFromString(frame)
            if message.WhichOneof("type") == "file_urls_response":
                found = self._file_urls.pop(message.file_urls_response.response_id, None)
                if found is not None and not found.done():
                    found.set_result(message)
            # anything else between runs (none expected) is dropped
        reply = waiter.result()
        if reply.file_urls_response.error_msg:
            raise ClientError(reply.file_urls_response.error_msg)
        return reply

    async def close(self) -> None:
        """Close the tab: the server keeps the session for ``server.disconnectedSessionTTL``."""
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self._socket = None
