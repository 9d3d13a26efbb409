"""Inference: classify photos with a ResNet and see where it looked."""

import streamlit as st

from resnet_viz import PRESETS, TORCHVISION_PRESETS, charts, tables, ui
from resnet_viz.images import for_display
from resnet_viz.inference import available_devices, pick_device
from resnet_viz.specs import stage_names
from resnet_viz.weights import Preprocess, default_preprocess, pretrained_versions

ui.page_setup()
SOURCES = {
    "pretrained": "Pretrained (torchvision)",
    "checkpoint": "My own checkpoint",
    "untrained": "Untrained (random weights)",
}
IMAGE_TYPES = ["jpg", "jpeg", "png", "webp", "bmp", "gif"]

st.title("Inference")

with st.sidebar:
    st.header("Model")
    source = st.radio("Weights", list(SOURCES), format_func=SOURCES.get, key="inf_source")
    if source == "pretrained":
        ui.choose_default("inf_net_pretrained", TORCHVISION_PRESETS, "resnet50")
        net = st.selectbox("Network", TORCHVISION_PRESETS, key="inf_net_pretrained")
        ui.choose_default("inf_version", pretrained_versions(net), pretrained_versions(net)[0])
        version = st.selectbox("Weights version", pretrained_versions(net), key="inf_version",
                               help="V2 weights come from torchvision's newer training recipe.")
    else:
        net = st.selectbox("Network", list(PRESETS), key="inf_net",
                           help="The architecture the checkpoint was trained as." if
                           source == "checkpoint" else None)
    if source != "pretrained":
        with st.expander("Input size and normalisation", expanded=source == "checkpoint"):
            # Keyed by stem, so CIFAR nets and ImageNet nets each keep their own sizes.
            stem = PRESETS[net].stem
            ui.seed_preprocess_fields(stem, default_preprocess(PRESETS[net]))
            left, right = st.columns(2)
            resize = left.number_input("Resize to", 8, 1024, key=f"inf_resize_{stem}")
            crop = right.number_input("Crop to", 8, 1024, key=f"inf_crop_{stem}")
            mean = st.text_input("Mean per channel", key="inf_mean")
            std = st.text_input("Std per channel", key="inf_std")
    if source == "checkpoint":
        upload = st.file_uploader("Checkpoint", type=["safetensors", "pth", "pt"], key="inf_ckpt",
                                  help="A state_dict (.pth/.pt) or .safetensors; never unpickled unsafely.")
        labels = st.file_uploader("Class names (optional)", type=["txt", "json"], key="inf_labels",
                                  help="One name per line, or a JSON list.", max_upload_size=1)
    device = pick_device(st.selectbox("Device", ["auto", *available_devices()], key="inf_device",
                                      help="auto: CUDA, then Apple MPS, then the CPU."))

    st.header("Explain")
    stages = stage_names(PRESETS[net])
    ui.choose_default("inf_cam_stage", stages, stages[-1])
    cam_stage = st.selectbox("Grad-CAM at", stages, key="inf_cam_stage",
                             help="Later stages: coarser maps, more about the object.")

if source == "pretrained":
    if not ui.ensure_downloaded(net, version):
        st.button("Continue with untrained weights", on_click=ui.continue_untrained, args=(net,))
        st.stop()
    classifier = ui.pretrained_classifier(net, version, device)
else:
    try:
        recipe = Preprocess.from_text(resize, crop, mean, std)
        ui.check_input_side(PRESETS[net], recipe)
    except ValueError as error:
        st.error(str(error))
        st.stop()
    if source == "untrained":
        classifier = ui.untrained_classifier(PRESETS[net], recipe, device)
    elif upload is None:
        st.info("Upload a checkpoint in the sidebar: a state_dict saved with torch.save, or "
                ".safetensors. Trained as a CIFAR-style net? Set its input size and "
                "normalisation too.")
        st.stop()
    else:
        classifier = ui.checkpoint_classifier(upload, labels, PRESETS[net], recipe, device)
        if classifier is None:
            st.stop()

st.caption(f"{classifier.source} · {classifier.device} · {classifier.precision}")
if not classifier.trained:
    st.warning("These weights are random: the predictions are meaningless. Use this to see "
               "shapes, timings and feature maps of an untrained network.")

uploads_tab, camera_tab, samples_tab = st.tabs(["Upload", "Camera", "Sample photos"])
with uploads_tab:
    uploaded = st.file_uploader("Photos", type=IMAGE_TYPES, accept_multiple_files=True,
                                key="inf_images", max_upload_size=ui.IMAGE_UPLOAD_MB)
with camera_tab:
    camera = st.camera_input("Take a photo", key="inf_camera") if st.toggle(
        "Use the camera", key="inf_camera_on") else None
with samples_tab:
    chosen_samples = st.multiselect("Bundled photos", ui.sample_names(), key="inf_samples")
    st.caption("From the Pillow project's test images (MIT-CMU licence).")

files = ui.collect_files(uploaded, camera, chosen_samples)
if not files:
    files = ui.collect_files(None, None, [ui.DEMO_SAMPLE])
    st.info("No photo chosen yet, so here is a sample. Upload your own above, use the camera, "
            "or pick other sample photos.")
images, decode_ms, digests = ui.decode_uploads(files)
if not images:
    st.stop()

classifier, predictions = ui.predict(classifier, images, decode_ms, digests)
if len(predictions) > 1:
    throughput, latency = st.columns(2)
    throughput.metric("Throughput", f"{ui.throughput(predictions):.1f} images/s")
    latency.metric("Forward pass per image", f"{predictions[0].forward_ms:.1f} ms",
                   help="All images go through the network as one batch.")
    ui.show_table(tables.prediction_frame(predictions))

for (name, image), prediction in zip(images[: ui.MAX_SHOWN], predictions):
    st.subheader(ui.md(name), anchor=False, divider="gray")
    photo, cam_view, bars = st.columns([1, 1, 1.3])
    photo.image(for_display(image), caption="input", width="stretch")
    target = ui.class_choice(cam_view, classifier.categories, name)
    overlay, explained = ui.grad_cam_view(classifier, image, digests[name], cam_stage, target)
    cam_view.image(overlay, width="stretch", caption=f"Grad-CAM at {cam_stage}: {ui.md(explained)}")
    bars.plotly_chart(charts.top_k_chart(prediction.top), width="stretch", key=f"top5-{name}")
    bars.caption(ui.timing_text(prediction))
if len(images) > ui.MAX_SHOWN:
    st.caption(f"Showing the first {ui.MAX_SHOWN} of {len(images)} images; the table lists all.")

st.header("Inside the network", anchor=False)
inside = st.selectbox("Image", [name for name, _ in images], key="inf_inside")
image = dict(images)[inside]
with st.expander("Feature maps: the most active channels after each stage", expanded=True):
    for stage_name, (grid, (height, width)) in ui.feature_grids(classifier, image, digests[inside]).items():
        st.image(grid, caption=f"{stage_name}: {height}×{width} per channel")
with st.expander("What each residual branch adds", expanded=True):
    ui.choose_default("inf_ratio_stage", stages, stages[0])
    ratio_stage = st.selectbox("Stage", stages, key="inf_ratio_stage")
    ratios = ui.residual_ratios(classifier, image, digests[inside], ratio_stage)
    st.plotly_chart(charts.residual_ratio_chart([r.block for r in ratios], [r.ratio for r in ratios],
                                                [r.shortcut for r in ratios]), width="stretch")
    st.caption("Bars: green for identity shortcuts, orange for projections, blue for zero-padding. "
               "A ratio well below 1 means the block adds a small correction F(x) to what the "
               "shortcut carries: the network mostly passes its input on, as He et al. observed.")
