"""Keyed hashes that stand in for personal data: a reader's address, an e-mail in the audit log,
a social-media author id. The same value gives the same pseudonym (so one person's comments or
posts still group), but without SECRET_KEY nobody can test guesses against it, as they could an
unkeyed hash of the few billion IPv4 addresses."""

from django.utils.crypto import salted_hmac


def pseudonym(purpose: str, value: str) -> str:
    """32 hex digits of an HMAC keyed by SECRET_KEY and salted by `purpose`, so the pseudonyms
    of one value for two purposes cannot be joined."""
    return salted_hmac(f"cityportal.{purpose}", value).hexdigest()[:32]
