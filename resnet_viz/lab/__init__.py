"""The residual lab: gradient flow through depth, the training race and its lesions, their
charts, and the guided walkthrough's steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from ._walkthrough import (
    FORMULA,
    IMAGENET_INPUT,
    LARGER_INPUT,
    STEP_KEYS,
    Conv,
    HeadRow,
    Picture,
    Step,
    StepKey,
    block_convs,
    block_of,
    downsample_lines,
    head_rows,
    module_text,
    step,
)

if TYPE_CHECKING:
    from ._charts import activation_chart, gradient_chart, lesion_chart, race_chart
    from ._gradients import LAB_DEPTHS, GradientFlow, gradient_flow, lab_spec
    from ._race import (
        DEEP_ENTRANTS,
        ENTRANTS,
        RACE_EPOCHS,
        RACES,
        Digits,
        Lap,
        deep_verdict,
        digits,
        final_laps,
        lesion,
        mean_kept_accuracy,
        race,
        race_verdict,
        trained_for_inference,
    )
    from ._race_runs import RaceBoard, RaceRun, RaceState

__all__ = [
    "DEEP_ENTRANTS",
    "ENTRANTS",
    "FORMULA",
    "IMAGENET_INPUT",
    "LAB_DEPTHS",
    "LARGER_INPUT",
    "RACES",
    "RACE_EPOCHS",
    "STEP_KEYS",
    "Conv",
    "Digits",
    "GradientFlow",
    "HeadRow",
    "Lap",
    "Picture",
    "RaceBoard",
    "RaceRun",
    "RaceState",
    "Step",
    "StepKey",
    "activation_chart",
    "block_convs",
    "block_of",
    "deep_verdict",
    "digits",
    "downsample_lines",
    "final_laps",
    "gradient_chart",
    "gradient_flow",
    "head_rows",
    "lab_spec",
    "lesion",
    "lesion_chart",
    "mean_kept_accuracy",
    "module_text",
    "race",
    "race_chart",
    "race_verdict",
    "step",
    "trained_for_inference",
]

#: Name -> the module that defines it, for names whose modules import torch.
_LAZY = {
    "Digits": "._race",
    "DEEP_ENTRANTS": "._race",
    "ENTRANTS": "._race",
    "RACES": "._race",
    "GradientFlow": "._gradients",
    "LAB_DEPTHS": "._gradients",
    "Lap": "._race",
    "RACE_EPOCHS": "._race",
    "RaceBoard": "._race_runs",
    "RaceRun": "._race_runs",
    "RaceState": "._race_runs",
    "activation_chart": "._charts",
    "digits": "._race",
    "final_laps": "._race",
    "gradient_chart": "._charts",
    "gradient_flow": "._gradients",
    "lab_spec": "._gradients",
    "lesion": "._race",
    "lesion_chart": "._charts",
    "mean_kept_accuracy": "._race",
    "race": "._race",
    "race_chart": "._charts",
    "deep_verdict": "._race",
    "race_verdict": "._race",
    "trained_for_inference": "._race",
}

if not TYPE_CHECKING:  # type checkers read the imports above instead
    __getattr__ = lazy_names(__name__, _LAZY)
