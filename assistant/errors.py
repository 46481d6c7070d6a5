"""The one error shape every stage raises for a problem a person can act on.

`user_message` is Swedish and says what to do (shown in the app, the CLI and the admin page);
`detail` is precise, for the log. Nothing else of an error ever reaches a user.
"""

from __future__ import annotations


class UserFacingError(Exception):
    def __init__(self, user_message: str, detail: str = "") -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.detail = detail or user_message


class LoadError(UserFacingError):
    """A file that cannot be read or cannot become a Document: the message names what to do
    with the file, the log line names the file."""

    def __init__(self, path: object, user_message: str, detail: str = "") -> None:
        super().__init__(user_message, detail)
        self.path = str(path)
        self.args = (f"{path}: {self.detail}",)


def utf8_problem(text: str) -> str:
    """"" when `text` is valid Unicode; else where it is not. Python decodes command-line
    arguments and file names that are not UTF-8 into lone surrogates ("\udcff" for the byte
    0xff), which fail later, far from the cause (the embedding model, ChromaDB, JSON)."""
    for position, char in enumerate(text):
        if 0xDC80 <= ord(char) <= 0xDCFF:
            return f"byte 0x{ord(char) - 0xDC00:02x} at position {position} is not UTF-8"
        if 0xD800 <= ord(char) <= 0xDFFF:
            return f"lone surrogate U+{ord(char):04X} at position {position}"
    return ""


def printable(text: str) -> str:
    """`text` with every byte that was not UTF-8 shown as U+FFFD, for messages and reports."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return text.encode("utf-8", "replace").decode("utf-8")
