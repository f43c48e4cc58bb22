"""The project's exceptions and warnings: every problem names its file and line and says how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


class PapercatError(Exception):
    """Base of every error papercat raises on purpose; the CLI prints it as one line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class CatalogueError(PapercatError):
    """A paper, tag or topic file is invalid."""


@dataclass(frozen=True)
class Problem:
    """A warning or check finding tied to a file and line; `str()` gives `path:line: message (hint)`."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        loc = f"{self.path}:{self.line}" if self.line else self.path
        hint = f" ({self.hint})" if self.hint else ""
        return f"{loc}: {self.message}{hint}"

    def error(self, hint: str = "") -> CatalogueError:
        """This problem as an error to raise; it keeps its own hint (`hint` only stands in when it has none)."""
        return CatalogueError(self.message, path=self.path, line=self.line or None, hint=self.hint or hint)
