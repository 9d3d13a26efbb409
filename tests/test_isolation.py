"""Two visitors at once: the models every session shares come out of every request as they
went in. (That what one visitor uploads never reaches another is a browser test against one
server: tests/test_e2e.py.)"""

from __future__ import annotations

import torch
from conftest import open_page, plain_texts

from resnet_viz.data import default_preprocess
from resnet_viz.models import PRESETS


def inference_session() -> object:
    """A visitor's own session, on the inference page."""
    return open_page("app_pages/inference.py")


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
