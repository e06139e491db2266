import pytest

from articles.extraction.conditions import find_conditions


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Troops would deploy only once a ceasefire holds.", "ceasefire"),
        ("The mission is contingent on a ceasefire along the front.", "ceasefire"),
        ("The force would move in after a peace agreement is signed.", "peace_agreement"),
        ("The money is subject to parliamentary approval.", "approval"),
        ("The new loan, which is to be approved by the national parliament, follows.", "approval"),
        ("Norway will give NOK 50 million for the 2025-26 financial year.", "timing"),
        ("Over the course of our coming financial year, we will give more.", "timing"),
        ("Funding is spread over 2024 to 2025.", "timing"),
        ("The training mission will run for another year.", "timing"),
        ("It will give £139 million for the 2024-2025 financial year.", "timing"),
        ("It will give £139 million for\nthe 2024-2025 financial year.", "timing"),  # hard-wrapped
        ("Jets will fly patrols over Poland in the\ncoming days.", "timing"),
        ("The UK will match pound-for-pound the first £2 million raised by the public.", "reciprocity"),
        ("Longer-term support depended on progress on key political points.", "other"),
        ("The loan still needs to be ratified by the Bundestag.", "approval"),
        ("Oslo will match every krone donated by the public.", "reciprocity"),
        ("The offer holds if other donors contribute as well.", "reciprocity"),
        ("The soldiers will not engage in combat.", "limitation"),
        ("Instructors would stay away from the front lines.", "limitation"),
        ("No Canadian aid goes to the junta.", "limitation"),
        ("The grant will be paid by 2030.", "timing"),
        ("The aid is spread over the next five years.", "timing"),
        ("Deliveries will be completed within 10 years.", "timing"),
        ("Support will arrive in the coming weeks.", "timing"),
        ("Help would follow in the event of renewed aggression.", "other"),
    ],
)
def test_condition_kinds(text, kind):
    kinds = {c.kind for c in find_conditions(text)}
    assert kind in kinds, (text, kinds)


def test_condition_text_is_a_span_of_the_sentence():
    text = "Berlin pledged funds, subject to a budget vote in parliament."
    (cond,) = [c for c in find_conditions(text) if c.kind == "approval"]
    assert text[cond.start : cond.end] == cond.text
    assert cond.text.startswith("subject to")


def test_no_condition_in_plain_statement():
    assert find_conditions("The minister visited a hospital and met nurses.") == []


def test_a_condition_over_a_line_break_keeps_the_texts_own_offsets():
    text = "Support is subject to\nparliamentary approval."
    (found,) = [c for c in find_conditions(text) if c.kind == "approval"]
    assert text[found.start : found.end] == found.text and "\n" in found.text
