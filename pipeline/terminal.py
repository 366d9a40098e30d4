"""Printing untrusted text: what a PDF or a file name holds must never drive the terminal.

Document text can carry ESC sequences (clear the screen, set the title, OSC 8 hyperlinks), other control
characters, bidi overrides that reorder what is shown, and strings that look like rich markup ("[/]",
"[link=...]"). Everything the CLI prints goes through `printable` (or `plain` for rich), never through
markup parsing, so it is shown literally.
"""
from __future__ import annotations

import re

import click
from rich.text import Text

# C0 controls except tab and newline, DEL, C1 controls (CSI 0x9b and OSC 0x9d among them), and the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _placeholder(match: re.Match) -> str:
    code = ord(match.group())
    # A C0 control is shown as its Unicode control picture (ESC as U+241B); the others as a four-digit
    # \u escape (U+202E as \u202e), which keeps JSON output valid (JSON escapes C0 controls itself).
    return chr(0x2400 + code) if code < 0x20 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` as a string that is safe to print: every control character and bidi override replaced by a
    visible placeholder; tab and newline kept."""
    return UNSAFE.sub(_placeholder, str(text))


def plain(text: object, style: str = "") -> Text:
    """A rich Text of `text` made printable; rich never reads it as markup."""
    return Text(printable(text), style=style)


def echo(message: object = "", err: bool = False) -> None:
    """click.echo of a printable copy of `message`."""
    click.echo(printable(message), err=err)


class Failure(click.ClickException):
    """A one-line error for the user (exit 1), printed with its untrusted parts made printable."""

    def format_message(self) -> str:
        return printable(self.message)
