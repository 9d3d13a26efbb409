"""The glossary: each term in English and Chinese, tied to where the paper uses it.

Terms and their paper references are facts kept here; their explanations are texts in the
catalogues (``glossary.<key>``), so each reads naturally in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TERMS", "Term"]


@dataclass(frozen=True)
class Term:
    key: str
    english: str
    chinese: str
    paper: str  # where He et al. (2015) introduce or use it, or the paper that does


TERMS: tuple[Term, ...] = (
    Term("residual_learning", "residual learning", "残差学习", "He et al. 2015, §3.1"),
    Term("residual_function", "residual function F(x)", "残差函数 F(x)", "He et al. 2015, §3.1"),
    Term("residual_block", "residual block", "残差块", "He et al. 2015, §3.2, Fig. 2"),
    Term("shortcut", "shortcut connection", "捷径连接", "He et al. 2015, §3.2"),
    Term("identity_mapping", "identity mapping", "恒等映射", "He et al. 2015, §3.2, Eqn. 1"),
    Term("projection_shortcut", "projection shortcut", "投影捷径", "He et al. 2015, §3.3, Eqn. 2"),
    Term(
        "zero_padding",
        "zero-padding shortcut (option A)",
        "零填充捷径（方案 A）",
        "He et al. 2015, §3.3, §4.1",
    ),
    Term("downsample", "downsample", "下采样", "torchvision's BasicBlock / Bottleneck"),
    Term("basic_block", "BasicBlock (building block)", "基本块", "He et al. 2015, Fig. 5 left"),
    Term("bottleneck", "bottleneck", "瓶颈结构", "He et al. 2015, §4.1, Fig. 5 right"),
    Term("stage", "stage (layer1…layer4)", "阶段", "He et al. 2015, Table 1 (conv2_x…conv5_x)"),
    Term("stem", "stem", "起始层（stem）", "He et al. 2015, Table 1 (conv1)"),
    Term(
        "batch_norm",
        "batch normalisation",
        "批归一化",
        "Ioffe & Szegedy 2015; He et al. 2015, §3.4",
    ),
    Term("global_avg_pool", "global average pooling", "全局平均池化", "He et al. 2015, Table 1"),
    Term("degradation", "degradation problem", "退化问题", "He et al. 2015, §1, Fig. 1"),
    Term("plain_network", "plain network", "普通网络（无捷径）", "He et al. 2015, §3.3"),
    Term("cardinality", "cardinality (groups)", "基数（分组数）", "Xie et al. 2017 (ResNeXt)"),
    Term(
        "multiply_adds", "multiply-adds (FLOPs in the paper)", "乘加运算", "He et al. 2015, Table 1"
    ),
    Term("feature_map", "feature map", "特征图", "He et al. 2015, §3.3"),
    Term("grad_cam", "Grad-CAM", "梯度加权类激活图（Grad-CAM）", "Selvaraju et al. 2017"),
)
