"""Entity matching: names, demonyms, capitals as governments, leaders and titled strangers."""

import datetime as dt


def countries(extractor, text, published=None):
    return {m.key for m in extractor.extract(text, published).mentions if m.kind == "country" and m.state}


def people(extractor, text):
    return [m.key for m in extractor.extract(text).mentions if m.kind == "person"]


def test_country_by_name_and_demonym(extractor):
    assert countries(extractor, "German engineers and Norway met.") == {"DE", "NO"}


def test_demonym_of_people_is_not_the_state(extractor):
    assert countries(extractor, "Aid reached Syrian refugees in camps.") == set()


def test_lowercase_and_common_words_are_not_countries(extractor):
    assert countries(extractor, "we asked us to help") == set()


def test_capital_acting_as_government(extractor):
    assert countries(extractor, "Moscow insists the talks failed.") == {"RU"}
    assert countries(extractor, "Washington will send more shells.") == {"US"}


def test_a_government_body_acts_for_its_state_unless_it_is_a_place(extractor):
    assert countries(extractor, "USAID will provide $20 million for Nigeria.") == {"US", "NG"}
    assert countries(extractor, "The Pentagon announced new shells for Ukraine.") == {"US", "UA"}
    assert countries(extractor, "Ministers met at the Pentagon on Monday.") == set()


def test_a_government_body_gives_and_never_receives(extractor):
    (pledge,) = extractor.extract("Japan will provide $5 million in food aid through USAID.").pledges
    assert (pledge.actor, pledge.beneficiary) == ("JP", None)
    (pledge,) = extractor.extract("USAID will provide $20 million in food aid.").pledges
    assert (pledge.actor, pledge.beneficiary) == ("US", None)


def test_capital_as_place_or_dateline(extractor):
    assert countries(extractor, "Leaders met at a summit in Paris.") == set()
    assert countries(extractor, "LONDON — Markets fell today.") == set()
    assert countries(extractor, "Reporting by a staff writer in Abuja, Nigeria.") == set()


def test_country_only_as_a_location_is_not_listed(extractor):
    assert countries(extractor, "The troops will not fight in Ukraine.") == set()
    assert countries(extractor, "The troops will help Ukraine.") == {"UA"}


def test_geographic_feature_is_not_a_country(extractor):
    assert countries(extractor, "Funds for the Congo Basin forests.") == set()


def test_leader_alias_resolves_to_canonical_name_and_country(extractor):
    result = extractor.extract("Lindqvist spoke first.")
    assert [m.key for m in result.mentions if m.kind == "person"] == ["Anna Lindqvist"]
    assert "FR" in {m.key for m in result.mentions if m.kind == "country"}


def test_surname_after_first_full_mention(extractor):
    text = "Prime Minister Tomas Brennan arrived. Later Brennan spoke to reporters."
    assert people(extractor, text) == ["Tomas Brennan", "Tomas Brennan"]


def test_title_and_surname(extractor):
    assert people(extractor, "Mr Brennan said so.") == ["Tomas Brennan"]


def test_unknown_titled_person_is_a_candidate(extractor):
    result = extractor.extract("Canadian Foreign Minister Jane Okafor said the plan was ready.")
    (cand,) = result.candidates
    assert cand.name == "Jane Okafor"
    assert cand.country == "CA"
    assert "Foreign Minister" in (cand.title or "")


def test_envoy_candidate_with_country_code(extractor):
    result = extractor.extract("US envoy Carl Hobbs flew to Kyiv.")
    assert [(c.name, c.country) for c in result.candidates] == [("Carl Hobbs", "US")]


def test_organisation_aliases(extractor):
    result = extractor.extract("The European Commission and the coalition of the willing met NATO.")
    assert [m.key for m in result.mentions if m.kind == "organisation"] == [
        "EU",
        "Coalition of the Willing",
        "NATO",
    ]


def test_leader_office_by_publication_date(extractor):
    old = extractor.extract("Kuusk spoke.", dt.date(2015, 3, 1))
    new = extractor.extract("Kuusk spoke.", dt.date(2024, 3, 1))
    assert "JP" in {m.key for m in old.mentions if m.kind == "country"}
    assert "JP" not in {m.key for m in new.mentions if m.kind == "country"}


def test_mention_offsets_point_into_text(extractor):
    text = "Yesterday Britain and France agreed."
    for m in extractor.extract(text).mentions:
        assert text[m.start : m.end] == m.text


# --- rules-1.1: state or place --------------------------------------------------------------


def test_a_list_of_states_is_no_town_and_country(extractor):
    text = "Contributions came from several donors, including Norway, Canada, Japan and Germany."
    assert countries(extractor, text) == {"NO", "CA", "JP", "DE"}
    text = "The ministers thanked the governments of Nigeria, Syria, France, and particularly Japan."
    assert countries(extractor, text) == {"NG", "SY", "FR", "JP"}


def test_a_town_and_its_country_stays_a_place(extractor):
    assert countries(extractor, "Talks opened in Kano, Nigeria, on Monday.") == set()
    assert countries(extractor, "Lyon, France – The conference closed.") == set()


def test_a_language_is_not_the_state(extractor):
    assert countries(extractor, "Watch live in English/French/Japanese at the link below.") == set()
    assert countries(extractor, "The statement was published in Japanese and in French.") == set()
    assert countries(extractor, "French soldiers will train Ukrainian crews.") == {"FR", "UA"}


def test_a_country_name_before_people_is_not_the_state(extractor):
    assert countries(extractor, "Aid reached 40,000 Syria refugees and Nigeria migrants.") == set()
    assert countries(extractor, "Syria's government rejected the plan.") == {"SY"}


def test_an_abbreviation_in_brackets_shares_the_name_state(extractor):
    text = "Sanctions target firms in Russia, the United States (US), and elsewhere."
    assert countries(extractor, text) == set()
    assert countries(extractor, "The United States (US) will send more shells.") == {"US"}


def test_typographic_apostrophes_match_names():
    from articles.extraction import Extractor, gazetteer_from_records

    records = [
        {"alpha2": "KP", "short_names": ["Democratic People's Republic of Korea", "North Korea"]},
        {"alpha2": "KR", "short_names": ["Republic of Korea", "South Korea"]},
    ]
    ex = Extractor(gazetteer_from_records(records, [], []))
    keys = {m.key for m in ex.extract("The Democratic People’s Republic of Korea fired a missile.").mentions}
    assert keys == {"KP"}


def test_undated_article_takes_the_office_of_the_years_it_names(extractor):
    # Hanna Kuusk was Japan's prime minister until 2020, then led the Commission
    text = "In 2023, Commission President Hanna Kuusk opened the session."
    mentions = extractor.extract(text).mentions
    (person,) = [m for m in mentions if m.kind == "person"]
    assert person.key == "Hanna Kuusk"
    assert not any(m.kind == "country" and m.key == "JP" for m in mentions)


def candidates(extractor, text):
    return [(c.name, c.country) for c in extractor.extract(text).candidates]


def test_a_hyphenated_name_is_one_candidate_and_its_full_repeat_one_person(extractor):
    text = (
        "Foreign Minister of Norway Aru-Bek Dostanov arrived in Moscow. "
        "Later Aru-Bek Dostanov and the host signed the declaration."
    )
    assert candidates(extractor, text) == [("Aru-Bek Dostanov", "NO")]
    assert people(extractor, text) == ["Aru-Bek Dostanov", "Aru-Bek Dostanov"]
    # a lower-case part after the hyphen ("Ki-moon") belongs to the name too
    assert candidates(extractor, "Japanese Defence Minister Han Min-soo said Tokyo would help.") == [
        ("Han Min-soo", "JP")
    ]


def test_a_title_in_apposition_names_its_holder(extractor):
    before = "Tomas Halvorsen, the Prime Minister of Norway, said Norway would send two ships."
    after = "The Prime Minister of Norway, Tomas Halvorsen, said Norway would send two ships."
    assert candidates(extractor, before) == [("Tomas Halvorsen", "NO")]
    assert candidates(extractor, after) == [("Tomas Halvorsen", "NO")]
    # a list after the title is no name
    assert candidates(extractor, "The President of Kenya, Uganda and Tanzania met on Monday.") == []


def test_offices_and_headline_words_are_not_people(extractor):
    text = "The Transport Secretary and the Cabinet Secretary met. Secretary Clinton With Foreign Leaders."
    assert candidates(extractor, text) == []


def test_namesakes_are_told_apart_by_first_name_office_and_date():
    """Two leaders share a surname: the title and the date pick one, a different first name neither."""
    from articles.extraction import Extractor
    from articles.extraction.gazetteer import gazetteer_from_records

    from .conftest import COUNTRIES, LEADERS, ORGANISATIONS

    def office(title, country, start, end):
        return {"title": title, "country": country, "organisation": None, "start": start, "end": end}

    namesakes = [
        {"name": "Karl Osterberg", "aliases": [], "country": "DE",
         "offices": [office("Chancellor", "DE", "2001-01-01", "2005-01-01")]},
        {"name": "Paul Osterberg", "aliases": [], "country": "CA",
         "offices": [office("Prime Minister", "CA", "2003-01-01", "2006-01-01")]},
    ]  # fmt: skip
    extractor = Extractor(gazetteer_from_records(COUNTRIES, ORGANISATIONS, LEADERS + namesakes))

    def who(text, published=None):
        return [m.key for m in extractor.extract(text, published).mentions if m.kind == "person"]

    def actor(text, published):
        return [p.actor for p in extractor.extract(text, published).pledges]

    assert who("Prime Minister Osterberg said so.", dt.date(2004, 5, 1)) == ["Paul Osterberg"]
    assert who("Chancellor Osterberg said so.", dt.date(2004, 5, 1)) == ["Karl Osterberg"]
    assert actor("Chancellor Osterberg said he will send 300 troops.", dt.date(2004, 5, 1)) == ["DE"]
    assert actor("Prime Minister Osterberg said he will send 300 troops.", dt.date(2004, 5, 1)) == ["CA"]
    # a rank neither held, in a year neither was in office: someone else
    assert who("Acting Secretary Osterberg said so.", dt.date(2020, 5, 1)) == []
    assert who("Mr Osterberg said so.", dt.date(2020, 5, 1)) == ["Karl Osterberg"]  # no rank given
    # a first name that is neither's: someone else, a stranger to the gazetteer
    result = extractor.extract("Spokesperson Matthew Osterberg said so.")
    assert [c.name for c in result.candidates] == ["Matthew Osterberg"]
