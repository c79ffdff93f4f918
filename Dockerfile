# Production image: slim Python, non-root, dependencies in one cached layer, static files
# collected and compressed at build time, gunicorn as the app server.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 portal

COPY requirements/prod.txt requirements/prod.txt
RUN pip install -r requirements/prod.txt

COPY . .
RUN DEBUG=false SECRET_KEY=build-only ACCELEVENTS_API_BASE_URL=http://build.invalid \
    ACCELEVENTS_EVENT_URL=build python manage.py collectstatic --noinput \
    && mkdir -p var && chown -R portal:portal var

USER portal
ENV DEBUG=false
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--config", "gunicorn.conf.py"]
