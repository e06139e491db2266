"""Unknown organisations found by their head word become candidates an editor can accept or alias."""

from articles.extraction.entities import guess_org_kind


def candidates(extractor, text):
    return extractor.extract(text).organisation_candidates


def test_unknown_organisation_is_a_candidate_with_its_offsets_and_a_guessed_kind(extractor):
    text = "Norway will give 30 million euros to the Blue Harbour Fund next spring."
    (found,) = candidates(extractor, text)
    assert found.name == "Blue Harbour Fund"
    assert text[found.start : found.end] == "Blue Harbour Fund"
    assert found.kind == "international_organisation"


def test_a_group_is_offered_as_a_coalition_and_keeps_what_follows_for(extractor):
    text = "Canada has joined the Northern Shipping Contact Group and the Global Partnership for Clean Water."
    assert [(c.name, c.kind) for c in candidates(extractor, text)] == [
        ("Northern Shipping Contact Group", "ad_hoc_coalition"),
        ("Global Partnership for Clean Water", "ad_hoc_coalition"),
    ]


def test_the_name_stops_before_a_day_or_a_name_already_found(extractor):
    text = "Japan paid 12 million dollars into the Blue Harbour Fund on Friday and the Tide Fund for Ukraine."
    assert [c.name for c in candidates(extractor, text)] == ["Blue Harbour Fund", "Tide Fund"]
    result = extractor.extract("Germany pledged 40 million euros to the Blue Harbour Fund on Thursday.")
    assert [p.beneficiary for p in result.pledges] == ["Blue Harbour Fund"]


def test_an_organisation_the_gazetteer_knows_is_not_a_candidate(extractor):
    text = "France sent grain through the World Food Programme and asked the Alliance for help."
    result = extractor.extract(text)
    assert result.organisation_candidates == []
    assert "WFP" in {m.key for m in result.mentions if m.kind == "organisation"}


def test_one_candidate_per_name_at_its_first_mention(extractor):
    text = (
        "Germany backed the Riverlands Relief Group in May. "
        "By June the Riverlands Relief Group had twelve members; "
        "Japan joined the Riverlands Relief Group too."
    )
    (found,) = candidates(extractor, text)
    assert found.name == "Riverlands Relief Group"
    assert found.start == text.index("Riverlands")


def test_a_capital_that_only_starts_the_sentence_or_lowercase_words_are_not_candidates(extractor):
    assert candidates(extractor, "Relief Fund payments resumed in March after a pause.") == []
    assert candidates(extractor, "Officials said a small relief fund and a donor group would open.") == []


def test_a_name_that_opens_a_sentence_is_proposed_in_full(extractor):
    text = "Green Horizon Fund officials met Ukrainian ministers. The Green Horizon Fund then paid out."
    (found,) = candidates(extractor, text)
    assert (found.name, found.start) == ("Green Horizon Fund", 0)
    # a function word before the name stays out of it
    (found,) = candidates(extractor, "Meanwhile Harbour Partnership staff arrived in Kyiv.")
    assert found.name == "Harbour Partnership"


def test_kind_is_guessed_from_the_head_word_before_for_or_on():
    assert guess_org_kind("Tide Bank") == "international_organisation"
    assert guess_org_kind("Friends Group on Maritime Safety") == "ad_hoc_coalition"
    assert guess_org_kind("Coastal Resilience Facility for Small Islands") == "international_organisation"
    assert guess_org_kind("Lighthouse Council") is None


def test_a_compass_point_and_a_head_word_name_a_place(extractor):
    text = "Aid convoys reached the West Bank on Monday, and Norway sent money to the Blue Harbour Fund."
    names = [c.name for c in extractor.extract(text).organisation_candidates]
    assert names == ["Blue Harbour Fund"]
