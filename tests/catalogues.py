"""Reading gettext catalogues (.po) for the tests that keep the four languages complete.

Only what makemessages writes: `#, fuzzy` flags, msgctxt, msgid, msgid_plural and msgstr or
msgstr[n], each a run of quoted lines. Unknown lines stop the reading with the line number."""

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    context: str | None = None
    plural: str | None = None
    strings: dict[int, str] = field(default_factory=dict)  # 0 for a plain msgstr
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.strings) and all(self.strings.values())


def read_catalogue(path: Path) -> list[Entry]:
    """The entries of `path` without its header (the entry whose msgid is empty)."""
    entries, entry, target = [], Entry(), None
    lines = path.read_text(encoding="utf-8").splitlines()

    def finish():
        nonlocal entry
        if entry.msgid or entry.strings:
            entries.append(entry)
        entry = Entry()

    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        if text.startswith("#"):
            if text.startswith("#,") and "fuzzy" in text:
                if entry.strings:
                    finish()
                entry.fuzzy = True
            continue
        keyword, _, rest = text.partition(" ")
        if text.startswith('"'):
            keyword, rest = None, text
        elif keyword in ("msgctxt", "msgid") and entry.strings:
            finish()
        value = ast.literal_eval(rest) if rest.startswith('"') else None
        if value is None:
            raise ValueError(f"{path}:{number}: cannot read {line!r}")
        if keyword is None:
            target(value, append=True)
            continue
        target = _setter(entry, keyword, path, number)
        target(value, append=False)
    finish()
    return [e for e in entries if e.msgid]


def _setter(entry: Entry, keyword: str, path: Path, number: int):
    def set_value(value: str, *, append: bool) -> None:
        if keyword == "msgctxt":
            entry.context = (entry.context or "") + value if append else value
        elif keyword == "msgid":
            entry.msgid = entry.msgid + value if append else value
        elif keyword == "msgid_plural":
            entry.plural = (entry.plural or "") + value if append else value
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            index = int(keyword[7:-1]) if keyword != "msgstr" else 0
            entry.strings[index] = entry.strings.get(index, "") + value if append else value
        else:
            raise ValueError(f"{path}:{number}: unknown keyword {keyword!r}")

    return set_value
