"""Practice: questions made from real traces, one set for the whole class."""

import streamlit as st

from resnet_viz.ui import practice as page
from resnet_viz.ui.lang import t

st.title(t("practice.page.title"))
st.caption(t("practice.page.caption"))
notes = page.settle()
page.link_notices(notes)
seed, level = page.controls()
questions = page.the_set(seed, level)
page.score(seed, level, len(questions))
for question in questions:
    page.question(seed, level, question)
page.teacher_corner(seed, level, questions)
