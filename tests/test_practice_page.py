"""The practice page in Streamlit's test runner: the set from the link, answers checked
right and wrong, a retry, the score, the teacher's key, and links that cannot be used."""

from __future__ import annotations

from conftest import open_page, unescaped, warned

from resnet_viz.i18n import use
from resnet_viz.practice import practice_set

PAGE = "app_pages/practice.py"


def answer_box(at, seed: int, level: str, number: int):
    return at.text_input(key=f"prac_answer_{seed}_{level}_{number}")


def check_button(at, number: int):
    """The Check button of question ``number`` (one per question, in order)."""
    return [button for button in at.button if button.label == "Check"][number - 1]


def test_a_link_opens_its_set_and_keeps_it() -> None:
    at = open_page(PAGE, {"set": "2741", "level": "advanced"})
    shown = "\n".join(unescaped(md.value) for md in at.markdown)
    for question in practice_set(2741, "advanced"):
        assert question.text(mark=lambda name: f"`{name}`") in shown
    assert at.query_params["set"] == "2741" and at.query_params["level"] == "advanced"
    assert at.radio(key="prac_level").value == "advanced"


def test_a_typed_answer_is_checked_wrong_retried_and_then_right() -> None:
    at = open_page(PAGE, {"set": "2741", "level": "advanced"})
    first = practice_set(2741, "advanced")[0]
    answer_box(at, 2741, "advanced", 1).input("12")
    check_button(at, 1).click().run()
    assert "Not quite" in at.warning[0].value
    assert "0 of 8 right · 1 to try again · 7 not answered yet" in at.get("progress")[0].proto.text
    [retry] = [button for button in at.button if button.label == "Try again"]
    retry.click().run()
    assert answer_box(at, 2741, "advanced", 1).value == ""
    assert not at.warning
    typed = f"{first.answer:,}".replace(",", " ")  # "2 304": a space between thousands
    answer_box(at, 2741, "advanced", 1).input(typed)
    check_button(at, 1).click().run()
    assert at.success[0].value == "Right."
    assert any(first.working in md.value for md in at.markdown)  # the worked explanation
    assert "1 of 8 right · 0 to try again · 7 not answered yet" in at.get("progress")[0].proto.text


def test_a_choice_is_checked_and_an_empty_answer_asks_for_one() -> None:
    at = open_page(PAGE, {"set": "2741", "level": "intro"})
    questions = practice_set(2741, "intro")
    check_button(at, 1).click().run()
    assert "Give an answer first" in at.info[0].value
    choice = next(q for q in questions if q.kind == "print")
    at.radio(key=f"prac_answer_2741_intro_{choice.number}").set_value(choice.answer)
    check_button(at, choice.number).click().run()
    assert at.success[0].value == "Right."


def test_the_key_is_in_the_visitors_language_with_the_teachers_columns() -> None:
    at = open_page(PAGE, {"set": "2741", "level": "intro", "lang": "zh"})
    assert not at.table  # until the teacher asks for it
    at.toggle(key="practice_show_key").set_value(True).run()
    table = at.table[0].value
    assert list(table.columns) == ["题号", "题目", "答案"]
    with use("zh"):
        expected = [q.answer_text() for q in practice_set(2741, "intro")]
    assert list(table["答案"]) == expected


def test_links_that_cannot_be_used_say_so_and_show_a_set() -> None:
    at = open_page(PAGE, {"set": "<b>1</b>", "level": "expert"})
    said = warned(at)
    assert "not a whole number from 0 to 99999" in said and "neither intro nor advanced" in said
    assert at.query_params["level"] == "intro" and at.query_params["set"].isdigit()
    seen = {at.query_params["set"]}
    [new] = [button for button in at.button if button.label == "New set"]
    for _ in range(3):  # three draws from 100,000 sets: all the same would be a broken draw
        new.click().run()
        seen.add(at.query_params["set"])
        assert at.session_state["prac_set"] == int(at.query_params["set"])
    assert len(seen) > 1
