"""Where the pages keep a visitor's choices in session state, declared in one place: each page's
prefix, the Inference page's keys (read by three modules and the lab's hand-over), and the
widgets whose value a run cannot set.

Keys under a page's prefix survive a visit to another page (``shell`` writes them back);
a page writes only its own keys (the lab hands its network to Inference through
``lab_model``, never through Inference's keys).
"""

from __future__ import annotations

__all__ = [
    "ARCH",
    "CMP",
    "INF",
    "INF_CAMERA",
    "INF_CAM_STAGE",
    "INF_CKPT",
    "INF_DEVICE",
    "INF_IMAGES",
    "INF_LABELS",
    "INF_MEAN",
    "INF_NET",
    "INF_NET_PRETRAINED",
    "INF_SOURCE",
    "INF_STD",
    "INF_VERSION",
    "LAB",
    "PAGE_PREFIXES",
    "PRAC",
    "UNSETTABLE",
    "WALK",
    "YOURS",
]

#: Each page's prefix.
ARCH, CMP, INF, LAB, PRAC, WALK = "arch_", "cmp_", "inf_", "lab_", "prac_", "walk_"
YOURS = "yours_"
PAGE_PREFIXES = (ARCH, INF, CMP, LAB, PRAC, WALK, YOURS)

#: The Inference page's model choices.
INF_SOURCE = INF + "source"
INF_NET = INF + "net"
INF_NET_PRETRAINED = INF + "net_pretrained"
INF_VERSION = INF + "version"
INF_DEVICE = INF + "device"
INF_CAM_STAGE = INF + "cam_stage"
INF_MEAN = INF + "mean"
INF_STD = INF + "std"
#: Its files: a checkpoint, class names, photos, a camera shot.
INF_CKPT = INF + "ckpt"
INF_LABELS = INF + "labels"
INF_IMAGES = INF + "images"
INF_CAMERA = INF + "camera"

#: Widgets whose value Streamlit won't let a run set (files, buttons): nothing to keep.
UNSETTABLE = frozenset(
    {
        INF_CKPT,
        INF_LABELS,
        INF_IMAGES,
        INF_CAMERA,
        LAB + "run",
        LAB + "run_deep",
        LAB + "open_inference",
        YOURS + "ckpt",
        YOURS + "text_file",
    }
)
