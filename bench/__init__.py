"""The load benchmark (`make bench`): the portal under gunicorn with PostgreSQL and Redis, the
sandbox upstream with injected latency, wrk driving load; writes docs/benchmarks.md."""
