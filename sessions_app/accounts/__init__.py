"""Accounts: signing in (password and magic link, counted first), who a sign-in names, sign-in
rate limits, and the sign-in, sign-out and magic-link pages."""
