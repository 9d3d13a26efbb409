"""Pretrained weights: loading into our builder from the torch hub cache, and downloading.

Nothing here touches the network: checkpoints are made by the tests and placed in a private
cache, and downloads come from an HTTP server on the loopback address.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
import torchvision
from PIL import Image

from resnet_viz import PRESETS
from resnet_viz.infer import _weights as weights
from resnet_viz.infer import preprocess


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private torch hub cache (TORCH_HOME), empty to start with."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    return tmp_path / "hub" / "checkpoints"


def place_torchvision_checkpoint(name: str, version: str) -> torch.nn.Module:
    """A torchvision model's state_dict where torchvision's weights file would be cached."""
    torch.manual_seed(1)
    reference = getattr(torchvision.models, name)().eval()
    target = weights.cached_file(name, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    torch.save(reference.state_dict(), target)
    return reference


def test_versions_come_from_torchvision_best_first() -> None:
    assert weights.pretrained_versions("resnet50") == ["IMAGENET1K_V2", "IMAGENET1K_V1"]
    assert weights.pretrained_versions("resnet18") == ["IMAGENET1K_V1"]
    assert weights.pretrained_versions("resnet56") == []


def test_cache_path_is_torch_hubs(hub: Path) -> None:
    assert weights.cached_file("resnet50", "IMAGENET1K_V2") == hub / "resnet50-11ad3fa6.pth"


def test_pretrained_loads_into_our_model_and_agrees_with_torchvision(hub: Path) -> None:
    reference = place_torchvision_checkpoint("resnet18", "IMAGENET1K_V1")
    loaded = weights.load_pretrained("resnet18")
    assert loaded.trained and loaded.accuracy == 69.758
    assert len(loaded.categories) == 1000 and loaded.categories[207] == "golden retriever"
    assert loaded.preprocess == weights.Preprocess(256, 224)
    x = torch.randn(1, 3, 224, 224)
    with torch.inference_mode():
        torch.testing.assert_close(loaded.model(x), reference(x))
    assert type(loaded.model).__module__ == "resnet_viz.models._network"


def test_preprocessing_equals_the_weights_own_transforms() -> None:
    image = Image.open(
        Path(__file__).resolve().parent.parent / "resnet_viz/data/samples/puppies.jpg"
    )
    enum = torchvision.models.ResNet50_Weights.IMAGENET1K_V2
    recipe = weights.Preprocess(resize=232, crop=224)
    torch.testing.assert_close(
        preprocess(image.convert("RGB"), recipe), enum.transforms()(image.convert("RGB"))
    )


def test_untrained_is_labelled_and_deterministic() -> None:
    torch.manual_seed(123)
    expected_next = torch.rand(1)
    torch.manual_seed(123)
    first, second = weights.untrained(PRESETS["resnet20"]), weights.untrained(PRESETS["resnet20"])
    assert torch.equal(torch.rand(1), expected_next)  # the global RNG was left alone
    assert not first.trained and "untrained" in str(first.source)
    assert first.categories == tuple(f"class {i}" for i in range(10))
    assert first.preprocess.crop == 32
    assert torch.equal(first.model.fc.weight, second.model.fc.weight)


class _Files(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback_server() -> Iterator[http.server.HTTPServer]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def serve(
    monkeypatch: pytest.MonkeyPatch, server: http.server.HTTPServer, body: bytes, file_name: str
) -> None:
    """Point the resnet18 weights' URL at the loopback server, serving ``body``."""
    _Files.body = body
    url = f"http://127.0.0.1:{server.server_port}/models/{file_name}"
    real = weights._weights_enum
    monkeypatch.setattr(
        weights,
        "_weights_enum",
        lambda name, version: SimpleNamespace(
            url=url,
            name=version,
            transforms=real(name, version).transforms,
            meta=real(name, version).meta,
        ),
    )


def test_download_with_progress_and_hash_check(
    hub: Path, monkeypatch: pytest.MonkeyPatch, loopback_server: http.server.HTTPServer
) -> None:
    body = b"x" * (3 * 2**20 + 5)
    name = f"resnet18-{hashlib.sha256(body).hexdigest()[:8]}.pth"
    serve(monkeypatch, loopback_server, body, name)
    seen: list[tuple[int, int]] = []
    path = weights.fetch(
        "resnet18", "IMAGENET1K_V1", lambda done, total: seen.append((done, total))
    )
    assert path == hub / name and path.read_bytes() == body
    assert seen[-1] == (len(body), len(body)) and len(seen) == 4
    assert list(hub.iterdir()) == [path]  # no partial file left behind


class _Dropped(_Files):
    """Promises more bytes than it sends, then hangs up: an interrupted download."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(10 * 2**20))
        self.end_headers()
        self.wfile.write(b"x" * 1000)


def test_interrupted_download_leaves_nothing_behind(
    hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Dropped)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    real = weights._weights_enum
    monkeypatch.setattr(
        weights,
        "_weights_enum",
        lambda name, version: SimpleNamespace(
            url=f"http://127.0.0.1:{server.server_port}/resnet18-f37072fd.pth",
            name=version,
            transforms=real(name, version).transforms,
            meta=real(name, version).meta,
        ),
    )
    try:
        with pytest.raises(
            weights.WeightsUnavailable, match=r"stopped after 1,000 of 10,485,760 bytes; try again"
        ):
            weights.fetch("resnet18", "IMAGENET1K_V1", timeout=5)
    finally:
        thread.join(5)
        server.server_close()
    assert list(hub.iterdir()) == []


def test_corrupt_download_is_refused(
    hub: Path, monkeypatch: pytest.MonkeyPatch, loopback_server: http.server.HTTPServer
) -> None:
    serve(monkeypatch, loopback_server, b"tampered", "resnet18-0123abcd.pth")
    with pytest.raises(weights.WeightsUnavailable, match="corrupt"):
        weights.fetch("resnet18", "IMAGENET1K_V1")
    assert list(hub.iterdir()) == []


def test_offline_is_a_clear_message(hub: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with http.server.HTTPServer(("127.0.0.1", 0), _Files) as closed:
        port = closed.server_port  # closed again: nothing listens there
    monkeypatch.setattr(
        weights,
        "_weights_enum",
        lambda name, version: SimpleNamespace(
            url=f"http://127.0.0.1:{port}/resnet18-f37072fd.pth", name=version
        ),
    )
    with pytest.raises(
        weights.WeightsUnavailable,
        match=r"Could not download resnet18 weights .*python -m "
        r"resnet_viz\.serving\.fetch_weights fetch resnet18.*continue untrained",
    ):
        weights.fetch("resnet18", "IMAGENET1K_V1", timeout=5)


def test_fetch_command_uses_the_cache(hub: Path, capsys: pytest.CaptureFixture[str]) -> None:
    place_torchvision_checkpoint("resnet18", "IMAGENET1K_V1")
    from resnet_viz.serving.fetch_weights import main

    assert main(["fetch", "resnet18"]) == 0
    assert "resnet18 IMAGENET1K_V1: " in capsys.readouterr().err
    assert main(["fetch", "resnet9000"]) == 1


def test_presets_without_published_weights_say_so() -> None:
    with pytest.raises(
        weights.WeightsUnavailable, match="publishes no pretrained weights for 'resnet56'"
    ):
        weights.load_pretrained("resnet56")


def test_a_cache_that_cannot_be_written_is_unavailable_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TORCH_HOME", str(blocker / "torch"))  # under a file: never creatable
    with pytest.raises(weights.WeightsUnavailable, match="cannot be written"):
        weights.fetch("resnet18", "IMAGENET1K_V1")
