"""Past one machine: two replicas of the app behind nginx, sticky sessions, in Chromium.

Streamlit keeps a session in one process's memory, so the websocket, the uploads and the
media of one browser must all reach the same replica. deploy/serve_replicas.py starts the
replicas and nginx (deploy/nginx.conf.template); here two of them serve real sessions.
"""

from __future__ import annotations

import os
import re
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS, ROOT, free_port, hub_with_resnet18

from deploy.serve_replicas import (
    COOKIE_NAME,
    REPLICA_HEADER,
    Deployment,
    nginx_binary,
    replicas_behind_nginx,
    upload_limit_mib,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.e2e,
    pytest.mark.skipif(
        nginx_binary() is None,
        reason="needs nginx (Debian: apt-get install -y nginx) to put replicas behind it",
    ),
    pytest.mark.timeout(600),  # two replicas warming up side by side on a small machine
]

#: Browser contexts tried before giving up on reaching both replicas: each lands on one of
#: the two at random, so twelve miss one of them once in 2,048 runs.
MAX_CONTEXTS = 12
PHOTOS = ("mountain.jpg", "puppies.jpg")


def _get(url: str, cookie: str | None = None) -> Any:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.headers


def _wait_until_idle(page: Any) -> None:
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000
    )


def _classify_a_photo(page: Any, photo: str) -> None:
    """As test_e2e's inference test: pretrained resnet18, one upload, five predictions."""
    page.get_by_role("heading", name="Inference").wait_for(timeout=60_000)
    page.get_by_label("Network", exact=True).click()
    page.get_by_role("option", name="resnet18", exact=True).click()
    page.get_by_text("resnet18, torchvision weights IMAGENET1K_V1").wait_for(timeout=90_000)
    _wait_until_idle(page)
    path = ROOT / "resnet_viz" / "data" / "samples" / photo
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
    page.get_by_role("heading", name=photo).wait_for(timeout=90_000)
    _wait_until_idle(page)
    errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(timeout=60_000)
    assert chart.locator(".ytick").count() == 5  # the top-5 predictions
    # The Grad-CAM overlay is an image served from /media/…: the replica's memory too.
    overlay = page.locator('[data-testid="stImage"] img').nth(1)
    overlay.wait_for(timeout=60_000)
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=overlay.element_handle()
    )


def _replay_upload(
    url: str, headers: dict[str, str], session_id: str, size: int = 8
) -> tuple[int, str]:
    """A PUT like the browser's (its XSRF cookie and token) for a new file of the session."""
    body = (
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + b"r" * size + b"\r\n--x--\r\n"
    )
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{session_id}/replayed-file",
        data=body,
        headers={
            "Content-Type": "multipart/form-data; boundary=x",
            "Cookie": headers["cookie"],
            "X-Xsrftoken": headers["x-xsrftoken"],
        },
        method="PUT",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _check_cookie_is_set_once(deployment: Deployment, replicas: set[str]) -> None:
    first = _get(f"{deployment.url}/")
    set_cookie = first.get_all("Set-Cookie") or []
    ours = [value for value in set_cookie if value.startswith(f"{COOKIE_NAME}=")]
    assert len(ours) == 1, set_cookie
    assert re.fullmatch(
        rf"{COOKIE_NAME}=[0-9a-f]{{32}}; Path=/; HttpOnly; SameSite=Lax", ours[0]
    ), ours[0]
    assert first[REPLICA_HEADER] in replicas
    cookie = ours[0].split(";", 1)[0]
    for _ in range(3):  # with the cookie: no new one, and always the same replica
        again = _get(f"{deployment.url}/", cookie)
        assert not any(
            value.startswith(f"{COOKIE_NAME}=") for value in again.get_all("Set-Cookie") or []
        )
        assert again[REPLICA_HEADER] == first[REPLICA_HEADER]


def _check_upload_limit(deployment: Deployment) -> None:
    """A body over the app's limit is refused by nginx itself, from its Content-Length."""
    conf = (deployment.run_dir / "nginx.conf").read_text()
    assert f"client_max_body_size {upload_limit_mib()}m;" in conf
    assert upload_limit_mib() == 600  # .streamlit/config.toml's maxUploadSize
    host, port = deployment.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            f"PUT /_stcore/upload_file/s/f HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Length: {(upload_limit_mib() << 20) + 1}\r\n\r\n".encode()
        )
        status_line = sock.recv(4096).split(b"\r\n", 1)[0]
    assert status_line.split()[1] == b"413", status_line


def _check_one_cookie_secret(deployment: Deployment) -> None:
    """Every replica has the same cookie secret, from its environment (not its command line,
    which `ps` shows to every local user)."""
    secrets = set()
    for process in deployment.replicas:
        environ = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
        found = [item for item in environ if item.startswith(b"STREAMLIT_SERVER_COOKIE_SECRET=")]
        assert len(found) == 1
        secrets.add(found[0].split(b"=", 1)[1])
        assert not any(b"cookieSecret" in arg for arg in map(str.encode, process.args))
    assert len(secrets) == 1 and len(secrets.pop()) >= 32


def _serve_a_session(
    browser: Any, deployment: Deployment, replicas: set[str], served: dict[str, str]
) -> None:
    """A new browser context opens /inference through nginx. On a replica that has not
    served a session yet, the session classifies a photo, and every response it gets must
    come from that replica; the replica goes into ``served``, with the photo."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="en-US")
    try:
        page = context.new_page()
        answered: list[tuple[str, str, int, str | None]] = []
        page.on(
            "response",
            lambda response: answered.append(
                (
                    response.request.method,
                    response.url,
                    response.status,
                    response.headers.get(REPLICA_HEADER.lower()),
                )
            ),
        )
        uploads: list[Any] = []
        page.on(
            "request",
            lambda request: (
                uploads.append(request)
                if request.method == "PUT" and "/_stcore/upload_file/" in request.url
                else None
            ),
        )
        first = page.goto(f"{deployment.url}/inference", wait_until="commit")
        assert first is not None
        replica = first.headers[REPLICA_HEADER.lower()]
        assert replica in replicas
        if replica in served:
            return  # let go: this replica has shown what it does
        photo = PHOTOS[len(served)]
        _classify_a_photo(page, photo)  # the websocket works through nginx: the page runs
        page.screenshot(
            path=ARTIFACTS / f"test_deploy_inference_through_nginx_{len(served) + 1}.png",
            full_page=True,
        )

        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert cookies[COOKIE_NAME]["httpOnly"] and cookies[COOKIE_NAME]["sameSite"] == "Lax"
        from_nginx = [entry for entry in answered if entry[1].startswith(deployment.url)]
        assert {entry[3] for entry in from_nginx} == {replica}, from_nginx
        put = [entry for entry in from_nginx if entry[0] == "PUT"]
        assert put and all(entry[2] in {200, 204} for entry in put), put
        assert any("/media/" in entry[1] for entry in from_nginx), from_nginx

        # Without stickiness the upload would reach the other replica: it refuses it.
        session_id = uploads[0].url.split("/_stcore/upload_file/")[1].split("/")[0]
        headers = uploads[0].all_headers()
        (other,) = (url for url in deployment.replica_urls if url != f"http://{replica}")
        status, text = _replay_upload(other, headers, session_id)
        assert status == 400 and "sticky sessions" in text, (status, text)
        # Through nginx it is taken, at 2 MiB too (nginx's own default limit is 1 MiB).
        status, text = _replay_upload(deployment.url, headers, session_id, size=2 << 20)
        assert status in {200, 204}, (status, text)
        served[replica] = photo
    finally:
        context.close()


def _check_access_log(deployment: Deployment, replicas: set[str]) -> None:
    """Every request of one sticky id, websocket included, went to one replica."""
    by_sticky: dict[str, set[str]] = {}
    paths: dict[str, set[str]] = {}
    deadline = time.monotonic() + 30
    while True:  # a websocket is logged when it closes, a moment after its context
        by_sticky.clear()
        paths.clear()
        for line in deployment.access_log.read_text().splitlines():
            match = re.search(r'"(\w+) (\S+) [^"]*" (\d+) .* replica=(\S+) sticky=(\w+)', line)
            if match and match.group(4) != "-":  # "-": nginx answered itself (413)
                method, path, _, replica, sticky = match.groups()
                by_sticky.setdefault(sticky, set()).add(replica)
                paths.setdefault(sticky, set()).add(f"{method} {path.split('?')[0]}")
        streamed = [s for s, seen in paths.items() if "GET /_stcore/stream" in seen]
        if len(streamed) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(streamed) >= 2, paths
    for sticky, seen in by_sticky.items():
        assert len(seen) == 1, (sticky, seen, paths[sticky])
    assert {replica for seen in by_sticky.values() for replica in seen} == replicas


def _gone(process_group: int) -> bool:
    try:
        os.killpg(process_group, 0)
    except ProcessLookupError:
        return True
    return False


def test_two_replicas_behind_nginx_keep_each_session_on_one(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    torch_home = tmp_path_factory.mktemp("torch-home")
    hub_with_resnet18(torch_home)
    cache = tmp_path_factory.mktemp("trace-cache")  # empty: both replicas write it at once
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)

    with replicas_behind_nginx(2, port, torch_home, cache) as deployment:
        try:
            replicas = {url.removeprefix("http://") for url in deployment.replica_urls}
            _check_cookie_is_set_once(deployment, replicas)
            _check_upload_limit(deployment)
            _check_one_cookie_secret(deployment)

            served: dict[str, str] = {}
            for _ in range(MAX_CONTEXTS):
                _serve_a_session(browser, deployment, replicas, served)
                if set(served) == replicas:
                    break
            assert set(served) == replicas, f"{MAX_CONTEXTS} sessions all went to {served}"
            _check_access_log(deployment, replicas)
        except BaseException:
            for index in range(len(deployment.replicas)):
                print(f"--- replica {index} ---\n{deployment.replica_log(index).read_text()}")
            print(f"--- nginx ---\n{deployment.error_log.read_text()}")
            raise
        processes = deployment.processes

    # Everything it started has stopped: each process, and every process in its group
    # (nginx's workers, anything a replica started).
    assert len(processes) == 3
    for process in processes:
        assert process.returncode is not None, process.args
        assert _gone(process.pid), process.args
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass

    # The two replicas traced every preset into the same cache at the same time.
    from resnet_viz.trace import decode

    written = list((cache / "traces").iterdir())
    assert written and all(path.suffix == ".json" for path in written), written
    for path in written:
        decode(path.read_text(encoding="utf-8"))
