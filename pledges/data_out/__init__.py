"""Data out of the domain: money totals, CSV/XLSX/JSON exports, the Atom feed and the JSON API.

All of them list pledges through `PledgeFilterSet` (pledges/filtersets.py), so a permalink, an
export, a feed and an API call with the same parameters hold the same pledges.
"""
