import datetime as dt

from articles.extraction.dates import announced_on, weekday_on_or_before


def test_weekday_is_the_most_recent_on_or_before_publication():
    wednesday = dt.date(2026, 1, 7)
    assert weekday_on_or_before("Tuesday", wednesday) == dt.date(2026, 1, 6)
    assert weekday_on_or_before("wednesday", wednesday) == wednesday
    assert weekday_on_or_before("Thursday", wednesday) == dt.date(2026, 1, 1)


def test_announced_on_resolves_relative_words():
    published = dt.date(2024, 5, 10)
    assert announced_on("The deal was signed on Monday in Rome.", published) == dt.date(2024, 5, 6)
    assert announced_on("She announced it yesterday.", published) == dt.date(2024, 5, 9)
    assert announced_on("Ministers met on 3 May to agree.", published) == dt.date(2024, 5, 3)
    assert announced_on("A plain sentence.", published) == published
    assert announced_on("They met on Monday.", None) is None
