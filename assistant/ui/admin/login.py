"""Who may open the admin page: the password form (throttled per address and in total) or
Streamlit's OIDC login; the rules are in assistant/auth.py."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import streamlit as st

from assistant import auth
from assistant.config import Settings
from assistant.ui.rendering import escape

log = logging.getLogger(__name__)


DISABLED_TEXT = (
    "**Administrationen är avstängd**, eftersom inget administratörslösenord är angivet.\n\n"
    "Så slår du på den:\n"
    "1. Kör `python -m assistant.auth hash` på servern och skriv ett lösenord (minst "
    f"{auth.MIN_PASSWORD_CHARS} tecken).\n"
    f"2. Sätt miljövariabeln `{auth.PASSWORD_HASH_ENV}` till raden som skrivs ut.\n"
    "3. Starta om appen.\n\n"
    "Med inloggning via organisationens konto (OIDC) i stället: lägg in ett `[auth]`-avsnitt i "
    f"`.streamlit/secrets.toml` och ange administratörernas e-postadresser i "
    f"`{auth.ADMIN_USERS_ENV}`."
)
# Session-state keys. None of them is a widget key, so a browser cannot set them.
LOGIN_KEY = "_admin_login"


@dataclass(frozen=True)
class Identity:
    name: str
    method: str  # "lösenord" | "OIDC"


def login_gate(settings: Settings) -> Identity | None:
    """The admin's identity, or None after rendering the login (or why there is none)."""
    config = auth.AdminConfig.from_settings(settings)
    section = auth.oidc_section(st.secrets)
    if section is not None:
        return _oidc_gate(section, config)
    return _password_gate(config)


def _password_gate(config: auth.AdminConfig) -> Identity | None:
    if not config.password_enabled:
        st.info(DISABLED_TEXT)
        return None
    auth.parse_hash(config.password_hash)  # a broken setting says so instead of refusing all
    state = st.session_state
    tag = auth.fingerprint(config.password_hash)
    if state.get(LOGIN_KEY) == tag:
        return Identity("administratör", "lösenord")
    client = _client_address()
    wait = auth.THROTTLE.remaining(client)
    if wait > 0:
        st.error(f"För många felaktiga lösenord. Vänta {max(1, round(wait / 60))} minut(er) "
                 "och försök sedan igen.")
        return None
    box = st.empty()
    with box.container():
        st.markdown("Sidan är bara för dem som förvaltar kunskapsbasen. Logga in med "
                    "administratörslösenordet.")
        with st.form("admin-login", clear_on_submit=True):
            password = st.text_input("Administratörslösenord", type="password",
                                     max_chars=auth.MAX_PASSWORD_CHARS,
                                     autocomplete="current-password")
            submitted = st.form_submit_button("Logga in")
    if not submitted:
        return None
    if auth.verify_password(password, config.password_hash):
        auth.THROTTLE.success(client)
        state[LOGIN_KEY] = tag
        log.info("admin login with the password")
        box.empty()
        return Identity("administratör", "lösenord")
    time.sleep(auth.FAILURE_DELAY_SECONDS)  # slows guessing; scrypt alone is ~50 ms a try
    left = auth.THROTTLE.failure(client)
    log.warning("admin login: wrong password from %s (%d attempts left)",
                client or auth.UNKNOWN_CLIENT, left)
    st.error("Fel lösenord. " + (f"Du har {left} försök kvar innan inloggningen spärras en "
                                 "stund." if left else "Inloggningen är spärrad i fem minuter."))
    return None


def _client_address() -> str | None:
    """The connection's address, for the login throttle (None for a local connection)."""
    try:
        address = st.context.ip_address
    except Exception:  # no browser connection (e.g. a test harness)
        return None
    return address if isinstance(address, str) and address else None


def _oidc_gate(section: Any, config: auth.AdminConfig) -> Identity | None:
    providers = auth.oidc_providers(section)
    if not providers:
        st.error("Inloggningen via organisationens konto är felaktigt inställd (avsnittet "
                 "[auth] i secrets.toml saknar client_id). Kontakta den som förvaltar tjänsten.")
        return None
    user = dict(st.user.to_dict())
    if not user.get("is_logged_in"):
        st.markdown("Sidan är bara för dem som förvaltar kunskapsbasen. Logga in med ditt "
                    "organisationskonto.")
        for provider in providers:
            label = "Logga in" if provider is None else f"Logga in med {provider}"
            if st.button(label, key=f"admin-login-{provider or 'oidc'}"):
                st.login(provider)
        return None
    decision = auth.authorise_oidc_user(user, config.users)
    if not decision.allowed:
        log.warning("admin page refused for an OIDC user (%s)", decision.who or "no e-mail")
        st.error(decision.message)
        if st.button("Logga ut", key="admin-logout"):
            st.logout()
        return None
    return Identity(decision.who, "OIDC")


def account_bar(identity: Identity) -> None:
    left, right = st.columns([4, 1])
    with left:
        st.caption(f"Inloggad som {escape(identity.name)} (via {identity.method}).")
    with right:
        if st.button("Logga ut", key="admin-logout"):
            st.session_state.pop(LOGIN_KEY, None)
            if identity.method == "OIDC":
                st.logout()
            st.rerun()
