"""The client's calls, one class per kind of call, each a Transport that knows its endpoints:
accounts.py (sign-in and the user), event.py, sessions.py (the lists, one session, paging),
registrations.py (join and unregister, the only writes) and organizer.py (the host list). The
client (client.py) is all of them; each method returns domain objects and raises only
UpstreamError."""
