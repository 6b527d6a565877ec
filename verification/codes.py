"""Verification codes: 16 characters of Crockford's base32 (80 random bits), printed in groups of
four. The alphabet has no I, L, O or U, so a code read off paper and typed back cannot be
mistaken; what a reader types is normalised the same way (O→0, I and L→1, dashes and spaces
dropped, any case)."""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16  # 16 × 5 bits = 80 bits: not guessed, not enumerated at any rate the page allows
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-–—_.]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """The code a reader typed, in its stored form; "" when it cannot be a code."""
    code = _SEPARATORS.sub("", (typed or "")[:64]).upper().translate(_TYPOS)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


def grouped(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
