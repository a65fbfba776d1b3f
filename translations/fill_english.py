"""Fill the English catalogue: our message ids are English, so a new id is its own translation.

Run by `make i18n-update` after merging; nb and nn are translated by people.
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po

from translations import DIRECTORY


def fill_english() -> int:
    path = DIRECTORY / "en" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    filled = 0
    for message in catalogue:
        if not message.id:
            continue
        if message.pluralizable:
            if not all(message.string):
                message.string = (message.id[0], message.id[1])
                filled += 1
        elif not message.string or message.fuzzy:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalogue, omit_header=False, sort_output=False, width=100)
    return filled


if __name__ == "__main__":
    print(f"en: filled {fill_english()} messages", file=sys.stderr)
