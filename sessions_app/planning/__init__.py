"""Planning the day: overlaps, the session allowance, seat watches, reminders, the attendee's
registrations mirrored locally, calendar files and the private feed, and My sessions with the
watch and calendar pages."""
