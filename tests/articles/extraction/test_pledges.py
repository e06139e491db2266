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
        "Canada said a lasting commitment to Ukraine was needed from its allies so Japan could help.",  # need
        "The ministers discussed how Canada and Japan could send more shells to Ukraine.",  # a question
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


# --- rules-1.2 -----------------------------------------------------------------------------
def test_a_delegation_head_speaks_for_the_state_that_sent_them(extractor):
    text = (
        "Today, Canada, led by Deputy Secretary Paul Ardent, co-hosted a donor meeting with Britain. "
        "In his remarks, Deputy Secretary Ardent announced $30 million in new aid for Nigeria."
    )
    assert actors(extractor, text) == ["CA"]
    text = (
        "On Friday, Norway, represented by Deputy Minister Lena Hovde, joined talks with France. "
        "Deputy Minister Hovde pledged 20 million euros to Ukraine."
    )
    assert actors(extractor, text) == ["NO"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "The Alliance’s leaders agreed at their summit in Vilnius on Tuesday to raise defence budgets.",
            "NATO",
        ),
        ("Japan and Canada agreed during talks in Tokyo (12 May 2024) to fund demining in Ukraine.", "CA JP"),
        ("Norway’s leaders agreed at the meeting today to double support for Ukraine.", "NO"),
    ],
)
def test_agreed_with_a_place_or_time_before_to(extractor, text, actor):
    assert actors(extractor, text) == actor.split()


def test_agreed_without_a_commitment_is_no_pledge(extractor):
    assert pledges(extractor, "Germany and France agreed at the meeting that the talks were useful.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Norway's Ukraine Fund will amount to 2 billion euros next year.",
        "For 2025, Canada's Nigeria Facility will provide 300 million dollars.",
    ],
)
def test_a_named_fund_is_an_instrument_not_an_actor(extractor, text):
    assert len(actors(extractor, text)) == 1 and actors(extractor, text)[0] in {"NO", "CA"}


def test_a_government_named_with_its_country_still_acts(extractor):
    assert actors(extractor, "The UK Government will send 100 engineers to Nigeria.") == ["GB"]


@pytest.mark.parametrize(
    "text",
    [
        "At the conference, member states and other donors will announce their commitments to Syria.",
        "Japan is expected to announce new pledges for Ukraine at the Geneva meeting.",
    ],
)
def test_announcing_future_pledges_is_no_pledge(extractor, text):
    assert pledges(extractor, text) == []


def test_announcing_a_stated_sum_later_is_a_pledge(extractor):
    assert actors(extractor, "Canada will announce $40 million for Nigeria at the summit.") == ["CA"]


def test_a_state_that_remains_committed_with_a_target(extractor):
    text = (
        "Today 5 million children are in school, and Canada remains committed "
        "to reaching 2 million children by 2027."
    )
    (p,) = pledges(extractor, text)
    assert p.actor == "CA"
    assert p.amount is None or p.amount.value == 2_000_000


def test_the_sum_after_the_verb_is_the_pledge(extractor):
    text = "Some 40,000 people were displaced, and Norway pledged 15 million euros to Syria."
    (p,) = pledges(extractor, text)
    assert (p.actor, p.amount.value, p.amount.unit) == ("NO", 15_000_000, "EUR")


def test_a_different_commitment_after_a_sum_stays_separate(extractor):
    text = (
        "Germany and Ukraine signed a security agreement on Monday. "
        "Under it, Germany will provide €3 billion in military aid to Ukraine in 2025. "
        "The agreement also provides for support for Ukraine's membership of the EU."
    )
    ps = pledges(extractor, text)
    assert [p.category for p in ps if p.amount] == ["military"]
    assert "diplomatic" in [p.category for p in ps if not p.amount]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (
            "Macron said France would help with ceasefire monitoring, air defence training, "
            "and rebuilding power plants in Ukraine.",
            ["monitoring", "military", "reconstruction"],
        ),
        (
            "Norway will provide humanitarian aid, budget support and reconstruction of schools to Syria.",
            ["humanitarian", "financial", "reconstruction"],
        ),
    ],
)
def test_a_list_of_different_kinds_is_one_pledge_per_kind(extractor, text, kinds):
    ps = pledges(extractor, text)
    assert [p.category for p in ps] == kinds
    assert len({p.actor for p in ps}) == 1


@pytest.mark.parametrize(
    "text",
    [
        # one kind only
        "Canada will send tanks, artillery shells, and air defence systems to Ukraine.",
        # a sum makes it one package
        "Germany pledged €500 million for humanitarian aid, budget support and reconstruction in Syria.",
        # two items are no list
        "Japan agreed to support Ukraine's defence and reconstruction, contingent on a ceasefire.",
    ],
)
def test_a_list_of_one_kind_or_with_a_sum_stays_one_pledge(extractor, text):
    assert len(pledges(extractor, text)) == 1


def test_the_most_named_state_announcing_a_sum_is_the_donor(extractor):
    text = (
        "Today, the United States, led by Deputy Secretary Ann Holt, hosted a conference on Syria. "
        "The United States is the largest donor. The United States urged others to give more. "
        "In her remarks, Deputy Secretary Holt announced $90 million in new humanitarian assistance."
    )
    ps = pledges(extractor, text)
    assert [(p.actor, p.amount.value) for p in ps] == [("US", 90_000_000)]


def test_a_breakdown_extends_the_pledge_it_details(extractor):
    text = (
        "Canada announced $300 million in assistance to Syria on Monday.\n\n"
        "This includes $120 million that will be delivered through the WFP."
    )
    (p,) = pledges(extractor, text)
    assert p.amount.value == 300_000_000 and p.quote.endswith("through the WFP.")
    text = (
        "Japan pledged 50 million dollars to Ukraine. "
        "The package also includes 20 million dollars for demining."
    )
    (p,) = pledges(extractor, text)
    assert p.quote.endswith("for demining.")


def test_a_breakdown_far_from_any_pledge_is_alone(extractor):
    text = (
        "Norway pledged 40 million euros to Syria. Talks resumed in Geneva. Aid groups met on Tuesday. "
        "This includes 10 million euros for schools."
    )
    (p,) = pledges(extractor, text)
    assert p.quote == "Norway pledged 40 million euros to Syria."


@pytest.mark.parametrize(
    "text",
    [
        "The package also covers $118 million for Syria announced by Secretary Holt in July.",
        "It adds 20 million euros in aid to Nigeria announced by the minister last year.",
    ],
)
def test_a_sum_announced_earlier_is_no_new_pledge(extractor, text):
    assert pledges(extractor, text) == []


def test_a_new_sum_beside_an_earlier_one_is_a_pledge(extractor):
    text = "Norway announced 20 million euros for Syria, on top of aid announced by its minister in July."
    assert actors(extractor, text) == ["NO"]


def test_the_government_is_the_state_named_as_an_agent(extractor):
    text = (
        "Canadian jets will patrol the skies over Norway. Canada will also send engineers to Norway. "
        "Threats from Russia keep growing, and Russia’s drone incursions, Russia’s missile tests and "
        "Russia’s cyber attacks continue. This Government is delivering the largest rise in defence "
        "spending in a generation, to 2.5% of GDP by 2027."
    )
    assert [p.actor for p in pledges(extractor, text)] == ["CA", "CA"]


def test_the_government_is_not_the_adversary_named_most(extractor):
    text = (
        "Sanctions on Russia were tightened after Russia’s attacks and Russia’s threats against Japan. "
        "Japan will send generators to Ukraine. The Government is providing 300 million dollars more."
    )
    assert "RU" not in actors(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        '- As a leading donor, Norway commits to "stand with the Syrian people"\n\n'
        "Norway will give 30 million euros to Syria, the minister said.",
        '• Canada vows to "keep helping Nigeria"\n\nCanada will provide $20 million to Nigeria this year.',
    ],
)
def test_a_summary_bullet_ending_on_a_quote_is_a_headline(extractor, text):
    (p,) = pledges(extractor, text)
    assert p.amount is not None


def test_a_paragraph_ending_on_a_quote_is_still_a_sentence(extractor):
    text = 'Japan said it will provide 10 million dollars to Ukraine, calling it "a duty"\n\nTalks went on.'
    assert actors(extractor, text) == ["JP"]


@pytest.mark.parametrize(
    ("text", "actor", "value"),
    [
        (
            "The rise comes from an additional €15 million of German funding for shelters in Syria.",
            "DE",
            15e6,
        ),
        ("Clinics will open thanks to a further $8 million in Canadian assistance to Nigeria.", "CA", 8e6),
        (
            "This is made possible by new 40 million euros of Norway funding for Ukraine's schools.",
            "NO",
            40e6,
        ),
    ],
)
def test_new_money_named_with_its_owner_is_a_pledge(extractor, text, actor, value):
    (p,) = pledges(extractor, text)
    assert (p.actor, p.amount.value) == (actor, value)


@pytest.mark.parametrize(
    "text",
    [
        "Since 2022, an additional €15 million of German funding has reached Syria.",  # a running total
        "The clinics cost $8 million in total.",  # no owner, no new money
        "Analysts expect a further $3 million of aid from donors.",  # no state named
    ],
)
def test_money_without_a_new_owned_gift_is_no_pledge(extractor, text):
    assert pledges(extractor, text) == []


def test_the_receiving_state_that_will_sign_pledges_nothing(extractor):
    text = (
        "Britain will send engineers to Ukraine. Germany will train pilots for Ukraine. "
        "Later today, the Chancellor and President Lindqvist of Ukraine will sign a German-Ukrainian "
        "agreement with Germany."
    )
    assert "UA" not in actors(extractor, text)


def test_support_a_state_has_been_and_will_keep_giving(extractor):
    text = "The agreement formalises the help Canada has been and will continue to provide to Nigeria."
    assert actors(extractor, text) == ["CA"]
    text = "Norway has been and will remain committed to Syria with 10 million euros a year."
    assert actors(extractor, text) == ["NO"]


def test_also_adds_a_commitment_instead_of_restating_one(extractor):
    text = (
        "Japan will provide demining equipment to Ukraine. "
        "Japan will also provide armoured vehicles to Ukraine."
    )
    assert len(pledges(extractor, text)) == 2
    # a restatement without "also" stays one pledge
    text = "Japan will provide demining equipment to Ukraine. Japan will provide it to Ukraine soon."
    assert len(pledges(extractor, text)) == 1


def test_a_list_of_examples_is_one_commitment(extractor):
    text = (
        "Canada will provide support to Ukraine, including humanitarian aid, budget support, "
        "and rebuilding bridges."
    )
    assert len(pledges(extractor, text)) == 1


def test_a_speech_set_out_line_by_line_is_read_as_one_sentence(extractor):
    """Published remarks break one spoken sentence over paragraphs ending in a comma or dash."""
    text = (
        "Remarks by the Prime Minister in Paris.\n\n"
        "And so I can say that, after a ceasefire,\n\n"
        "Britain and France will open training hubs across Ukraine –\n\n"
        "Protecting its skies and its seas.\n"
    )
    found = pledges(extractor, text)
    assert sorted(p.actor for p in found) == ["FR", "GB"]
    assert all("after a ceasefire" in p.quote and "training hubs" in p.quote for p in found)
    assert all(any(c.kind == "ceasefire" for c in p.conditions) for p in found)


def test_a_sum_given_without_a_giver_is_the_texts_own_donors(extractor):
    text = (
        "Canada announced new support for peace in Colombia on Tuesday.\n\n"
        "The funding will be spent over two years.\n\n"
        "Observers will monitor the ceasefire in rural areas.\n\n"
        "A further $3 million will also be provided to the United Nations mission in Colombia."
    )
    found = [p for p in pledges(extractor, text) if p.amount is not None and p.amount.value == 3_000_000]
    assert [p.actor for p in found] == ["CA"]


@pytest.mark.parametrize(
    ("text", "beneficiary"),
    [
        # a purpose stated before the verb names the receiver
        ("To help Ukraine through the winter, Norway will send generators, despite Russia's attacks.", "UA"),
        # the owner of the work supported is the receiver
        ("Japan fully supports the efforts of NATO in the region.", "NATO"),
        # the instrument a sum goes through is not the receiver
        ("The EU adopted a €40 million measure under the WFP.", None),
    ],
)
def test_beneficiaries_read_from_purpose_work_and_channel(extractor, text, beneficiary):
    (pledge,) = pledges(extractor, text)
    assert pledge.beneficiary == beneficiary


def test_those_pledging_are_no_one_not_even_a_possible_pledge(extractor):
    text = "I thank Norway and Japan for hosting this conference, and all of those generously pledging."
    result = extractor.extract(text, None)
    assert result.pledges == [] and result.possible_pledges == []


def test_a_declaration_of_support_with_nothing_more_specific_is_diplomatic(extractor):
    (pledge,) = pledges(extractor, "Norway stands ready to provide full support to the people of Nigeria.")
    assert pledge.category == "diplomatic"


def test_hard_wrapped_text_is_read_in_whole_sentences(extractor):
    """A PDF or wire copy set to a fixed width breaks sentences anywhere, before capitals and
    numbers too; each full-width line runs on into the next."""
    lines = [
        "Today the Government of Canada has announced a relief package to",
        "help more than two million people affected by the flooding in",
        "Nigeria, with shelter, water and medical care for those in need.",
        "The new $40 million relief package, which doubles Canada's aid to",
        "the region this year, will reach over 500,000 people in Kogi and",
        "Benue, as well as families who have fled to the neighbouring",
        "Chad.",
        "Officials from both countries met in Abuja on Monday to agree",
        "how the shelters and the water pumps will reach the worst hit towns",
        "before the winter sets in across the north of the country.",
    ]
    (p,) = pledges(extractor, "\n".join(lines))
    # the lead and the sentence with the sum are one commitment, held on the sentence with the sum
    assert (p.actor, p.beneficiary) == ("CA", "NG")
    assert p.amount is not None and p.amount.value == 40_000_000
    assert p.quote.startswith("The new $40 million relief package") and p.quote.endswith("Chad.")


def test_text_of_full_lines_is_not_taken_for_wrapped():
    from articles.extraction.sentences import wrap_width

    paragraphs = "\n\n".join(["Canada will send 40 field kitchens to Pakistan before the winter comes."] * 8)
    assert wrap_width(paragraphs) == 0
    wrapped = "\n".join(["Canada will send 40 field kitchens to Pakistan before the winter"] * 8)
    assert wrap_width(wrapped) == 64


def test_reference_marks_after_a_full_stop_end_the_sentence():
    """Encyclopedia text glues its notes to the full stop ("… and Chad.[4] Then …")."""
    from articles.extraction.sentences import build_nlp, sentence_spans

    doc = build_nlp()(
        "Troops were pledged by Benin and Chad.[4] Then Spain offered ships.[12][13] See note [3] here."
    )
    assert [doc[a:b].text for a, b in sentence_spans(doc)] == [
        "Troops were pledged by Benin and Chad.[4]",
        "Then Spain offered ships.[12][13]",
        "See note [3] here.",
    ]


def test_a_lead_then_its_sum_is_one_pledge_on_the_sentence_with_the_sum(extractor):
    text = (
        "Norway announced new support for Sudan on Monday. "
        "The new NOK 200 million package will fund food and clean water for Sudan."
    )
    (p,) = pledges(extractor, text)
    assert p.quote.startswith("The new NOK 200 million package")
    # a different commitment after the lead stays apart
    text = (
        "Norway announced new support for Sudan on Monday. "
        "Norway will also send NOK 50 million in military equipment to Ukraine."
    )
    assert len(pledges(extractor, text)) == 2


def test_an_unowned_new_sum_goes_to_the_donor_just_named(extractor):
    """The donor of the passage is who committed in the sentences before, not the state most named."""
    text = (
        "Sudan is facing famine. Sudan needs food, Sudan needs water, and Sudan needs peace.\n"
        "Japan will provide emergency food aid to Sudan.\n"
        "This aid will include a new $5 million contribution to the World Food Programme."
    )
    found = pledges(extractor, text)
    assert {p.actor for p in found} == {"JP"}


def test_remaining_committed_across_a_parenthesis_is_a_pledge(extractor):
    text = (
        "The European Union remains committed, in coordination with its partners, "
        "to providing further humanitarian support to Ukraine."
    )
    assert actors(extractor, text) == ["EU"]


def test_each_sum_in_a_list_after_a_colon_is_a_pledge_of_the_lead(extractor):
    text = (
        "Canada will stand by Nigeria after the floods.\n\n"
        "The new support from Canada includes:\n\n"
        "- a $5 million grant for clean water in Kano\n"
        "- a $2 million contribution for food. It will feed 10,000 families.\n"
        "- $1 million for school meals\n\n"
        "Officials met in Abuja.\n\n"
        "- $9 million was spent on roads in 2019\n"
    )
    items = sorted(p.amount.value for p in pledges(extractor, text) if p.rule == "list_item")
    # the bullet's second sentence keeps the list going; a new paragraph ends it
    assert items == [1_000_000, 2_000_000, 5_000_000]
    assert {p.actor for p in pledges(extractor, text) if p.rule == "list_item"} == {"CA"}


def test_the_state_a_text_is_about_commits_when_it_agrees_to_act(extractor):
    text = (
        "Canada will lend $1 billion to Nigeria. Nigeria agreed to publish its oil accounts every year. "
        "Nigeria thanked Canada for the help to Nigeria."
    )
    assert "NG" in actors(extractor, text)
    # agreeing to a plan others carry out is no commitment of its own
    text = (
        "Canada will lend $1 billion to Nigeria. Nigeria agreed to the plan for its oil accounts. "
        "Nigeria thanked Canada for the help to Nigeria."
    )
    assert "NG" not in actors(extractor, text)


@pytest.mark.parametrize(
    "second",
    [
        "Both countries agreed to continue to guard the old test site.",
        "The two sides reaffirmed their commitment to the defence treaty of 1951.",
        "The pair will fund a joint research centre in Lagos for five years.",
    ],
)
def test_both_countries_are_the_two_just_named(extractor, second):
    """A readout's "both countries", "the two sides", "the pair" commit each party named before."""
    text = "Japan and Nigeria held talks in Abuja on Tuesday. " + second
    assert actors(extractor, text) == ["JP", "NG"]


def test_both_with_no_parties_named_commits_no_one(extractor):
    text = "Both countries agreed to continue to guard the old test site."
    assert actors(extractor, text) == []


def test_we_of_leaders_of_an_organisation_and_a_state_is_both(extractor):
    """ "We, the leaders of the EU and Japan, …" opens a joint statement: its "we" is both."""
    text = (
        "We, the leaders of the European Union and Japan, met in Tokyo on 13 July.\n\n"
        "We will continue to provide humanitarian support to Ukraine."
    )
    found = [p for p in pledges(extractor, text) if "humanitarian support" in p.quote]
    assert {p.actor for p in found} == {"EU", "JP"}


def test_he_after_a_meeting_is_the_host_who_was_named_first(extractor):
    text = (
        "Prime Minister Tomas Brennan met President Oleh Marchenko in London. "
        "He reaffirmed his commitment to the security of Europe."
    )
    assert actors(extractor, text) == ["GB"]


def test_an_institution_acting_today_makes_a_new_commitment(extractor):
    """A release's "The Council today prolonged …" is its news; the same act in a past year is history."""
    assert actors(extractor, "The Council today prolonged the EU's naval mission off Somalia by a year.") == [
        "EU"
    ]
    assert actors(extractor, "The Council prolonged the EU's naval mission off Somalia in 2012.") == []
    assert actors(extractor, "Russia today launched a new offensive near Kharkiv.") == []


@pytest.mark.parametrize(
    "text, beneficiary",
    [
        ("Canada will sanction seven senior Russian officials next week.", None),
        ("Canada will impose sanctions on Russia's central bank.", None),
        ("Canada will impose new sanctions on Russia to support Ukraine.", "UA"),
    ],
)
def test_the_target_of_sanctions_is_no_beneficiary(extractor, text, beneficiary):
    (found,) = pledges(extractor, text)
    assert found.category == "sanctions" and found.beneficiary == beneficiary


def test_he_added_reports_speech_and_adds_nothing(extractor):
    text = "France will send 300 engineers to Ukraine. They will not fight, the minister added."
    result = extractor.extract(text)
    assert [p.actor for p in result.pledges] == ["FR"]
    assert result.possible_pledges == []


@pytest.mark.parametrize(
    "second",
    [
        "They agreed to keep working together on the security of the Black Sea.",
        "The leaders agreed their governments would continue working closely on the Black Sea.",
        "The Presidents reaffirmed their commitment to a joint naval patrol in the Black Sea.",
    ],
)
def test_a_readouts_plural_subject_is_each_party_of_the_meeting(extractor, second):
    """ "They", "the leaders", "the Presidents" after "A met B": each commits, to the other."""
    text = "Prime Minister Tomas Brennan met President Oleh Marchenko in London on Monday. " + second
    found = {(p.actor, p.beneficiary) for p in pledges(extractor, text)}
    assert found == {("GB", "UA"), ("UA", "GB")}


def test_agreeing_on_a_view_is_no_pledge(extractor):
    text = (
        "Prime Minister Tomas Brennan met President Oleh Marchenko in London on Monday. "
        "They agreed that the present state of affairs serves neither country."
    )
    assert pledges(extractor, text) == []


def test_parties_listed_together_with_the_actor_commit_too(extractor):
    text = "The initiative is launched by the European Union together with Japan and Nigeria."
    assert actors(extractor, text) == ["EU", "JP", "NG"]
    text = "Together with the World Food Programme, Japan will fund school meals in Nigeria."
    assert actors(extractor, text) == ["JP", "WFP"]


def test_a_partner_worked_together_with_is_no_co_donor(extractor):
    assert actors(extractor, "Japan will work together with Nigeria to build three clinics in Lagos.") == [
        "JP"
    ]


def test_it_after_a_state_that_says_is_that_state(extractor):
    text = "Canada will lend $1 billion to Nigeria. Japan says it is prepared to forgive $3 billion of debt."
    found = {p.actor for p in pledges(extractor, text) if "forgive" in p.quote}
    assert found == {"JP"}


def test_the_council_of_an_eu_release_is_the_eu(extractor):
    """An EU release calls its bodies "the Council", "the Commission": their decisions are the EU's."""
    text = "The Council has decided to extend the mandate of the EU police mission in Nigeria until 2027."
    assert actors(extractor, text) == ["EU"]


def test_an_institutions_act_on_the_releases_own_date_is_its_news(extractor):
    text = "On 18 July 2016, the Council prolonged the EU's naval mission off Somalia by two years."
    assert actors(extractor, text) == []  # undated release: could be history
    found = pledges(extractor, text, dt.date(2016, 7, 18))
    assert [p.actor for p in found] == ["EU"]
    assert pledges(extractor, text, dt.date(2019, 3, 1)) == []  # told three years later: history


def test_a_dateline_is_not_the_subject_of_the_sentence(extractor):
    text = "WASHINGTON — Today, the U.S. Treasury's Office of Foreign Assets Control designated five bankers."
    assert actors(extractor, text) == ["US"]


def test_authorizing_a_drawdown_is_a_pledge(extractor):
    text = (
        "The United States will stand with Ukraine. "
        "I am authorizing our 31st drawdown of arms for Ukraine, valued at $425 million."
    )
    (p,) = [p for p in pledges(extractor, text) if "drawdown" in p.quote]
    assert (p.actor, p.beneficiary, p.amount.value) == ("US", "UA", 425_000_000)


def test_channels_listed_after_such_as_do_not_give(extractor):
    text = (
        "The $20 million commitment, delivered through partners such as\n"
        "the World Food Programme, UNICEF and others, will feed 90,000 families in Nigeria."
    )
    assert actors(extractor, text) == []


def test_a_summit_list_line_labelled_with_a_state_is_its_commitment(extractor):
    text = (
        "Highlights of the national commitments made at the summit\n\n"
        "Japan: Contributing $300,000 to the World Food Programme\n\n"
        "Nigeria: Ratified the convention on nuclear terrorism in March\n\n"
        "Canada: Hosting a workshop on border security next year\n"
    )
    assert actors(extractor, text) == ["CA", "JP"]


def test_a_sum_restated_in_the_body_is_held_on_the_body_sentence(extractor):
    """The standfirst and the body state the same sum: one pledge, on the body's sentence (SCHEMA.md)."""
    text = (
        "Floods: Japan steps up help\n\n"
        "One week after the floods, Japan pledges a further $30 million to Nigeria.\n\n"
        "Japan has pledged a further $30 million to support the relief appeals for Nigeria, "
        "the foreign ministry said on Monday.\n\n"
        "This $30 million contribution is the largest Japan has made to the region."
    )
    (p,) = pledges(extractor, text)
    assert p.quote.startswith("Japan has pledged a further $30 million")


@pytest.mark.parametrize(
    "text",
    [
        "Canada will keep the military aid flowing to Ukraine.",
        "Japan will stand alongside the people of Nigeria in the months ahead.",
    ],
)
def test_keep_and_stand_commit_with_what_they_keep_up(extractor, text):
    assert len(pledges(extractor, text)) == 1


def test_a_conference_venue_is_no_beneficiary_and_the_people_of_a_state_are(extractor):
    (p,) = pledges(extractor, "Japan will provide $5 million at a meeting in Paris for schools in Nigeria.")
    assert p.beneficiary == "NG"
    (p,) = pledges(extractor, "Canada stands firmly with the people of Ukraine.")
    assert p.beneficiary == "UA"


def test_the_leaders_of_a_bilateral_readout_are_its_two_parties_not_a_group_named_in_passing(extractor):
    text = (
        "Prime Minister Tomas Brennan met President Oleh Marchenko in Kyiv today. "
        "The leaders agreed that the UK and Ukraine are close partners in NATO. "
        "The leaders agreed to build on their growing trade through a new investment forum."
    )
    found = {(p.actor, p.beneficiary) for p in pledges(extractor, text) if "build on" in p.quote}
    assert found == {("GB", "UA"), ("UA", "GB")}


def test_agreeing_on_the_importance_of_something_is_a_view(extractor):
    text = "Japan and Nigeria agreed on the importance of working together on trade."
    assert pledges(extractor, text) == []


def test_a_list_led_by_the_government_gives_its_items_and_past_items_are_not_pledges(extractor):
    text = (
        "Canada welcomed the reform plan of Nigeria on Monday.\n\n"
        "Officials met in Abuja. The talks were long. Many topics were covered.\n\n"
        "At this time, the Government is prepared to:\n\n"
        "  • Forgive $300 million in claims on Nigeria.\n"
        "  • Set aside $15 million for debt relief in Nigeria.\n\n"
        "Previously:\n\n"
        "  • Canada has provided more than $500 million of aid to Nigeria.\n"
    )
    found = sorted(p.amount.value for p in pledges(extractor, text) if p.amount is not None)
    assert found == [15_000_000, 300_000_000]


def test_two_parties_that_sign_together_sign_for_each_other(extractor):
    text = (
        "Foreign Minister of Norway Aru-Bek Dostanov arrived in Tokyo on Monday. "
        "Aru-Bek Dostanov and the Japanese Foreign Minister signed a fisheries agreement between Norway "
        "and Japan."
    )
    found = {(p.actor, p.beneficiary) for p in pledges(extractor, text)}
    assert found == {("NO", "JP"), ("JP", "NO")}
    # a third party named: they sign for it, not for each other
    third = "Norway and Japan signed an agreement to send 300 tonnes of grain to Nigeria."
    assert {(p.actor, p.beneficiary) for p in pledges(extractor, third)} == {("NO", "NG"), ("JP", "NG")}


def test_an_agent_named_as_a_groups_members_is_each_member_state(extractor):
    text = "Troops for the mission have been pledged by NATO members Norway, Canada and Germany."
    assert actors(extractor, text) == ["CA", "DE", "NO"]
    assert actors(extractor, "Troops for the mission have been pledged by NATO.") == ["NATO"]
