"""The project's error and warning types.

Every loader raises :class:`DataError` (a :class:`ValueError`) for bad input. Its message
names the file, the line (1-based, as an editor shows it; line 1 is the header), the
column, the bad value and what was expected, so a user can fix the file without reading
code.
"""

from __future__ import annotations


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
            parts.append(f"got {self.value!r}")
        if self.expected is not None:
            parts.append(f"expected {self.expected}")
        msg = "; ".join(parts)
        if self.hint:
            msg += f"\n  {self.hint}"
        return msg


class RejectedRowsWarning(UserWarning):
    """Rows were not kept by a non-strict loader; they are in ``df.attrs['rejected']``."""
