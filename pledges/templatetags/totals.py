"""Small filters for the totals: a dict entry by key, money as a whole number with separators, and a
share of GDP as a percentage."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: dict, key: str) -> Any:
    """`mapping[key]` in a template, where `.` cannot take a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def money(value: Decimal | int | None) -> str:
    """1234567.89 → "1,234,568": totals are read at a glance, the CSV has the cents."""
    if value is None:
        return "—"
    return f"{Decimal(value):,.0f}"


@register.filter
def percent3(value: Decimal | None) -> str:
    """A share of GDP as "0.123 %": small shares need the decimals; nothing is "—"."""
    if value is None:
        return "—"
    return f"{Decimal(value):,.3f} %"
