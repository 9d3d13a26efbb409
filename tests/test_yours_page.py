"""The Your ResNet page in Streamlit's test runner: real checkpoints and texts, uploaded and
pasted, in both languages; what a visitor gives is shown as text, never markup."""

from __future__ import annotations

from pathlib import Path

import torchvision
from conftest import RunsCode, open_page, torch_saved
from reference_resnets import ArticleResNet, OptionACifarResNet, ProjectingBasic, randomise
from streamlit.testing.v1 import AppTest

from resnet_viz.recognise import example_print
from resnet_viz.text import escape_markdown


def yours_page(lang: str = "en") -> AppTest:
    return open_page("app_pages/yours.py", {"lang": lang})


def option_a_checkpoint() -> bytes:
    theirs = randomise(OptionACifarResNet(3))
    state = {f"module.{name}": value for name, value in theirs.state_dict().items()}
    return torch_saved({"state_dict": state, "best_prec1": 91.7})


def pasted(at: AppTest, text: str) -> AppTest:
    at.session_state["yours_kind"] = "text"  # as a click on "print(model) text" sets it
    at.run()
    at.text_area(key="yours_text").input(text).run()
    assert not at.exception, at.exception
    return at


def test_an_option_a_checkpoint_is_recognised_mapped_and_its_undecided_placement_asked() -> None:
    at = yours_page()
    at.file_uploader(key="yours_ckpt").set_value(
        ("resnet20-12fca82f.th", option_a_checkpoint(), "application/octet-stream")
    ).run()
    assert not at.exception and not at.error
    assert at.markdown[0].value.startswith(escape_markdown("3 stages of BasicBlocks (3, 3, 3"))
    radio = next(r for r in at.radio if (r.key or "").startswith("yours_choice_zero_pad_"))
    assert radio.value == "split"  # head "linear": the option-A CIFAR code pads around
    assert at.warning[0].value == "Differs from resnet20:"
    differences = at.markdown[-1].value
    assert "`linear` (yours) is `fc` (resnet20)." in differences
    assert "zero padding placement: yours zero padding around the channels" in differences
    mapping = at.dataframe[0].value  # no layer rows table: the tensors are the same
    assert list(mapping.iloc[:, 0]) == ["module.", "linear"]
    radio.set_value("end").run()
    assert not at.exception
    assert at.info[-1].value == "The same layers as resnet20, named differently:"
    assert [b.label for b in at.button] == ["Classify photos with it"]


def test_the_articles_prints_get_their_verdicts() -> None:
    at = pasted(yours_page(), example_print("resnet18-collapsed"))
    assert at.success[0].value == "Identical to torchvision's resnet18."
    at.text_area(key="yours_text").input(example_print("resnet50-truncated"))
    at.run()
    assert "The text stops early, after layer1" in at.info[0].value
    assert at.success[0].value.startswith("The text stops after layer1 (line 1).")
    assert "resnet101, resnet152" in at.success[0].value
    assert "holds no weights" in at.caption[-1].value  # nothing to classify with


def test_an_example_fills_the_box_and_the_picker_is_ready_for_another() -> None:
    at = pasted(yours_page(), "")
    picker = at.selectbox(key="yours_example")
    assert picker.value is None and "ResNet-20" in picker.options[-1]
    picker.set_value("handwritten-resnet50-v1").run()
    assert not at.exception and not at.error
    assert at.text_area(key="yours_text").value == example_print("handwritten-resnet50-v1")
    assert at.selectbox(key="yours_example").value is None
    assert at.warning[0].value == "Differs from torchvision's resnet50:"
    assert "Your fc has 10 outputs; torchvision's resnet50's has 1000." in at.markdown[-1].value
    # The visitor may change the example's text like any pasted text.
    at.text_area(key="yours_text").input(example_print("resnet18-collapsed")).run()
    assert at.success[0].value == "Identical to torchvision's resnet18."


def test_in_chinese_the_checkpoint_is_read_in_chinese() -> None:
    at = yours_page("zh")
    at.file_uploader(key="yours_ckpt").set_value(
        ("resnet20-12fca82f.th", option_a_checkpoint(), "application/octet-stream")
    ).run()
    assert not at.exception and not at.error
    assert at.markdown[0].value.startswith(escape_markdown("3 个阶段的常规残差模块"))
    assert at.warning[0].value == "与 resnet20 不同："
    assert "`linear`（你的）就是 `fc`（resnet20）。" in at.markdown[-1].value
    assert [b.label for b in at.button] == ["用它给照片分类"]


def test_the_articles_own_code_is_resnet18_under_other_names() -> None:
    at = pasted(yours_page(), str(ArticleResNet(ProjectingBasic, [2, 2, 2, 2])))
    assert at.info[-1].value == "The same layers as torchvision's resnet18, named differently:"
    assert "`shortcut` (yours) is `downsample` (torchvision's resnet18) in 3 blocks." in [
        line.strip("- ") for line in at.markdown[-1].value.splitlines()
    ]


def test_not_a_resnet_and_hostile_text_get_one_escaped_sentence() -> None:
    at = pasted(yours_page(), str(torchvision.models.vgg11()))
    assert at.error[0].value == escape_markdown(
        "Not a ResNet: looked for a stem conv (conv1), residual stages (layer1, layer2, …) and "
        "a classifier (fc or linear), and found VGG with features, avgpool, classifier (line 1)."
    )
    hostile = "Net(\n  (<img src=x onerror=alert(1)>): Conv2d(3, 64, kernel_size=(3, 3))\n)"
    at = pasted(yours_page(), hostile)
    assert at.error and "<img" not in at.error[0].value.replace("\\<img", "")
    at.text_area(key="yours_text").input("A(\n" + "(x): A(\n" * 40).run()
    assert "nested more than 12 levels" in at.error[0].value


def test_a_checkpoint_that_would_run_code_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    at = yours_page()
    at.file_uploader(key="yours_ckpt").set_value(
        ("evil.pth", torch_saved({"weights": RunsCode(marker)}), "application/octet-stream")
    ).run()
    assert not at.exception
    assert escape_markdown("refused: loading it would run code") in at.error[0].value
    assert not marker.exists()
