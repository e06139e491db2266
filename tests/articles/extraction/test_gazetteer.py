from articles.extraction import gazetteer_from_records


def test_records_become_entries():
    g = gazetteer_from_records(
        [
            {
                "alpha2": "kr",
                "names": ["Korea, Republic of"],
                "short_names": ["South Korea"],
                "demonyms": ["Korean"],
                "capital": "Seoul",
                "capital_aliases": ["Seoul City"],
            }
        ],
        [
            {
                "slug": "g7",
                "name": "G7",
                "full_name": "Group of Seven",
                "kind": "bloc",
                "aliases": ["G-7"],
                "members": [
                    {"country": "JP", "joined": None, "left": None},
                    {"country": "RU", "joined": None, "left": "2014-03-24"},
                ],
            }
        ],
        [
            {
                "name": "Ana Ruiz",
                "aliases": ["Ruiz"],
                "country": None,
                "offices": [
                    {
                        "title": "Secretary General",
                        "country": None,
                        "organisation": "g7",
                        "start": "2020-01-01",
                        "end": None,
                    }
                ],
            }
        ],
    )
    (c,) = g.countries
    assert c.code == "KR" and c.name == "Republic of Korea" and "South Korea" in c.names
    assert c.capitals == ("Seoul", "Seoul City")
    (o,) = g.organisations
    assert o.key == "G7" and o.members == ("JP",) and "Group of Seven" in o.names
    (leader,) = g.leaders
    assert leader.organisation == "G7" and leader.country is None and leader.offices[0].organisation == "G7"
