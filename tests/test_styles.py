"""The style sheets: every custom property a rule uses is defined, so no spacing or colour
silently falls back to nothing (a `var(--space-5)` where the scale skips 5 left My sessions'
parts touching one another)."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "static" / "css"
USED = re.compile(r"var\(\s*(--[\w-]+)")
DEFINED = re.compile(r"(--[\w-]+)\s*:")


def _defined() -> set[str]:
    return {name for sheet in CSS.glob("*.css") for name in DEFINED.findall(sheet.read_text())}


@pytest.mark.parametrize("sheet", sorted(CSS.glob("*.css")), ids=lambda p: p.name)
def test_every_custom_property_used_is_defined(sheet):
    undefined = sorted(set(USED.findall(sheet.read_text())) - _defined())
    assert undefined == [], f"{sheet.name} uses {undefined}"
