from django.contrib.auth.hashers import PBKDF2PasswordHasher


class SandboxPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Real PBKDF2, but cheap enough that hundreds of concurrent sandbox logins stay fast."""

    algorithm = "pbkdf2_sha256_sandbox"
    iterations = 20_000
