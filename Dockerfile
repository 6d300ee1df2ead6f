# The portal's image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

# WeasyPrint's libraries, fonts that cover the Kazakh alphabet, gettext for the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext curl \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.production

WORKDIR /app
# The versions the tests passed with (scripts/lock), in a layer of their own; then the portal
# itself, without resolving its dependencies again.
COPY requirements-prod.lock ./
RUN pip install --no-cache-dir -r requirements-prod.lock
COPY . .
RUN pip install --no-cache-dir --no-deps . \
    && pip check \
    && DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build python manage.py compilemessages -v0 \
    && DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v0

RUN useradd --create-home --uid 1000 portal && mkdir -p /app/var && chown -R portal /app/var
USER portal

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
