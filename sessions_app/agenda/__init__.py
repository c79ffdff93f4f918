"""What an attendee sees: the upstream reads behind a page (the event's catalogue and their own
lists), the cards with the one action that can work, filters, days and the timetable, the status
poll, the stream player, a speaker's page, and the agenda's pages."""
