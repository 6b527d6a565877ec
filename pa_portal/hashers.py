"""Password hashing.

Argon2id with OWASP's recommended minimum (19 MiB of memory, 2 passes, 1 lane; Password Storage
Cheat Sheet) instead of Django's default PBKDF2-SHA256 with 1,000,000 iterations: both meet the
recommendation, but PBKDF2 cost 0.65–0.8 s of CPU per sign-in on a 2-core server, which made
sign-in the slowest page on deadline day (docs/PERFORMANCE.md), while Argon2id's cost is mostly
memory, which an attacker's GPU pays as well. Older PBKDF2 hashes still verify and are re-hashed
with these parameters at the next sign-in (Django's must_update).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
