"""The organizer's side: the admin (the event overview, session summaries, records, exports) and
reconciliation with Accelevents, its runs and the worker that performs them."""
