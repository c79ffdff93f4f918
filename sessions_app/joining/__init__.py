"""Joining, reserving and leaving a session: each attempt on record before its call, made with
each of the attendee's tickets in turn, what a refusal teaches and our words for it, an answer
that got lost settled by re-reading, the swap at the session limit, and their pages."""
