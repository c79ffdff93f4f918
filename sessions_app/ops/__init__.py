"""Running the portal: /healthz, the database-outage and misconfiguration answers, the
middleware that gives each request its upstream budget and handles upstream trouble, security
headers and input guards, and who may see an attendee page."""
