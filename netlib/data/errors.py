"""The project's error and warning types.

Every loader raises :class:`DataError` (a :class:`ValueError`) for bad input. Its message
names the file, the line (1-based, as an editor shows it; line 1 is the header), the
column, the bad value and what was expected, so a user can fix the file without reading
code.
"""

from __future__ import annotations

import unicodedata


def _suspicious(ch: str) -> bool:
    """Invisible, combining, control, odd-space or compatibility characters (look-alikes)."""
    if ch.isascii():
        return not ch.isprintable()
    cat = unicodedata.category(ch)
    if cat[0] in "MC" or cat == "Nd" or (cat[0] == "Z" and ch != " "):
        return True
    if unicodedata.normalize("NFKC", ch) != ch:  # full-width digits, ligatures, …
        return True
    name = unicodedata.name(ch, "")
    return name.startswith(("CYRILLIC", "GREEK"))  # letters that look Latin


def show_value(value: object) -> str:
    """``repr`` of a bad value, plus the code points of characters a reader cannot see or
    tell apart (e.g. ``'Ka\u0308rnten'`` shows its combining diaeresis U+0308)."""
    text = repr(value)
    if isinstance(value, str):
        odd = [(i, ch) for i, ch in enumerate(value) if _suspicious(ch)]
        if odd:
            shown = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')} at {i + 1}"
                              for i, ch in odd[:8])
            more = f" and {len(odd) - 8} more" if len(odd) > 8 else ""
            text += f" (contains {shown}{more})"
    return text


class DataError(ValueError):
    """Bad or missing input data.

    Attributes hold the parts of the message so that callers and tests can inspect them:
    ``file``, ``line``, ``column``, ``value``, ``expected`` and ``problem``.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.expected = expected
        self.hint = hint
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        head = ", ".join(where)
        parts = [f"{head}: {self.problem}" if head else self.problem]
        if self.value is not None:
            parts.append(f"got {show_value(self.value)}")
        if self.expected is not None:
            parts.append(f"expected {self.expected}")
        msg = "; ".join(parts)
        if self.hint:
            msg += f"\n  {self.hint}"
        return msg


class RejectedRowsWarning(UserWarning):
    """Rows were not kept by a non-strict loader; they are in ``df.attrs['rejected']``."""
