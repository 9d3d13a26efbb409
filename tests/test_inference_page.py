"""The inference page in Streamlit's test runner: real weights files, real uploads."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torchvision
from conftest import RunsCode, open_page, plain_texts, torch_saved
from safetensors.torch import save as save_safetensors
from streamlit.testing.v1 import AppTest

from resnet_viz import build_model
from resnet_viz.data import SAMPLES_DIR as SAMPLES
from resnet_viz.infer import _weights as weights
from resnet_viz.text import escape_markdown


def inference_page() -> AppTest:
    return open_page("app_pages/inference.py")


def test_offline_pretrained_offers_to_continue_untrained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    monkeypatch.setattr(
        "resnet_viz.ui.inference._state.fetch",  # where the page calls it
        lambda *a, **k: (_ for _ in ()).throw(
            weights.WeightsUnavailable("could not download resnet50 weights (offline)")
        ),
    )
    at = inference_page()
    assert "could not download resnet50 weights" in at.error[0].value
    next(b for b in at.button if b.label == "Continue with untrained weights").click().run()
    assert not at.exception
    assert at.radio(key="inf_source").value == "untrained"
    assert "predictions are meaningless" in at.warning[0].value


def test_pretrained_from_the_cache_classifies_uploads(resnet18_in_hub: Path) -> None:
    at = inference_page()
    at.selectbox(key="inf_net_pretrained").set_value("resnet18").run()
    assert not at.exception and not at.error
    assert "resnet18, torchvision weights IMAGENET1K_V1 · cpu · fp32" in plain_texts(at, "p")[0]
    photos = [
        (name, (SAMPLES / name).read_bytes(), "image/jpeg")
        for name in ("puppies.jpg", "mountain.jpg")
    ]
    at.file_uploader(key="inf_images").set_value(
        [*photos, ("broken <b>.png", b"\x89PNG junk", "image/png")]
    ).run()
    assert not at.exception
    # Shown as Markdown with every punctuation mark escaped: the file name stays text.
    assert [e.value for e in at.error] == [
        escape_markdown("broken <b>.png: not a JPEG, PNG, WebP, BMP or GIF image")
    ]
    assert plain_texts(at, "h3") == ["puppies.jpg", "mountain.jpg"]  # as text
    table = at.dataframe[0].value
    assert list(table["image"]) == ["puppies.jpg", "mountain.jpg"]
    assert {m.label for m in at.metric} == {"Throughput", "Forward pass per image"}
    assert len(at.get("plotly_chart")) == 3  # two top-5 charts and the residual ratios
    assert len(at.get("image")) == 2 * 2 + 5  # photo and Grad-CAM per image, 5 feature grids


def test_a_hostile_checkpoint_is_refused_on_the_page(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    at = inference_page()
    at.radio(key="inf_source").set_value("checkpoint").run()
    at.file_uploader(key="inf_ckpt").set_value(
        ("evil.pth", torch_saved({"weights": RunsCode(marker)}), "application/octet-stream")
    ).run()
    assert not at.exception
    assert escape_markdown("refused: loading it would run code") in at.error[0].value
    assert not marker.exists()


def test_a_checkpoint_is_recognised_without_choosing_a_network() -> None:
    data = save_safetensors(torchvision.models.resnet34().state_dict())
    at = inference_page()
    at.radio(key="inf_source").set_value("checkpoint").run()
    assert not [box for box in at.selectbox if box.key == "inf_net"]  # nothing to choose
    at.file_uploader(key="inf_ckpt").set_value(
        ("r34.safetensors", data, "application/octet-stream")
    ).run()
    assert not at.exception and not at.error
    assert any("4 stages of BasicBlocks (3, 4, 6, 3 blocks)" in c.value for c in at.caption)
    assert "r34.safetensors · cpu · fp32" in plain_texts(at, "p")[0]  # the name, as text
    assert at.selectbox(key="inf_cam_stage").options == ["layer1", "layer2", "layer3", "layer4"]


def test_a_checkpoint_with_tensors_left_over_says_so_and_points_to_your_resnet() -> None:
    state = build_model("resnet18").state_dict()
    state["layer1.0.se.fc.weight"] = torch.zeros(4, 64)
    at = inference_page()
    at.radio(key="inf_source").set_value("checkpoint").run()
    at.file_uploader(key="inf_ckpt").set_value(
        ("se.safetensors", save_safetensors(state), "application/octet-stream")
    ).run()
    assert not at.exception
    assert "have no place in the network" in at.error[0].value
    assert any("layer1\\.0\\.se\\.fc\\.weight" in c.value for c in at.caption)
    assert not at.get("plotly_chart")  # nothing classified


def test_what_a_checkpoint_cannot_tell_is_asked_and_its_likely_input_filled_in() -> None:
    at = resnet20_checkpoint_page().run()
    assert not at.exception and not at.error
    radio = next(r for r in at.radio if (r.key or "").startswith("inf_choice_zero_pad_"))
    assert radio.value == "end"
    assert list(radio.options) == [
        "zero padding around the channels",
        "zero padding after the channels",
        "no shortcut (a plain net)",
    ]
    assert at.number_input(key="inf_crop_cifar").value == 32
    assert at.text_input(key="inf_mean").value == "0.485, 0.456, 0.406"
    radio.set_value("split").run()
    assert not at.exception and not at.error and plain_texts(at, "h3")[0] == "puppies.jpg"


def test_bad_normalisation_text_is_named() -> None:
    at = inference_page()
    at.radio(key="inf_source").set_value("untrained").run()
    at.text_input(key="inf_std").set_value("0.2, zero").run()
    assert not at.exception
    assert at.error[0].value.startswith("std: '0.2, zero' is not a list of numbers")


#: Class names a visitor would upload for the digits.
DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@pytest.mark.slow
def test_a_trained_digits_net_reads_uploaded_digits() -> None:
    """ResNet-20 trained on scikit-learn's digits by the lab's own race, uploaded as a
    checkpoint with class names and the lab's preprocessing (one grey channel), reads
    held-out digits uploaded as PNG files."""
    from resnet_viz.lab import digits, race

    data = digits()
    for _, models in race(data, epochs=4, entrants=[(20, False, "post")]):
        trained = models["resnet20"]
    recipe = data.preprocess()
    at = inference_page()
    at.radio(key="inf_source").set_value("checkpoint").run()
    at.file_uploader(key="inf_ckpt").set_value(
        ("digits.safetensors", save_safetensors(trained.state_dict()), "application/octet-stream")
    )
    at.file_uploader(key="inf_labels").set_value(
        ("digits.txt", "\n".join(DIGIT_NAMES).encode(), "text/plain")
    ).run()
    # Recognised as a one-channel ResNet-20; its input is the lab's, set after the upload
    # (a new checkpoint fills in what it was likely trained with).
    at.number_input(key="inf_resize_cifar").set_value(recipe.resize).run()
    at.number_input(key="inf_crop_cifar").set_value(recipe.crop).run()
    at.text_input(key="inf_mean").set_value(str(recipe.mean[0])).run()  # one value: greyscale
    at.text_input(key="inf_std").set_value(str(recipe.std[0])).run()
    assert not at.exception and not at.error
    held_out = range(40)
    files = [(f"digit-{index}.png", data.test_digit_png(index)) for index in held_out]
    at.file_uploader(key="inf_images").set_value(
        [(name, png, "image/png") for name, png in files]
    ).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["image"]) == [name for name, _ in files]
    expected = [DIGIT_NAMES[int(data.test_labels[index])] for index in held_out]
    correct = sum(got == want for got, want in zip(table["top class"], expected, strict=True))
    assert correct >= 0.8 * len(expected), f"{correct}/{len(expected)} digits read correctly"


def test_gpu_out_of_memory_falls_back_to_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    from resnet_viz.infer import Classifier

    real_analyse = Classifier.analyse
    calls = []

    def analyse_once_out_of_memory(self, *args, **kwargs):
        calls.append(self.device)
        if len(calls) == 1:
            raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
        return real_analyse(self, *args, **kwargs)

    monkeypatch.setattr(Classifier, "analyse", analyse_once_out_of_memory)
    at = inference_page()
    at.radio(key="inf_source").set_value("untrained").run()
    assert not at.exception
    assert any("ran out of memory; running on the CPU" in w.value for w in at.warning)
    assert plain_texts(at, "h3")[0] == "puppies.jpg" and calls[-1] == "cpu"


def resnet20_checkpoint_page() -> AppTest:
    """The page with a (random) ResNet-20 checkpoint chosen, not yet run with it."""
    data = save_safetensors(build_model("resnet20").state_dict())
    at = inference_page()
    at.radio(key="inf_source").set_value("checkpoint").run()
    at.file_uploader(key="inf_ckpt").set_value(
        ("r20.safetensors", data, "application/octet-stream")
    )
    return at


def test_labels_that_do_not_fit_fall_back_to_class_numbers() -> None:
    at = resnet20_checkpoint_page()
    at.file_uploader(key="inf_labels").set_value(("l.txt", b"cat\ndog\n", "text/plain")).run()
    assert not at.exception and not at.error
    assert r"2 names for a 10\-class network" in at.warning[0].value  # markdown-escaped
    assert plain_texts(at, "h3")[0] == "puppies.jpg"  # the page carried on with "class N" names


def test_crop_too_small_for_the_network_is_refused() -> None:
    at = inference_page()
    at.radio(key="inf_source").set_value("untrained").run()
    at.selectbox(key="inf_net").set_value("resnet50").run()
    at.number_input(key="inf_crop_imagenet").set_value(16).run()
    assert at.error[0].value == "Crop to: resnet50 needs images of at least 32×32 pixels, got 16"


def test_changing_the_explained_class_reuses_the_predictions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from resnet_viz.infer import Classifier

    calls = []
    real_analyse = Classifier.analyse
    monkeypatch.setattr(
        Classifier, "analyse", lambda self, *a, **k: calls.append(1) or real_analyse(self, *a, **k)
    )
    at = inference_page()
    at.radio(key="inf_source").set_value("untrained").run()
    assert len(calls) == 1
    at.selectbox(key="inf_class_puppies.jpg").set_value(4).run()
    assert not at.exception and len(calls) == 1
    # the overlay now explains class 4 of ImageNet's list
    assert at.get("image")[1].proto.imgs[0].caption == "Grad-CAM at layer4"
    assert "explains: hammerhead" in plain_texts(at, "p")


def test_an_overflowing_untrained_net_is_explained_and_zero_init_fixes_it() -> None:
    at = inference_page()
    at.radio(key="inf_source").set_value("untrained").run()
    at.selectbox(key="inf_net").set_value("resnet1202").run()
    assert not at.exception
    assert "stopped being numbers at layer" in at.error[0].value
    assert "Start residual branches at zero" in at.error[0].value
    at.checkbox(key="inf_zero_init").check().run()
    assert not at.exception and not at.error
    assert "residual branches starting at zero" in plain_texts(at, "p")[0]
    assert "These weights are random" in at.warning[0].value


def test_a_ten_class_cifar_checkpoint_gets_cifar10_names() -> None:
    at = resnet20_checkpoint_page().run()
    assert not at.exception and not at.error
    assert "CIFAR-10's class names are assumed" in at.info[0].value
    shown = set(at.selectbox(key="inf_class_puppies.jpg").options)
    assert {"airplane", "truck", "top class"} <= shown


def test_a_full_line_for_the_cpu_says_busy_and_a_retry_succeeds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another visitor holds the CPU and the line is full: this page says so, keeps what it
    already showed, and a retry after the line clears classifies."""
    import threading

    from resnet_viz.infer import TurnQueue
    from resnet_viz.infer import _classifier as inference

    line = TurnQueue(slots=1, max_waiting=0, timeout_s=30)
    monkeypatch.setattr(inference, "CPU_QUEUE", line)
    holding, release = threading.Event(), threading.Event()

    def another_visitor() -> None:
        with line.turn():
            holding.set()
            release.wait(60)

    visitor = threading.Thread(target=another_visitor)
    visitor.start()
    holding.wait(10)
    try:
        at = inference_page()
        at.radio(key="inf_source").set_value("untrained").run()
        at.selectbox(key="inf_net").set_value("resnet18").run()
        assert not at.exception
        assert any("The server is busy" in warning.value for warning in at.warning)
        assert not at.get("plotly_chart")  # no results yet, and no error
    finally:
        release.set()
        visitor.join(10)
    at.button[-1].click().run()  # "Try again"
    assert not at.exception
    assert not any("busy" in warning.value for warning in at.warning)
    assert at.get("plotly_chart")  # the top-5 chart


def test_class_names_carrying_markup_are_shown_as_text_everywhere() -> None:
    import json

    hostile = ["<b>bold</b>", "[x](http://evil.example)", '"]; evil [label="', "**star**"]
    names = hostile + [f"class{index}" for index in range(len(hostile), 10)]
    at = resnet20_checkpoint_page()
    at.file_uploader(key="inf_labels").set_value(
        ("labels.json", json.dumps(names).encode(), "application/json")
    ).run()
    assert not at.exception and not at.error
    name = plain_texts(at, "h3")[0]
    options = at.selectbox(key=f"inf_class_{name}").options
    assert options[1 : 1 + len(hostile)] == hostile  # the picker lists them as typed
    at.selectbox(key=f"inf_class_{name}").set_value(0).run()  # explain "<b>bold</b>"
    assert "explains: <b>bold</b>" in plain_texts(at, "p")  # escaped HTML, shown as typed
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"]
    assert all("<b>" not in label and "<" not in label for label in bars)  # plotly: escaped


def test_changing_the_weights_source_keeps_the_network() -> None:
    at = inference_page()
    at.selectbox(key="inf_net_pretrained").set_value("resnet101").run()
    at.radio(key="inf_source").set_value("untrained").run()
    assert at.selectbox(key="inf_net").value == "resnet101"
    at.selectbox(key="inf_net").set_value("resnet20").run()  # not a torchvision network
    at.radio(key="inf_source").set_value("pretrained").run()
    assert at.selectbox(key="inf_net_pretrained").value == "resnet101"  # kept as it was


def test_an_offline_room_starts_on_weights_already_in_the_cache(resnet18_in_hub: Path) -> None:
    """Only resnet18's weights are here: the page opens on them, not on a download of
    resnet50's that an offline classroom would watch fail."""
    at = inference_page()
    assert at.selectbox(key="inf_net_pretrained").value == "resnet18"
    assert not at.error
    assert "resnet18, torchvision weights IMAGENET1K_V1" in plain_texts(at, "p")[0]
