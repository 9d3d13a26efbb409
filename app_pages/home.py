"""Home: what a residual network is, what this app shows, and ResNet-18 at a glance."""

import streamlit as st

from resnet_viz.ui import home

st.title("resnet-viz")
st.caption("See how a residual network is built, layer by layer, and what it does.")

st.header("What a ResNet is")
st.markdown(
    "A plain deep network asks each group of layers to learn a whole mapping $H(x)$. "
    "Past a few dozen layers such networks get *worse* on their own training data: "
    "the signal and its gradient fade as they pass through every layer. "
    "A residual block instead learns only the change to make, $F(x)$, and adds its input "
    "straight back:"
)
st.latex(r"H(x) = F(x) + x")
st.markdown(
    "The $+\\,x$ is the **shortcut**. If a block has nothing useful to add it can push $F(x)$ "
    "towards zero and pass its input on untouched, and during training the gradient flows back "
    "through the shortcuts without being squeezed by every layer. That is what let He et al. "
    "(2015) train networks of 152 layers on ImageNet and 1,202 on CIFAR-10.\n\n"
    "When a block changes the shape of its input (more channels, half the resolution), "
    "$x$ cannot be added as it is. The paper offers three remedies: **A** pad the new channels "
    "with zeros (no parameters), **B** project with a 1×1 convolution only where the shape "
    "changes, **C** project in every block."
)

st.header("What you can do here")
st.page_link("app_pages/architecture.py", label="**Architecture**", icon=":material/account_tree:")
st.markdown(
    "Pick any torchvision ResNet, ResNeXt or Wide ResNet, one of the paper's CIFAR nets "
    "(ResNet-20 to ResNet-1202), or design your own: blocks per stage, widths, groups, "
    "shortcut option, stride placement, stem. See it drawn stage by stage, block by block or "
    "layer by layer, with identity, projection and zero-padding shortcuts told apart; "
    "per-stage and per-block shapes, parameters and multiply-adds; charts; the torchinfo "
    "summary; and the code that builds it. Every view has its own link to share."
)

st.page_link("app_pages/compare.py", label="**Compare**", icon=":material/compare_arrows:")
st.markdown(
    "Put two to four networks side by side: stage by stage, with the larger value marked; "
    "what changes from one to the next, in plain words; where the extra depth goes; each "
    "family's accuracy against its cost; and block against block — BasicBlock against "
    "Bottleneck, shortcut options A, B and C, and a network against its plain twin."
)

st.page_link("app_pages/inference.py", label="**Inference**", icon=":material/photo_camera:")
st.markdown(
    "Classify your own photos (or the camera's) with torchvision's pretrained weights, your "
    "own checkpoint, or an untrained network; see the top five classes and the time each step "
    "took, where the network looked (Grad-CAM), the most active feature maps of every stage, "
    "and how much each residual branch adds to its shortcut."
)

st.header("ResNet-18 at a glance")
home.at_a_glance("resnet18")
st.caption(
    "Output shapes for one 224×224 RGB image (the stem includes the max pool). Each stage "
    "after the first halves the "
    "resolution and doubles the channels, so every stage costs about the same number of "
    "multiply-adds while the parameters pile up in the last stage: 8.4 M of the 11.7 M."
)
