"""Word lists shared by the rules. Kept apart so that tuning the vocabulary never touches logic."""

from __future__ import annotations

# Lowercase words that may sit inside a capitalised name ("Bosnia and Herzegovina").
NAME_PARTICLES = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "de",
        "der",
        "den",
        "von",
        "van",
        "bin",
        "binti",
        "al",
        "el",
        "la",
        "le",
        "du",
        "da",
        "dos",
        "das",
        "on",
        "to",
        "in",
        "y",
    ]
)

# Prepositions that make a place of the following country or capital ("a summit in Paris").
LOCATIVE_PREPS = frozenset(
    [
        "in",
        "inside",
        "at",
        "near",
        "across",
        "throughout",
        "around",
        "outside",
        "within",
        "into",
        "via",
        "through",
        "toward",
        "towards",
    ]
)
# Tokens before a capital that make it a place rather than a government.
CAPITAL_PLACE_PREV = LOCATIVE_PREPS | frozenset(
    [
        "to",
        "from",
        "of",
        "capital",
        "city",
        "visit",
        "visited",
        "visiting",
        "visits",
        "reached",
        "arrived",
        "left",
        "leave",
        "between",
    ]
)

# Words after a place name that turn it into a feature or a treaty, not a state.
GEO_FEATURE_NEXT = frozenset(
    [
        "basin",
        "river",
        "sea",
        "gulf",
        "peninsula",
        "valley",
        "delta",
        "lake",
        "strait",
        "straits",
        "canal",
        "mountains",
        "mountain",
        "highlands",
        "desert",
        "coast",
        "island",
        "islands",
        "region",
        "agreement",
        "accords",
        "accord",
        "treaty",
        "summit",
        "conference",
        "declaration",
        "process",
        "principles",
        "format",
        "protocol",
        "convention",
        "communique",
    ]
)

# Nouns after a demonym that designate people, not the state ("Syrian refugees").
PEOPLE_NOUNS = frozenset(
    [
        "refugees",
        "refugee",
        "people",
        "families",
        "family",
        "children",
        "civilians",
        "citizens",
        "citizen",
        "community",
        "communities",
        "population",
        "populations",
        "diaspora",
        "migrants",
        "students",
        "workers",
        "nationals",
        "public",
        "society",
        "language",
        "languages",
        "media",
        "journalists",
        "voters",
        "households",
        "patients",
    ]
)

# Compass words that turn a demonym into a region ("North American members").
REGION_PREFIXES = frozenset(
    ["north", "south", "east", "west", "central", "latin", "northern", "southern", "eastern", "western"]
)

# Nouns that name an unnamed group of states: "26 countries pledged", "Key European allies".
GROUP_NOUNS = frozenset(
    [
        "countries",
        "states",
        "nations",
        "allies",
        "partners",
        "members",
        "leaders",
        "governments",
        "donors",
        "participants",
        "signatories",
        "coalition",
        "alliance",
    ]
)

# Heads of capitalised phrases that name an organisation not in the gazetteer, with the kind an editor
# is offered first when such a phrase is proposed as a new organisation: a "Contact Group" or a
# "Partnership" gathers states for a purpose; a "Fund", "Bank" or "Facility" is an institution.
ORG_HEAD_KINDS = {
    "fund": "international_organisation",
    "group": "ad_hoc_coalition",
    "partnership": "ad_hoc_coalition",
    "programme": "international_organisation",
    "program": "international_organisation",
    "facility": "international_organisation",
    "bank": "international_organisation",
}
ORG_HEADS = frozenset(ORG_HEAD_KINDS)
# A compass point before a head word names a place ("West Bank"), not an organisation.
COMPASS_POINTS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western"})

# Speech verbs used for attribution ("…,” he said").
SPEECH_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "added",
        "adds",
        "stressed",
        "stresses",
        "emphasised",
        "emphasized",
        "emphasizing",
        "emphasising",
        "noted",
        "notes",
        "told",
        "tells",
        "announced",
        "announces",
        "stated",
        "states",
        "declared",
        "declares",
        "insisted",
        "insists",
        "warned",
        "warns",
        "explained",
        "explains",
        "confirmed",
        "confirms",
        "underlined",
        "underscored",
        "highlighted",
        "remarked",
        "wrote",
        "writes",
        "according",
    ]
)

# Title words that introduce a person ("US envoy Steve Witkoff").
TITLE_HEADS = frozenset(
    [
        "president",
        "prime",
        "minister",
        "chancellor",
        "secretary",
        "envoy",
        "ambassador",
        "commissioner",
        "secretary-general",
        "emir",
        "king",
        "queen",
        "prince",
        "premier",
        "governor",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "administrator",
        "adviser",
        "advisor",
        "senator",
        "representative",
        "parliamentarian",
        "mp",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "director",
        "chief",
        "commander",
        "general",
        "admiral",
        "sheikh",
        "chairman",
        "chair",
        "head",
        "vice-president",
        "executive-vice-president",
    ]
)
TITLE_MODIFIERS = frozenset(
    [
        "deputy",
        "acting",
        "foreign",
        "defence",
        "defense",
        "interior",
        "finance",
        "special",
        "presidential",
        "vice",
        "executive",
        "high",
        "first",
        "national",
        "security",
        "state",
        "international",
        "development",
        "federal",
        "european",
        "prime",
        "senior",
        "chief",
        "press",
        "minister",
        "secretary",
        "of",
        "for",
        "the",
        "affairs",
        "trade",
        "health",
        "climate",
        "economy",
        "humanitarian",
        "aid",
        "crisis",
        "management",
        "general",
    ]
)
# Domains that may follow a title head: "Secretary of State John Kerry".
OFFICE_DOMAINS = frozenset(
    [
        "state",
        "defense",
        "defence",
        "treasury",
        "foreign",
        "affairs",
        "finance",
        "interior",
        "home",
        "trade",
        "energy",
        "health",
        "economy",
        "international",
        "development",
    ]
)
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)

# A continent named as the subject of a commitment stands for its bloc ("Europe will continue to train…").
CONTINENT_BLOCS = {"europe": "EU", "africa": "African Union"}

# Determiners and possessives before a noun use of "pledge", "promise", "vow".
NOUN_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "our",
        "its",
        "their",
        "his",
        "her",
        "my",
        "your",
        "new",
        "further",
        "additional",
        "initial",
        "matching",
        "historic",
        "major",
        "first",
        "largest",
        "biggest",
        "latest",
        "total",
        "such",
    ]
)
# Words that may stand between a subject and its verb ("the UK has also", "leaders today").
SUBJECT_GLUE = frozenset(
    [
        "the",
        "both",
        "and",
        ",",
        "&",
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "could",
        "also",
        "already",
        "now",
        "jointly",
        "today",
        "yesterday",
        "together",
        "each",
        "all",
        "'s",
        "’s",
        "“",
        "”",
        '"',
        "'",
        "–",
        "—",
    ]
)
# Quantifiers that make a group generic ("other donors", "all partners").
GENERIC_GROUP = frozenset(["other", "all", "many", "some", "more", "any", "most", "several"])
