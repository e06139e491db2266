import datetime as dt

from articles.extraction import EXTRACTOR_VERSION, extract, result_to_schema


def test_schema_shape(extractor, gazetteer):
    text = "President Anna Lindqvist said France will send 400 troops to Ukraine by 2027."
    result = extract(text, gazetteer, dt.date(2025, 2, 3))
    out = result_to_schema(result, title="T", published=dt.date(2025, 2, 3), publisher="P", author="Sam Reed")
    assert set(out) == {"article", "entities", "pledges", "possible_pledges"}
    assert out["article"] == {"title": "T", "published": "2025-02-03", "publisher": "P", "author": "Sam Reed"}
    assert set(out["entities"]) == {"countries", "people", "organizations"}
    assert out["entities"]["countries"] == ["FR", "UA"]
    assert out["entities"]["people"] == ["Anna Lindqvist", "Sam Reed"]
    (p,) = out["pledges"]
    assert set(p) == {
        "actor",
        "actor_person",
        "beneficiary",
        "category",
        "quote",
        "amount",
        "conditions",
        "rule",
        "confidence",
    }
    assert p["rule"] and 0 < p["confidence"] <= 1
    assert p["amount"] == {"value": 400, "unit": "troops", "approximate": False}
    assert p["conditions"] == [{"kind": "timing", "text": "by 2027"}]
    assert EXTRACTOR_VERSION.startswith("rules-")


def test_schema_without_pledges(gazetteer):
    out = result_to_schema(
        extract("Nothing happened.", gazetteer), title=None, published=None, publisher=None, author=None
    )
    assert out["pledges"] == [] and out["article"]["published"] is None
