"""The preview's web server: the built folder as it is on disk, plus a reload channel.

Every HTML page is served with one extra script, /_preview/reload.js, which waits
on /_preview/wait for the next update and then reloads the page, or shows the
problems that stopped it. The pages on disk stay as the build wrote them.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .updates import Renderer, Update
from .watch import Signature, Wakeup, changed, signature

SCRIPT = Path(__file__).with_name("reload.js")
TAG = '<script src="/_preview/reload.js?v={}" defer></script>'
SETTLE = 0.03  # seconds a changed file must stay unchanged before it is read
WAIT = 25.0  # seconds a reload request is held open before the browser asks again


class State:
    """The last update, numbered, and a way to wait for the next one."""

    KEPT = 500  # updates whose pages are remembered; a page older than them reloads

    def __init__(self) -> None:
        self.version = 0
        self.problems: list[str] = []
        self.labels: dict[str, dict[str, str]] = {}
        # The addresses each update rendered (None: every page), by version.
        self.touched: dict[int, frozenset[str] | None] = {}
        self.condition = threading.Condition()
        # Cleared while the search indexes are brought up to date after a reload: a
        # reloaded page's request for its index waits for the new one.
        self.indexed = threading.Event()
        self.indexed.set()

    def publish(self, update: Update) -> None:
        with self.condition:
            self.version += 1
            new = list(update.problems)
            self.problems = self.problems + new if update.continues else new
            self.labels = update.labels or self.labels
            pages = None if update.full or update.failed else frozenset(update.addresses)
            self.touched[self.version] = pages
            self.touched.pop(self.version - self.KEPT, None)
            self.condition.notify_all()

    def wait(
        self, since: int, lang: str = "", path: str | None = None, timeout: float = WAIT
    ) -> dict[str, object]:
        """The next update after `since`, with the box's words in the page's language
        (else the first language's, the default), and whether the page at `path` (None:
        any page) was rendered again since: a page no update touched is not reloaded."""
        with self.condition:
            self.condition.wait_for(lambda: self.version > since, timeout)
            labels = self.labels.get(lang) or next(iter(self.labels.values()), {})
            return {
                "version": self.version,
                "problems": self.problems,
                "labels": labels,
                "reload": self._touched(since, path),
            }

    def _touched(self, since: int, path: str | None) -> bool:
        if path is None or since < self.version - self.KEPT + 1:
            return True
        page = path.removesuffix("index.html")
        for version in range(max(since, 0) + 1, self.version + 1):
            pages = self.touched.get(version)
            if pages is None or page in pages:
                return True
        return False


class Handler(SimpleHTTPRequestHandler):
    state: State

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the terminal is for the build's reports

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/_preview/reload.js":
            self._send(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        elif url.path == "/_preview/wait":
            query = parse_qs(url.query)
            since = int((query.get("since") or ["0"])[0] or 0)
            lang = (query.get("lang") or [""])[0]
            shown = query.get("path")  # the page asking, as the browser's address has it
            answer = self.state.wait(since, lang, unquote(shown[0]) if shown else None)
            body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self._send(body, "application/json; charset=utf-8")
        else:
            if url.path.endswith("/search/search_index.json"):
                self.state.indexed.wait(timeout=WAIT)
            page = self._page(url.path)
            if page is None:
                super().do_GET()
            else:
                status, path = page
                html = path.read_bytes()
                # The version the page was served at: an update after it reloads it.
                tag = TAG.format(self.state.version).encode("ascii")
                at = html.rfind(b"</body>")
                html = html[:at] + tag + html[at:] if at >= 0 else html + tag
                self._send(html, "text/html; charset=utf-8", status)

    def _page(self, path: str) -> tuple[HTTPStatus, Path] | None:
        """The HTML file a request is for (its folder's index.html), else None."""
        target = Path(self.translate_path(path))
        if target.is_dir():
            if not path.endswith("/"):
                return None  # the base class redirects to the address with a slash
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            return HTTPStatus.OK, target
        missing = Path(str(self.directory)) / "404.html"
        if not target.exists() and missing.is_file():
            return HTTPStatus.NOT_FOUND, missing
        return None

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def show(update: Update, out: Callable[[str], None]) -> None:
    """An update as the terminal shows it: what was done, then every problem."""
    out(f"preview: {update.summary()}")
    for problem in update.problems:
        out(f"  {problem}")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def finish(
    renderer: Renderer, state: State, out: Callable[[str], None], stop: Callable[[], bool]
) -> bool:
    """The work an update left for after the browser has its page, each part published
    as it is done; then the search index requests held meanwhile are answered. Returns
    False when `stop()` said a save waits first (the rest is done after it)."""
    while True:
        if stop():
            return False
        try:
            later = renderer.finish(stop)
        except Exception as exc:  # noqa: BLE001 - a failed index must not stop the server
            later = Update(problems=[f"ERROR the preview could not update search: {exc!r}"])
        if later is not None and (later.pages or later.indexed or later.problems):
            show(later, out)
            if later.pages or later.problems:
                state.publish(later)
        if later is None or not later.more:
            break
    state.indexed.set()
    return True


def serve(
    renderer: Renderer,
    root: Path,
    site_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    out: Callable[[str], None] = _say,
    poll: float = 0.1,  # without inotify: seconds between scans
    ready: Callable[[str], None] | None = None,
) -> None:
    """Build, serve, and bring the site up to date after every save, until interrupted."""
    state = State()
    # Watching starts before the build: a save made while it runs, or as the site
    # first comes up, is then known at once instead of after the first indexing.
    wakeup = Wakeup(root, poll)
    try:
        before = signature(root)
        state.indexed.clear()  # the first build leaves the search indexes to finish()
        update = renderer.build_all()
        show(update, out)
        state.publish(update)
        handler = type("PreviewHandler", (Handler,), {"state": state})
        server = ThreadingHTTPServer((host, port), partial(handler, directory=str(site_dir)))
        server.daemon_threads = True
        address = f"http://{host}:{server.server_address[1]}/"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        out(f"preview: serving {address} (Ctrl+C stops)")
        if ready is not None:
            ready(address)
        try:
            _follow(renderer, root, state, wakeup, before, out)
        finally:
            server.shutdown()
    except KeyboardInterrupt:
        pass
    finally:
        wakeup.stop()


def _follow(
    renderer: Renderer,
    root: Path,
    state: State,
    wakeup: Wakeup,
    before: Signature,
    out: Callable[[str], None],
) -> None:
    """Finish each update's work, then wait for a save and bring the site up to it."""
    finished = False
    while True:
        if not finished:
            finished = finish(renderer, state, out, wakeup.pending)
        wakeup.wait()
        after = signature(root)
        paths = changed(before, after)
        if not paths:
            continue
        # An editor's save can be a truncate then a write: wait until the files settle.
        settled = after
        while True:
            time.sleep(SETTLE)
            after = signature(root)
            if after == settled:
                break
            settled = after
        paths = changed(before, after)
        before = after
        state.indexed.clear()  # until finish(): a search index asked for now waits
        try:
            update = renderer.update(paths)
        except Exception as exc:  # noqa: BLE001 - a failed update must not stop the server
            update = Update(problems=[f"ERROR the preview could not update: {exc!r}"])
        show(update, out)
        # The saved page first; the rest and the search index right after.
        state.publish(update)
        finished = False
