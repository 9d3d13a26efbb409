"""The residual lab page: the walkthrough, the experiments, and the model it hands to the
Inference page. The page file calls what this face exports.
"""

from __future__ import annotations

from ._page import (
    PARTS,
    deep_race_section,
    experiments,
    gradient_section,
    lesion_section,
    part_picker,
    race_section,
    use_what_you_trained,
)
from ._walkthrough import walkthrough

__all__ = [
    "PARTS",
    "deep_race_section",
    "experiments",
    "gradient_section",
    "lesion_section",
    "part_picker",
    "race_section",
    "use_what_you_trained",
    "walkthrough",
]
