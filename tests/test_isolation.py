"""Two visitors at once: what one uploads, trains or opens is never seen by the other, and
the models they share come out of every request as they went in."""

from __future__ import annotations

import io

import torch
from conftest import open_page, plain_texts
from PIL import Image
from safetensors.torch import save as save_safetensors

from resnet_viz import build_model
from resnet_viz.data import default_preprocess
from resnet_viz.lab import digits, lab_spec, trained_for_inference
from resnet_viz.models import PRESETS


def inference_session() -> object:
    """A visitor's own session, on the inference page."""
    return open_page("app_pages/inference.py")


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_two_sessions_interleaved_keep_their_own_uploads_checkpoints_and_models() -> None:
    alice, bob = inference_session(), inference_session()
    # Alice uploads her own checkpoint (ResNet-20) and a photo with a telling name.
    alice.radio(key="inf_source").set_value("checkpoint").run()
    alice.selectbox(key="inf_net").set_value("resnet20").run()
    checkpoint = save_safetensors(build_model("resnet20").state_dict())
    alice.file_uploader(key="inf_ckpt").set_value(
        ("alice-secret.safetensors", checkpoint, "application/octet-stream")
    ).run()
    alice.file_uploader(key="inf_images").set_value(
        ("alice-photo.png", png((200, 0, 0)), "image/png")
    )
    alice.run()
    assert not alice.exception
    assert "alice-secret.safetensors (resnet20)" in plain_texts(alice, "p")[0]
    assert plain_texts(alice, "h3") == ["alice-photo.png"]
    # Bob, in between: the same choices show him nothing of hers.
    bob.radio(key="inf_source").set_value("checkpoint").run()
    bob.selectbox(key="inf_net").set_value("resnet20").run()
    assert not bob.exception
    assert "checkpoint_classifier" not in bob.session_state
    assert any("Upload a checkpoint" in info.value for info in bob.info)
    assert not any("alice" in text for text in plain_texts(bob))
    # Alice opens a trained lab network; Bob is not offered it.
    torch.manual_seed(0)
    model = build_model(lab_spec(20).replace(in_channels=1))
    alice.session_state["trained_digits_model"] = trained_for_inference(model, digits(), "lab")
    alice.run()
    assert any("lab" in option for option in alice.radio(key="inf_source").options)
    bob.run()
    assert not any("lab" in option for option in bob.radio(key="inf_source").options)
    # Alice's next run still has her photo; Bob's page shows the bundled sample only.
    alice.run()
    assert plain_texts(alice, "h3") == ["alice-photo.png"]
    assert plain_texts(bob, "h3") == []  # no checkpoint yet: his page stops before photos


def test_the_shared_model_is_unchanged_by_every_request() -> None:
    """Both visitors use the one shared untrained ResNet-18, with Grad-CAM for the top class
    and for a class they pick: afterwards it is still in eval mode, with no hooks, no
    gradients and the same weights."""
    from resnet_viz.ui.inference._state import _untrained_classifier

    spec = PRESETS["resnet18"]
    shared = _untrained_classifier(spec, default_preprocess(spec), "cpu", False)
    before = {name: value.clone() for name, value in shared.model.state_dict().items()}
    sessions = [inference_session(), inference_session()]
    for visitor in sessions:
        visitor.radio(key="inf_source").set_value("untrained").run()
        visitor.selectbox(key="inf_net").set_value("resnet18").run()
    for index, visitor in enumerate(sessions):  # interleaved: each explains another class
        name = plain_texts(visitor, "h3")[0]
        visitor.selectbox(key=f"inf_class_{name}").set_value(10 + index).run()
        assert not visitor.exception
    assert _untrained_classifier(spec, default_preprocess(spec), "cpu", False) is shared
    model = shared.model
    assert not model.training and not any(module.training for module in model.modules())
    for module in model.modules():
        assert not module._forward_hooks and not module._forward_pre_hooks
        assert not module._backward_hooks
    assert all(parameter.grad is None for parameter in model.parameters())
    after = model.state_dict()
    assert all(torch.equal(before[name], after[name]) for name in before)
