"""TURN REST API credentials, against a vector computed independently with openssl:

echo -n "1767225600:alice" | openssl dgst -sha1 -hmac "north-wind" -binary | base64
"""

import pytest

from calls.turn import turn_credential, turn_password


def test_password_matches_the_known_vector():
    assert turn_password(secret="north-wind", username="1767225600:alice") == (
        "55PlDxMJVdufSCmWzN2r2q6QUZA="
    )


def test_credential_username_is_expiry_colon_name():
    credential = turn_credential(
        secret="north-wind", name="alice", now=1767225000.7, ttl_seconds=600
    )
    assert credential.username == "1767225600:alice"
    assert credential.expires_at == 1767225600
    assert credential.password == "55PlDxMJVdufSCmWzN2r2q6QUZA="


def test_another_secret_gives_another_password():
    assert turn_password(secret="south-wind", username="1767225600:alice") != (
        "55PlDxMJVdufSCmWzN2r2q6QUZA="
    )


def test_a_name_with_the_separator_is_refused():
    with pytest.raises(ValueError, match="':'"):
        turn_credential(secret="s", name="a:b", now=0, ttl_seconds=60)
