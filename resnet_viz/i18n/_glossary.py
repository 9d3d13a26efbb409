"""The glossary: each term in English and Chinese, tied to where the paper uses it.

Terms are facts kept here; their explanations and where the literature has them are texts
in the catalogues (``glossary.<key>``, ``glossary.where.<key>``), so each reads naturally in
its own language. ``also`` holds other Chinese names a reader meets for the same thing (the
article's 快捷连接, 常规残差模块, 瓶颈残差模块), so the page finds them too.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TERMS", "Term"]


@dataclass(frozen=True)
class Term:
    key: str
    english: str
    chinese: str
    also: tuple[str, ...] = ()

    @property
    def chinese_names(self) -> str:
        """The Chinese name, then the others in use: "捷径连接 / 快捷连接"."""
        return " / ".join((self.chinese, *self.also))


TERMS: tuple[Term, ...] = (
    Term("residual_learning", "residual learning", "残差学习"),
    Term("residual_function", "residual function F(x)", "残差函数 F(x)"),
    Term("residual_block", "residual block", "残差块"),
    Term("shortcut", "shortcut connection", "捷径连接", ("快捷连接",)),
    Term("identity_mapping", "identity mapping", "恒等映射"),
    Term("projection_shortcut", "projection shortcut", "投影捷径"),
    Term("zero_padding", "zero-padding shortcut (option A)", "零填充捷径（方案 A）"),
    Term("downsample", "downsample", "下采样"),
    Term("basic_block", "BasicBlock (building block)", "基本块", ("常规残差模块",)),
    Term("bottleneck", "bottleneck", "瓶颈结构", ("瓶颈残差模块",)),
    Term("stage", "stage (layer1…layer4)", "阶段"),
    Term("stem", "stem", "起始层（stem）"),
    Term("batch_norm", "batch normalisation", "批归一化"),
    Term("global_avg_pool", "global average pooling", "全局平均池化"),
    Term("adaptive_avg_pool", "adaptive average pooling", "自适应平均池化"),
    Term("degradation", "degradation problem", "退化问题"),
    Term("vanishing_gradients", "vanishing / exploding gradients", "梯度消失 / 梯度爆炸"),
    Term("plain_network", "plain network", "普通网络（无捷径）"),
    Term("cardinality", "cardinality (groups)", "基数（分组数）"),
    Term("multiply_adds", "multiply-adds (FLOPs in the paper)", "乘加运算"),
    Term("feature_map", "feature map", "特征图"),
    Term("grad_cam", "Grad-CAM", "梯度加权类激活图（Grad-CAM）"),
    Term("pre_activation", "pre-activation unit (ResNet v2)", "预激活单元", ("预激活",)),
    Term("deep_stem", "deep stem (ResNet-C)", "深层起始层（ResNet-C）"),
    Term("avg_down", "average-pool shortcut (ResNet-D)", "平均池化捷径（ResNet-D）"),
)
