"""Admin authentication and authorisation rules (assistant.auth), without Streamlit."""

from __future__ import annotations

import hmac

import pytest

from assistant import auth
from assistant.config import get_settings

PASSWORD = "korrekt häst batteri häftstift"


@pytest.fixture(scope="module")
def stored() -> str:
    return auth.hash_password(PASSWORD)


def test_hash_and_verify_round_trip(stored: str) -> None:
    assert stored.startswith("scrypt$") and stored.count("$") == 2
    assert PASSWORD not in stored
    assert auth.verify_password(PASSWORD, stored)
    assert not auth.verify_password(PASSWORD + " ", stored)
    assert not auth.verify_password("", stored)
    assert not auth.verify_password("x" * (auth.MAX_PASSWORD_CHARS + 1), stored)


def test_each_hash_has_its_own_salt(stored: str) -> None:
    again = auth.hash_password(PASSWORD)
    assert again != stored and auth.verify_password(PASSWORD, again)
    salt = b"0123456789abcdef"
    assert auth.hash_password(PASSWORD, salt) == auth.hash_password(PASSWORD, salt)


def test_comparison_is_constant_time(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.verify_password(PASSWORD, stored)
    assert not auth.verify_password("fel lösenord", stored)
    assert len(calls) == 2 and all(len(a) == len(b) == auth.KEY_BYTES for a, b in calls)


@pytest.mark.parametrize("bad", ["", "plaintext", "scrypt$abc", "bcrypt$AAAA$BBBB",
                                 "scrypt$!!!$???", "scrypt$AAAAAAAAAAAA$AAAA"])
def test_malformed_hash_is_a_configuration_error(bad: str) -> None:
    with pytest.raises(auth.AuthConfigError) as info:
        auth.verify_password(PASSWORD, bad)
    assert auth.PASSWORD_HASH_ENV in info.value.user_message
    if bad:
        assert bad not in info.value.detail  # the configured value is never echoed


def test_disabled_when_no_hash_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(auth.PASSWORD_HASH_ENV, raising=False)
    monkeypatch.delenv(auth.ADMIN_USERS_ENV, raising=False)
    config = auth.AdminConfig.from_settings(get_settings())
    assert not config.password_enabled and config.users == frozenset()


def test_configuration_from_the_environment(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(auth.PASSWORD_HASH_ENV, f"  {stored}\n")
    monkeypatch.setenv(auth.ADMIN_USERS_ENV, "Anna.Admin@regionstockholm.se; bo@example.se")
    config = auth.AdminConfig.from_settings(get_settings())
    assert config.password_enabled and auth.verify_password(PASSWORD, config.password_hash)
    assert config.users == {"anna.admin@regionstockholm.se", "bo@example.se"}


def test_fingerprint_changes_with_the_hash(stored: str) -> None:
    assert auth.fingerprint(stored) == auth.fingerprint(stored + "\n")
    assert auth.fingerprint(stored) != auth.fingerprint(auth.hash_password(PASSWORD))


# ---------------------------------------------------------------- OIDC

ALLOWED = auth.parse_users("anna.admin@regionstockholm.se")


def test_oidc_user_on_the_allow_list_is_authorised() -> None:
    user = {"is_logged_in": True, "email": "Anna.Admin@RegionStockholm.se",
            "email_verified": True, "exp": 2_000_000_000}
    decision = auth.authorise_oidc_user(user, ALLOWED, now=1_900_000_000)
    assert decision.allowed and decision.who == "anna.admin@regionstockholm.se"


@pytest.mark.parametrize("user, words", [
    ({"is_logged_in": True, "email": "someone@regionstockholm.se"}, "inte behörighet"),
    ({"is_logged_in": False, "email": "anna.admin@regionstockholm.se"}, "inte inloggad"),
    ({"is_logged_in": True}, "ingen e-postadress"),
    ({"is_logged_in": True, "email": "anna.admin@regionstockholm.se", "email_verified": False},
     "inte verifierad"),
    ({"is_logged_in": True, "email": "anna.admin@regionstockholm.se", "exp": 1_000},
     "gått ut"),
])
def test_oidc_users_are_refused_unless_authorised(user: dict, words: str) -> None:
    decision = auth.authorise_oidc_user(user, ALLOWED, now=1_900_000_000)
    assert not decision.allowed and words in decision.message


def test_empty_allow_list_refuses_everyone() -> None:
    user = {"is_logged_in": True, "email": "anna.admin@regionstockholm.se"}
    decision = auth.authorise_oidc_user(user, frozenset())
    assert not decision.allowed and auth.ADMIN_USERS_ENV in decision.message


def test_oidc_detection_and_providers() -> None:
    class NoSecrets:
        def __contains__(self, key: object) -> bool:
            raise FileNotFoundError("no secrets.toml")

    assert auth.oidc_section(NoSecrets()) is None
    assert auth.oidc_section({}) is None
    single = {"auth": {"client_id": "x", "redirect_uri": "https://a/oauth2callback"}}
    assert auth.oidc_providers(auth.oidc_section(single)) == [None]
    named = {"auth": {"redirect_uri": "u", "cookie_secret": "s", "microsoft": {"client_id": "x"}}}
    assert auth.oidc_providers(auth.oidc_section(named)) == ["microsoft"]


# ---------------------------------------------------------------- throttling


def test_lockout_counts_per_address_and_in_total_within_a_window(
        caplog: pytest.LogCaptureFixture) -> None:
    throttle = auth.LoginThrottle()
    for left in range(auth.MAX_FAILURES - 1, 0, -1):
        assert throttle.failure("10.0.0.1", now=100.0) == left
        assert throttle.remaining("10.0.0.1", now=100.0) == 0
    assert throttle.failure("10.0.0.1", now=100.0) == 0
    assert throttle.remaining("10.0.0.1", now=100.0) == auth.LOCKOUT_SECONDS
    assert throttle.remaining("10.0.0.2", now=100.0) == 0  # another address may still try
    assert throttle.remaining("10.0.0.1", now=100.0 + auth.LOCKOUT_SECONDS) == 0
    assert any("locked" in r.getMessage() and "10.0.0.1" in r.getMessage()
               for r in caplog.records)
    # Failures older than the window are forgotten; a success clears the address.
    throttle.failure("10.0.0.3", now=0.0)
    assert throttle.failure("10.0.0.3", now=auth.FAILURE_WINDOW_SECONDS + 1) == \
        auth.MAX_FAILURES - 1
    throttle.success("10.0.0.3")
    assert throttle.failure("10.0.0.3", now=auth.FAILURE_WINDOW_SECONDS + 2) == \
        auth.MAX_FAILURES - 1


def test_many_addresses_together_lock_everyone() -> None:
    """Rotating addresses (or a proxy in front) must not give unlimited tries."""
    throttle = auth.LoginThrottle()
    for i in range(auth.MAX_TOTAL_FAILURES):
        throttle.failure(f"10.1.{i}.1", now=200.0)
    assert throttle.remaining("10.9.9.9", now=200.0) == auth.LOCKOUT_SECONDS
    assert throttle.remaining("10.9.9.9", now=200.0 + auth.LOCKOUT_SECONDS) == 0


def test_the_throttle_is_shared_by_the_whole_process() -> None:
    assert isinstance(auth.THROTTLE, auth.LoginThrottle)


# ---------------------------------------------------------------- command line


def test_cli_prints_a_hash_that_verifies(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(auth.getpass, "getpass", lambda prompt="": PASSWORD)
    assert auth.main(["hash"]) == 0
    printed = capsys.readouterr().out.strip()
    assert auth.verify_password(PASSWORD, printed)


def test_cli_refuses_short_or_mismatched_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth.getpass, "getpass", lambda prompt="": "kort")
    assert auth.main(["hash"]) == 1
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(auth.getpass, "getpass", lambda prompt="": next(answers))
    assert auth.main(["hash"]) == 1
    assert auth.main([]) == 2
