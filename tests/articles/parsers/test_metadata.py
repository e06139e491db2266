"""extract_metadata: what a news text says about itself, and nothing it does not say."""

from __future__ import annotations

import datetime

import pytest

from articles.parsers import extract_metadata

BODY = "Officials from several countries met on Tuesday and agreed to keep talking about the proposal.\n"


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


# ------------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Published: Jan 7, 2026", d(2026, 1, 7)),
        ("date 2026-01-07", d(2026, 1, 7)),
        ("7 January 2026", d(2026, 1, 7)),
        ("January 7, 2026", d(2026, 1, 7)),
        ("Posted on 2024-03-05", d(2024, 3, 5)),
        ("2024-03-05T10:15:00Z", d(2024, 3, 5)),
        ("Release date: 3 April 2025", d(2025, 4, 3)),
        ("Press Release | Feb. 3, 2024", d(2024, 2, 3)),
        ("FOR IMMEDIATE RELEASE\nMay 3, 2024", d(2024, 5, 3)),
        ("FOR IMMEDIATE RELEASE: Sept. 14, 2023", d(2023, 9, 14)),
        ("23 February 2024 - 15:57", d(2024, 2, 23)),
        ("June 9, 2023 | By Joseph Carter, Defense Wire", d(2023, 6, 9)),
        ("Tuesday, 7th January 2026", d(2026, 1, 7)),
        ("Published on: 25/03/2024", d(2024, 3, 25)),
        ("Dated 05.03.2024", d(2024, 3, 5)),
        ("Press release3 November 20211 min read", d(2021, 11, 3)),
        ("Fact Sheet: Support for Partners in the Region [February 2, 2022]", d(2022, 2, 2)),
    ],
)
def test_publication_date_formats(header: str, expected: datetime.date) -> None:
    assert extract_metadata(f"{header}\n\n{BODY}").published == expected


def test_published_is_preferred_over_updated() -> None:
    text = f"Updated: 10 May 2024\nPublished: 9 May 2024\n{BODY}"
    assert extract_metadata(text).published == d(2024, 5, 9)


def test_updated_is_used_when_nothing_else_is_stated() -> None:
    assert extract_metadata(f"Last updated 10 May 2024\n{BODY}").published == d(2024, 5, 10)


def test_city_dateline_beats_a_site_wide_date_widget() -> None:
    text = f"Mon. Nov 25th, 2024\n\nBrussels, 8 March 2024\n\nDear colleagues,\n{BODY}"
    assert extract_metadata(text).published == d(2024, 3, 8)


def test_wire_dateline_takes_its_year_from_elsewhere_in_the_text() -> None:
    text = "KYIV, Feb 24 (Reuters) - Officials said talks would resume.\n" + BODY
    text += "The previous round ended on 30 January 2025 without agreement.\n"
    assert extract_metadata(text).published == d(2025, 2, 24)


def test_wire_dateline_without_any_year_stays_unknown() -> None:
    text = "KYIV, Feb 24 (Reuters) - Officials said talks would resume.\n" + BODY
    assert extract_metadata(text).published is None


def test_published_line_deep_in_the_text_still_counts() -> None:
    text = BODY * 40 + "Published: 2 June 2025\n"
    assert extract_metadata(text).published == d(2025, 6, 2)


def test_dates_inside_sentences_are_not_publication_dates() -> None:
    text = (
        "Leaders met in Wales on Friday (5 September 2014) and agreed to raise budgets.\n"
        "A letter of intent was signed on 6 January 2026 by three leaders.\n"
    )
    assert extract_metadata(text).published is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("PM meeting with the Prime Minister of Norway: 8 June 2023\n\n", d(2023, 6, 8)),
        ("Speech by the President at the 6th Summit, 17 February 2022\n\n", d(2022, 2, 17)),
        ("Remarks by the High Representative on the Council on 15 December 2014\n\n", d(2014, 12, 15)),
        (
            "Aid for the floods\n\nThe press release issued by the Foreign Office on 2 December 2023.\n\n",
            d(2023, 12, 2),
        ),
    ],
)
def test_a_title_ending_on_its_date_or_an_issued_by_line_dates_the_text(
    header: str, expected: datetime.date
) -> None:
    assert extract_metadata(header + BODY).published == expected


def test_a_first_paragraph_ending_on_a_date_is_no_title() -> None:
    text = (
        "A letter of intent was signed in Paris by the leaders of three states on 6 January 2026.\n\n" + BODY
    )
    assert extract_metadata(text).published is None


def test_event_dates_in_labels_and_lists_are_not_publication_dates() -> None:
    text = (
        "Summit of the northern partners\n"
        "- Date: 16 July 2018\n"
        "- Venue: City hall\n"
        "WHEN: Monday, 19 June 2023, from 15:00\n" + BODY
    )
    assert extract_metadata(text).published is None


def test_dates_after_the_header_are_ignored_without_a_published_label() -> None:
    text = BODY * 30 + "March 3, 2021\n"
    assert extract_metadata(text).published is None


def test_ambiguous_numeric_date_stays_unknown() -> None:
    assert extract_metadata(f"Published: 05/03/2024\n{BODY}").published is None


def test_impossible_dates_are_rejected() -> None:
    assert extract_metadata(f"Published: 31 February 2024\n{BODY}").published is None


# ------------------------------------------------------------------------------------------ title


def test_first_headline_line_is_the_title() -> None:
    text = "Nordic states promise winter fuel for Moldova\n" + BODY
    assert extract_metadata(text).title == "Nordic states promise winter fuel for Moldova"


def test_menu_and_banner_lines_are_skipped() -> None:
    text = (
        "Skip to main content\nMenu\nSearch\nAn official website of the United States government\n"
        "Here's how you know\n\nTreasury Announces New Support for Grid Repairs\n\n" + BODY
    )
    assert extract_metadata(text).title == "Treasury Announces New Support for Grid Repairs"


def test_site_name_above_headline_is_masthead_not_title() -> None:
    text = (
        "Ministry of Foreign Affairs\n\nMinister signs memorandum on grain corridor with partners\n\n" + BODY
    )
    found = extract_metadata(text)
    assert found.title == "Minister signs memorandum on grain corridor with partners"
    assert found.publisher == "Ministry of Foreign Affairs"


def test_wiki_style_heading_is_the_title() -> None:
    assert extract_metadata("= Northern Shield exercise =\n\n" + BODY).title == "Northern Shield exercise"


def test_text_starting_with_a_sentence_has_no_title() -> None:
    assert extract_metadata(BODY + "Security Guarantees for Partners\n" + BODY).title is None


def test_bullets_and_short_labels_are_not_titles() -> None:
    text = "- UK package of £20 million will help feed families\n- Further support announced\n" + BODY
    assert extract_metadata(text).title is None
    assert extract_metadata("Qatar\n\n" + BODY).title is None


def test_title_keeps_language_tags_but_drops_date_annotations() -> None:
    text = "Media Advisory: Pledging Event for the Region [EN/AR]\n\n" + BODY
    assert extract_metadata(text).title == "Media Advisory: Pledging Event for the Region [EN/AR]"
    text = "Fact Sheet: Posture Changes in Europe [February 2, 2022]   [open pdf - 164KB]\n\n" + BODY
    assert extract_metadata(text).title == "Fact Sheet: Posture Changes in Europe"


# ---------------------------------------------------------------------------------------- author


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ceasefire talks resume in Geneva\nBy Jane Doe\n" + BODY, "Jane Doe"),
        ("BY MARIA LOPEZ GARCIA\n" + BODY, "Maria Lopez Garcia"),
        ("June 9, 2023 | By Joseph Carter , Defense Wire\n" + BODY, "Joseph Carter"),
        (BODY + "Reporting by David Okoro, News Writer in Lagos, Nigeria.\n", "David Okoro"),
        (BODY + "Reporting by Anna Lind; Editing by Mark Hale\n", "Anna Lind"),
        ("Written by Claire Dubois\n" + BODY, "Claire Dubois"),
        ("Author: Pieter van der Berg\n" + BODY, "Pieter van der Berg"),
        ("Statement by National Security Advisor Susan E. Rice on the Fund Pledge\n" + BODY, "Susan Rice"),
        (
            "Remarks by Ambassador Linda Okafor-Reed Announcing New Aid at a Pledging Event\n" + BODY,
            "Linda Okafor-Reed",
        ),
        ("Readout\n\nThe below is attributable to Spokesperson Mark Fielding:\n" + BODY, "Mark Fielding"),
        ("Press Statement\nMatthew Rowe, Department Spokesperson\n" + BODY, "Matthew Rowe"),
    ],
)
def test_bylines(text: str, expected: str) -> None:
    assert extract_metadata(text).author == expected


@pytest.mark.parametrize(
    "text",
    [
        "By Government of United Kingdom\n" + BODY,
        "By The Associated Press\n" + BODY,
        "By Tuesday, ministers hope to have a draft.\n" + BODY,
        "By contrast, the eastern states want faster deliveries.\n" + BODY,
        "Posted on 2024-03-05 by admin\n" + BODY,
        "Remarks by the President at the Summit\n" + BODY,
        BODY,
    ],
)
def test_organisations_and_non_names_are_not_authors(text: str) -> None:
    assert extract_metadata(text).author is None


def test_organisation_byline_becomes_publisher() -> None:
    found = extract_metadata(
        "Aid reaches quake survivors in the north\n\nBy Government of United Kingdom\n" + BODY
    )
    assert found.publisher == "Government of United Kingdom"
    assert found.author is None


# ------------------------------------------------------------------------------------- publisher


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BODY + "© 2025 Naija247news Media Group LLC. All rights reserved.\n", "Naija247news"),
        (
            BODY + "Copyright © 2024 Prague Daily Monitor s.r.o. All rights reserved.\n",
            "Prague Daily Monitor",
        ),
        (BODY + "(c) 2023 Harbour Times Ltd\n", "Harbour Times"),
        (
            "Official website of the President of Ruritania\n\nPresident signs decree on aid\n" + BODY,
            "President of Ruritania",
        ),
        (
            BODY + "Retrieved From:\nUnited States Department of Defense: https://www.defense.gov/\n",
            "U.S. Department of Defense",
        ),
        ("June 9, 2023 | By Joseph Carter , DOD News\n" + BODY, "DOD News"),
        (
            "The White House\nOffice of the Press Secretary\nFor Immediate Release\n\n"
            "Statement on the Fund Pledge by the Press Secretary\n" + BODY,
            "The White House",
        ),
    ],
)
def test_publisher_sources(text: str, expected: str) -> None:
    assert extract_metadata(text).publisher == expected


def test_crown_copyright_is_not_a_publisher() -> None:
    assert extract_metadata(BODY + "© Crown copyright\n").publisher is None


# ------------------------------------------------------------------------------ credibility, url


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Journalist Credibility: 85%", 0.85),
        ("Credibility: 0.85", 0.85),
        ("Credibility score: 7/10", 0.7),
        ("Credibility rating 72", 0.72),
    ],
)
def test_credibility(line: str, expected: float) -> None:
    assert extract_metadata(f"{line}\n{BODY}").credibility == pytest.approx(expected)


def test_source_url_from_a_labelled_line() -> None:
    text = BODY + "Source: https://news.example.org/world/2025/talks-resume.\n"
    assert extract_metadata(text).source_url == "https://news.example.org/world/2025/talks-resume"


def test_unknown_fields_stay_none() -> None:
    found = extract_metadata(BODY * 3)
    assert (
        found.title,
        found.published,
        found.publisher,
        found.author,
        found.credibility,
        found.source_url,
    ) == (
        None,
        None,
        None,
        None,
        None,
        None,
    )
