"""Who may open the admin page: a password by default, Streamlit's OIDC login when configured.

Password (default). Only a hash is configured, never the password: `KLIMAT_ADMIN_PASSWORD_HASH`
holds `scrypt$<salt>$<key>` (base64; scrypt with N=2**14, r=8, p=1, a 16-byte salt and a 32-byte
key), made with `python -m assistant.auth hash`. The typed password is hashed the same way and
compared with `hmac.compare_digest`, so the comparison time does not reveal how much matched.
Every wrong password costs a moment's wait. Wrong passwords are counted in the process, not in
the browser session (a new session would otherwise start from zero): `MAX_FAILURES` from one
client address within `FAILURE_WINDOW_SECONDS` lock that address out, and
`MAX_TOTAL_FAILURES` from all addresses together lock out everyone, for `LOCKOUT_SECONDS`;
each lockout is logged. No hash configured means the admin page is disabled.

OIDC. When `.streamlit/secrets.toml` has an `[auth]` section, `st.login` is used instead of the
password. Logging in only says who someone is (authentication); whether they may administer the
knowledge base (authorisation) is decided here: their verified e-mail address must be listed in
`KLIMAT_ADMIN_USERS` (comma separated), and their ID token must not have expired.

This module holds the rules and no page code, so they can be unit-tested without Streamlit.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import hmac
import logging
import re
import secrets
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.errors import UserFacingError

log = logging.getLogger(__name__)

SCHEME = "scrypt"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # ~16 MB and ~50 ms per attempt
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 256  # bounds the hashing work an anonymous visitor can cause

# Throttling of wrong passwords, per process (see LoginThrottle).
FAILURE_DELAY_SECONDS = 1.0
MAX_FAILURES = 5  # from one client address within the window
MAX_TOTAL_FAILURES = 20  # from all addresses together within the window
FAILURE_WINDOW_SECONDS = 900
LOCKOUT_SECONDS = 300
UNKNOWN_CLIENT = "okänd"  # no address (a local connection, a test): all such clients share one

PASSWORD_HASH_ENV = "KLIMAT_ADMIN_PASSWORD_HASH"
ADMIN_USERS_ENV = "KLIMAT_ADMIN_USERS"


class AuthConfigError(UserFacingError):
    """The admin login is configured wrongly; `user_message` says (in Swedish) how to fix it."""


# ---------------------------------------------------------------- password hashing


def _scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                          p=SCRYPT_P, dklen=KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """`scrypt$<salt>$<key>` for the environment variable; a fresh random salt by default."""
    if not password:
        raise ValueError("empty password")
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    return f"{SCHEME}${_b64(salt)}${_b64(_scrypt(password, salt))}"


def parse_hash(stored: str) -> tuple[bytes, bytes]:
    """(salt, key) of a configured hash; AuthConfigError when it is not one we made."""
    parts = (stored or "").strip().split("$")
    problem = ""
    if len(parts) != 3 or parts[0] != SCHEME:
        problem = f"it has {len(parts)} $-separated parts or an unknown scheme"
    else:
        try:
            salt = base64.b64decode(parts[1], validate=True)
            key = base64.b64decode(parts[2], validate=True)
        except (binascii.Error, ValueError) as e:
            problem = f"bad base64: {e}"
        else:
            if len(salt) < 8 or len(key) != KEY_BYTES:
                problem = f"salt of {len(salt)} bytes, key of {len(key)} bytes"
    if problem:
        # The value itself is never logged: it is a secret, if a weak one.
        raise AuthConfigError(
            f"{PASSWORD_HASH_ENV} har fel format. Skapa ett nytt värde med "
            "`python -m assistant.auth hash` och starta om appen.",
            f"{PASSWORD_HASH_ENV} is malformed: {problem}")
    return salt, key


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches the configured hash. Compares in constant time; an over-long
    or empty password is refused without hashing."""
    salt, key = parse_hash(stored)
    if not password or len(password) > MAX_PASSWORD_CHARS:
        return False
    return hmac.compare_digest(_scrypt(password, salt), key)


def fingerprint(stored: str) -> str:
    """A short tag of the configured hash, kept in the session after a login: changing the
    password (the hash) logs out every session that logged in with the old one."""
    return hashlib.sha256(stored.strip().encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- configuration


def parse_users(text: str | Sequence[str] | None) -> frozenset[str]:
    """E-mail addresses from `KLIMAT_ADMIN_USERS`: separated by commas, semicolons or spaces;
    compared case-insensitively."""
    if not text:
        return frozenset()
    items = re.split(r"[,;\s]+", text) if isinstance(text, str) else list(text)
    return frozenset(item.strip().lower() for item in items if item and item.strip())


@dataclass(frozen=True)
class AdminConfig:
    password_hash: str = ""
    users: frozenset[str] = frozenset()

    @property
    def password_enabled(self) -> bool:
        return bool(self.password_hash)

    @classmethod
    def from_settings(cls, settings: Any) -> AdminConfig:
        return cls(settings.admin_password_hash.strip(), parse_users(settings.admin_users))


# ---------------------------------------------------------------- OIDC authorisation


def oidc_section(secrets_mapping: Any) -> Mapping[str, Any] | None:
    """The `[auth]` section of Streamlit's secrets, or None when OIDC is not configured (no
    secrets file at all is the normal case and raises inside Streamlit)."""
    try:
        if "auth" not in secrets_mapping:
            return None
        section = secrets_mapping["auth"]
    except Exception:  # no secrets.toml, or one that does not parse: OIDC is not configured
        log.debug("no [auth] secrets", exc_info=True)
        return None
    return section if isinstance(section, Mapping) and section else None


def oidc_providers(section: Mapping[str, Any]) -> list[str | None]:
    """Arguments for `st.login`: None when `[auth]` itself names the provider (has a
    client_id), else the names of its `[auth.<name>]` sub-sections."""
    if "client_id" in section:
        return [None]
    return sorted(name for name, value in section.items() if isinstance(value, Mapping))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    message: str  # Swedish, shown to the person who tried
    who: str = ""


def authorise_oidc_user(user: Mapping[str, Any], allowed: frozenset[str],
                        now: float | None = None) -> Decision:
    """Whether a logged-in OIDC user (the claims in `st.user`) may administer. Authentication
    alone is not enough: the e-mail must be in the allow-list and, when the provider says
    whether it is verified, verified; an expired ID token counts as logged out."""
    if not user.get("is_logged_in"):
        return Decision(False, "Du är inte inloggad.")
    email = str(user.get("email") or "").strip().lower()
    if not email:
        return Decision(False, "Ditt konto har ingen e-postadress, så behörigheten kan inte "
                               "kontrolleras. Kontakta den som förvaltar tjänsten.")
    if user.get("email_verified") is False:
        return Decision(False, f"E-postadressen {email} är inte verifierad hos "
                               "inloggningstjänsten.", email)
    expires = user.get("exp")
    if isinstance(expires, (int, float)) and expires < (time.time() if now is None else now):
        return Decision(False, "Din inloggning har gått ut. Logga in igen.", email)
    if not allowed:
        return Decision(False, f"Inga administratörer är angivna ({ADMIN_USERS_ENV} är tom), "
                               "så ingen får administrera kunskapsbasen.", email)
    if email not in allowed:
        return Decision(False, f"Du är inloggad som {email}, men kontot har inte behörighet att "
                               "administrera kunskapsbasen.", email)
    return Decision(True, "", email)


# ---------------------------------------------------------------- throttling


class LoginThrottle:
    """Wrong admin passwords counted in the process, so that opening a new browser session
    gives no new tries: per client address and over all addresses, in a sliding window. The
    address comes from the connection (`st.context.ip_address`); it can be shared (a proxy) or
    changed (many hosts), which is what the total count is for. Thread-safe: Streamlit runs
    each session in its own thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._locked_until: dict[str, float] = {}
        self._everyone_locked_until = 0.0

    def remaining(self, client: str | None, now: float | None = None) -> float:
        """Seconds `client` must still wait before it may try a password again."""
        now = time.time() if now is None else now
        with self._lock:
            until = max(self._locked_until.get(_client(client), 0.0),
                        self._everyone_locked_until)
        return max(0.0, until - now)

    def failure(self, client: str | None, now: float | None = None) -> int:
        """Count a wrong password; returns the tries `client` has left before a lockout
        (0: locked out now)."""
        now = time.time() if now is None else now
        client = _client(client)
        with self._lock:
            mine = self._failures.setdefault(client, deque())
            for times in (mine, self._all):
                times.append(now)
                while times and times[0] <= now - FAILURE_WINDOW_SECONDS:
                    times.popleft()
            if len(self._all) >= MAX_TOTAL_FAILURES:
                self._everyone_locked_until = now + LOCKOUT_SECONDS
                self._all.clear()
                log.warning("admin login locked for every address for %d s: %d wrong passwords "
                            "within %d s", LOCKOUT_SECONDS, MAX_TOTAL_FAILURES,
                            FAILURE_WINDOW_SECONDS)
            if len(mine) >= MAX_FAILURES:
                self._locked_until[client] = now + LOCKOUT_SECONDS
                mine.clear()
                log.warning("admin login locked for %s for %d s: %d wrong passwords within %d s",
                            client, LOCKOUT_SECONDS, MAX_FAILURES, FAILURE_WINDOW_SECONDS)
                return 0
            return MAX_FAILURES - len(mine)

    def success(self, client: str | None) -> None:
        with self._lock:
            self._failures.pop(_client(client), None)
            self._locked_until.pop(_client(client), None)

    def reset(self) -> None:
        """Forget everything (tests; a restart does the same)."""
        with self._lock:
            self._failures.clear()
            self._all.clear()
            self._locked_until.clear()
            self._everyone_locked_until = 0.0


def _client(client: str | None) -> str:
    return str(client) if client else UNKNOWN_CLIENT


THROTTLE = LoginThrottle()  # the process's one counter, shared by every browser session


# ---------------------------------------------------------------- command line


def _prompt_hash() -> int:
    print("Skapar ett lösenordshash för administrationssidan.", file=sys.stderr)
    password = getpass.getpass("Nytt administratörslösenord: ")
    if len(password) < MIN_PASSWORD_CHARS:
        print(f"Lösenordet måste ha minst {MIN_PASSWORD_CHARS} tecken.", file=sys.stderr)
        return 1
    if len(password) > MAX_PASSWORD_CHARS:
        print(f"Lösenordet får ha högst {MAX_PASSWORD_CHARS} tecken.", file=sys.stderr)
        return 1
    if getpass.getpass("Upprepa lösenordet: ") != password:
        print("Lösenorden är inte lika.", file=sys.stderr)
        return 1
    value = hash_password(password)
    print(f"Sätt miljövariabeln {PASSWORD_HASH_ENV} till raden nedan (inom enkla citattecken i "
          "ett skal, eftersom värdet innehåller $) och starta om appen:", file=sys.stderr)
    print(value)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args != ["hash"]:
        print("Användning: python -m assistant.auth hash", file=sys.stderr)
        return 2
    return _prompt_hash()


if __name__ == "__main__":
    sys.exit(main())
