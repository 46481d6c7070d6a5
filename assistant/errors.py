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
