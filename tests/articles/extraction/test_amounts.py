import pytest

from articles.extraction.amounts import find_amounts


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("a grant of $1.5bn for schools", 1.5e9, "USD", False),
        ("some €50 billion over time", 50e9, "EUR", True),
        ("a further £3 billion", 3e9, "GBP", False),
        ("pledged US$ 524 million", 524e6, "USD", False),
        ("a sum of EUR 1.2 million", 1.2e6, "EUR", False),
        ("up to £300 million", 300e6, "GBP", False),
        ("nearly $75 million", 75e6, "USD", True),
        ("more than $212 million", 212e6, "USD", True),
        ("£20m in food aid", 20e6, "GBP", False),
        ("£ 10 million extra", 10e6, "GBP", False),
        ("2 billion 400 million euros", 2.4e9, "EUR", False),
        ("a 5,000-ruble allowance", 5000, "RUB", False),
        ("six billion dollars", None, None, None),
        ("7 billion dollars in loans", 7e9, "USD", False),
        ("several thousand German soldiers", 3000, "troops", True),
        ("a few hundred troops", 300, "troops", True),
        ("1,200 troops", 1200, "troops", False),
        ("2% of GDP on defence", 2, "percent_gdp", False),
        ("three percent of gross domestic product", 3, "percent_gdp", False),
        ("almost 4 million people", 4e6, "people", True),
    ],
)
def test_amount_forms(text, value, unit, approx):
    found = find_amounts(text)
    if value is None:
        assert found == []
        return
    assert found, text
    a = found[0]
    assert a.unit == unit
    assert a.value == pytest.approx(value)
    assert a.approximate is approx


def test_bare_scale_takes_the_currency_of_the_context():
    found = find_amounts("the fund will reach 8.5 billion by then", "EUR")
    assert (found[0].value, found[0].unit) == (8.5e9, "EUR")
    assert find_amounts("the fund will reach 8.5 billion by then") == []
