"""Category rules: cue words over the pledge's quote, with the article's subject as a fallback."""

import pytest

from articles.extraction.categories import _ARTICLE_CUES, _cue_counts, article_category, categorise

FLOOD_ARTICLE = (
    "Floods displaced 300,000 people in the delta. Aid agencies said shelter, clean water and food "
    "were the most urgent needs of the displaced families, and the relief effort would last months. "
    "The humanitarian appeal is only a third funded, and hunger is spreading in the camps."
)
ARMS_ARTICLE = (
    "The ministry said the troops would rotate every six months. Artillery, drones and ammunition "
    "will follow, and the forces will train alongside allied soldiers on air defence."
)
BUDGET_ARTICLE = (
    "The finance ministers discussed the budget, a new loan facility and the replenishment of the "
    "development fund. Investment in the fund will be matched by the bank's financing."
)


def test_article_subject_is_the_dominant_sector():
    assert article_category(FLOOD_ARTICLE) == "humanitarian"
    assert article_category(ARMS_ARTICLE) == "military"
    assert article_category(BUDGET_ARTICLE) is None  # finance lends no category


@pytest.mark.parametrize(
    "text",
    [
        FLOOD_ARTICLE,
        ARMS_ARTICLE + " " + ARMS_ARTICLE,  # a cue seen more than three times counts three
        "Summits, summit talks and a summit: negotiations, renegotiated terms, Negotiators.",
        "The ceasefire-monitoring mission's monitors monitor the ceasefire; MONITORING continues.",
        "Ünited aid: relief, re-lief, humanitarian-aid and Humanitarian AID for refugees' shelter.",
    ],
)
def test_one_scan_counts_each_cue_as_a_scan_per_cue_would(text):
    """The article's cues are counted in one pass; the counts must be what findall per cue gives."""
    counts = _cue_counts(text)
    for _, patterns in _ARTICLE_CUES.values():
        for rx in patterns:
            assert counts[rx] == min(3, len(rx.findall(text))), rx.pattern
    assert any(counts.values())


@pytest.mark.parametrize(
    "quote",
    [
        "Sweden pledged an additional contribution of $12 million.",
        "More than thirty donors announced contributions, among them Chile and Kenya.",
        "Portugal will donate 3 million euros.",
    ],
)
def test_a_bare_sum_takes_the_article_subject(quote):
    prior = article_category(FLOOD_ARTICLE)
    assert categorise(quote, "USD", prior) == "humanitarian"
    assert categorise(quote, "USD", None) == "financial"


def test_a_stated_purpose_beats_the_article_subject():
    prior = article_category(FLOOD_ARTICLE)
    # the quote says what the money is: a loan is finance, whatever the article is about
    assert categorise("Italy will lend $50 million as a concessional loan.", "USD", prior) == "financial"
    assert categorise("Spain will send 40 soldiers to guard the port.", None, prior) == "military"
