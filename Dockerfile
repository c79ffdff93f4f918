# Production image: slim Python, non-root, dependencies in one cached layer, static files
# collected, hashed and compressed (brotli + gzip) at build time, gunicorn (gthread) serving.
# docker-compose.yml runs it with PostgreSQL, Redis and, for a trial, the sandbox upstream.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 portal

COPY requirements/prod.txt requirements/prod.txt
RUN pip install -r requirements/prod.txt

COPY . .
# The translation catalogues are compiled here (gettext's msgfmt, not kept in the image).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gettext >/dev/null \
    && DEBUG=false SECRET_KEY=build-only ACCELEVENTS_API_BASE_URL=http://build.invalid \
       ACCELEVENTS_EVENT_URL=build python manage.py compilemessages --ignore=var \
    && apt-get purge -y -qq gettext >/dev/null && rm -rf /var/lib/apt/lists/*
RUN DEBUG=false SECRET_KEY=build-only ACCELEVENTS_API_BASE_URL=http://build.invalid \
    ACCELEVENTS_EVENT_URL=build python manage.py collectstatic --noinput \
    && mkdir -p var && chown -R portal:portal var

USER portal
ENV DEBUG=false
EXPOSE 8000
# Workers, threads and the bind address: gunicorn.conf.py (GUNICORN_* variables override them).
CMD ["gunicorn", "portal.wsgi:application", "--config", "gunicorn.conf.py"]
