"""Pledge rules on sentences written for these tests."""

import datetime as dt

import pytest


def pledges(extractor, text, published=None):
    return extractor.extract(text, published).pledges


def actors(extractor, text):
    return sorted(p.actor for p in pledges(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "France pledged 500 million euros to Ukraine on Monday.",
        "Britain will send 200 engineers to Ukraine next spring.",
        "Germany has committed to fund air defence for Ukraine.",
        "Canada announced a $40 million package for Ukraine.",
        "Norway vowed to keep supplying Ukraine with shells.",
        "Japan agreed to provide Ukraine with generators.",
        "The United States could deploy observers to Ukraine.",
    ],
)
def test_commitments_are_pledges(extractor, text):
    assert len(pledges(extractor, text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Russia must withdraw its troops from Ukraine.",  # a demand
        "Germany refused to send long-range missiles to Ukraine.",  # a refusal
        "France will not send troops to Ukraine.",  # a negation
        "Norway should provide more air defence to Ukraine.",  # an opinion
        "Canada urged its allies to provide more shells to Ukraine.",  # a call on others
        "Britain has provided $4 billion to Ukraine since 2022.",  # a past total
        "Analysts think the war may last years.",  # analysis
        "Will Japan send troops to Ukraine?",  # a question
    ],
)
def test_non_commitments_are_not_pledges(extractor, text):
    assert pledges(extractor, text) == []


def test_one_pledge_per_actor(extractor):
    assert actors(extractor, "France and Britain pledged to train Ukrainian pilots.") == ["FR", "GB"]


def test_leader_speaks_for_country(extractor):
    (p,) = pledges(extractor, "President Anna Lindqvist said French soldiers could be sent to Ukraine.")
    assert (p.actor, p.actor_person, p.beneficiary, p.category) == ("FR", "Anna Lindqvist", "UA", "military")


def test_we_in_quote_resolves_to_speaker(extractor):
    text = "Tomas Brennan spoke in London.\n“We will provide £2 billion to Ukraine next year,” Brennan said."
    (p,) = pledges(extractor, text)
    assert (p.actor, p.actor_person) == ("GB", "Tomas Brennan")
    assert (p.amount.value, p.amount.unit) == (2e9, "GBP")


def test_we_for_an_organisation_leader(extractor):
    text = "Commission President Hanna Kuusk said: “We are pledging €1 billion to protect forests.”"
    (p,) = pledges(extractor, text, dt.date(2024, 1, 1))
    assert (p.actor, p.category) == ("EU", "financial")


def test_unnamed_group_is_the_coalition(extractor):
    text = (
        "Leaders of the coalition of the willing met in Paris.\n"
        "Twenty countries committed to a reassurance force for Ukraine, contingent on a ceasefire."
    )
    (p,) = pledges(extractor, text)
    assert p.actor == "Coalition of the Willing"
    assert [c.kind for c in p.conditions] == ["ceasefire"]


def test_listed_donors_each_pledge(extractor):
    text = "Dozens of donors pledged new money, including Norway, Canada and Japan."
    assert actors(extractor, text) == ["CA", "JP", "NO"]


def test_sub_amount_from_a_named_state(extractor):
    text = "The Alliance pledged $9 billion, including $2 billion from Canada, for Ukraine."
    got = {p.actor: p.amount.value for p in pledges(extractor, text)}
    assert got == {"NATO": 9e9, "CA": 2e9}


def test_condition_in_the_next_sentence(extractor):
    text = "Germany will send 3,000 troops to Ukraine. They will not engage in combat."
    (p,) = pledges(extractor, text)
    assert [c.kind for c in p.conditions] == ["limitation"]
    assert p.amount.unit == "troops"


def test_ceasefire_stated_once_applies_to_deployments(extractor):
    text = (
        "The allies agreed on a force for Ukraine, to deploy only after a ceasefire.\n"
        "Later, Lindqvist said French troops could be sent to Ukraine."
    )
    french = [p for p in pledges(extractor, text) if p.actor == "FR"]
    assert french and "ceasefire" in {c.kind for c in french[0].conditions}


def test_categories(extractor):
    cases = {
        "Japan will provide $10 million in humanitarian aid for Syrian refugees.": "humanitarian",
        "Norway pledged to fund the rebuilding of Ukraine's energy grid.": "reconstruction",
        "Britain will contribute observers to monitor the ceasefire in Ukraine.": "monitoring",
        "Canada agreed to tighten sanctions on Russia.": "sanctions",
        "France signed a security agreement with Ukraine.": "security_guarantee",
        "Germany pledged a €500 million loan to Ukraine.": "financial",
    }
    for text, category in cases.items():
        (p,) = pledges(extractor, text)
        assert p.category == category, text


def test_announced_on_weekday(extractor):
    (p,) = pledges(extractor, "Britain pledged £1 billion to Ukraine on Tuesday.", dt.date(2026, 1, 7))
    assert p.announced_on == dt.date(2026, 1, 6)


def test_quote_offsets(extractor):
    text = "A headline without a stop\n\nFrance pledged €5 million to the WFP. Nothing else happened."
    (p,) = pledges(extractor, text)
    assert text[p.start : p.end] == p.quote
    assert p.quote.startswith("France pledged")
    assert p.beneficiary == "WFP"


# --- rules-1.1 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "Canada announced $30 million at the 5th WFP Nutrition Summit "
            "as its share of the Global Nutrition pledge.",
            "CA",
        ),
        (
            "Japan announced 40 million yen at the 3rd NATO Ocean Conference "
            "as its share of the Blue Seas pledge.",
            "JP",
        ),
    ],
)
def test_pledge_after_a_capitalised_modifier_is_a_noun(extractor, text, actor):
    # the named "… pledge" is a noun: the organisation named before it does not pledge
    assert actors(extractor, text) == [actor]


def test_a_named_pledge_alone_is_no_pledge(extractor):
    assert pledges(extractor, "Dozens of cities backed the Clean Rivers pledge at the UN Summit.") == []


def test_capitalised_actor_before_pledges_keeps_the_verb(extractor):
    assert actors(extractor, "Norway pledges 40 million kroner to Ukraine.") == ["NO"]
    assert actors(extractor, "Yesterday Canada promises 300 engineers to Ukraine.") == ["CA"]


@pytest.mark.parametrize(
    "text",
    [
        "Japan promised $80 million to Nigeria in 2025.\nIn 2019, Japan pledged $40 million to Nigeria.",
        "Norway pledged 90 million kroner to Ukraine in March 2024.\n"
        "In June 2020, Norway committed 20 million kroner to Ukraine.",
    ],
)
def test_a_year_long_past_is_history(extractor, text):
    (p,) = pledges(extractor, text)
    assert "2019" not in p.quote and "2020" not in p.quote


def test_a_past_year_with_a_future_commitment_is_kept(extractor):
    text = (
        "Canada promised $5 million to Nigeria in 2025.\n"
        "In 2019, Canada said it will give $9 million to Syria."
    )
    assert len(pledges(extractor, text)) == 2
    # the year of the article itself is no history
    assert len(pledges(extractor, "In 2024, Canada pledged $7 million to Syria.")) == 1


def test_later_cooperation_restates_a_sum(extractor):
    text = (
        "Germany pledged €300 million to Nigeria for clean water.\n"
        "Officials met in Abuja.\n"
        "Germany will work with local partners to build wells and pumping stations."
    )
    (p,) = pledges(extractor, text)
    assert p.amount is not None
    # without an earlier sum, cooperation is the pledge itself
    assert actors(extractor, "Germany will work with Nigeria to build wells next year.") == ["DE"]


def test_the_other_side_of_a_ceasefire_neither_signs_nor_receives(extractor):
    text = (
        "Germany and France signed a declaration on Monday, agreeing to send engineers to Ukraine, "
        "contingent on a ceasefire with Russia."
    )
    ps = pledges(extractor, text)
    assert sorted(p.actor for p in ps) == ["DE", "FR"]
    assert {p.beneficiary for p in ps} == {"UA"}


def test_the_owner_of_a_deed_is_no_actor(extractor):
    text = "This threat, shown by Russia’s drone incursions, means Britain will deploy jets to Ukraine."
    assert actors(extractor, text) == ["GB"]
    # the owner of a gift acts
    assert actors(extractor, "Canada’s contribution will fund 30 field hospitals in Nigeria.") == ["CA"]
