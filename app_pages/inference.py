"""Inference: classify photos with a ResNet and see where it looked."""

import streamlit as st

from resnet_viz.ui import inference as page
from resnet_viz.ui.lang import t

st.title(t("nav.inference"))
settings = page.sidebar()
classifier = page.classifier_for(settings)
page.source_caption(classifier)
images = page.chosen_images(settings.source)
classifier, results = page.analyse(classifier, *images, settings.cam_stage)
page.honesty(classifier, results)
page.summary(results)
page.per_image(classifier, images, results, settings.cam_stage)
page.inside_the_network(classifier, images, results, settings.stages)
