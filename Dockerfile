# Production image: the app under gunicorn, and the scheduler (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# pango for the report PDFs; postgresql-client 15 (pg_dump, pg_restore) for the backups,
# the same major version as the database.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install .
COPY . .
# Static files: hashed names and compressed copies, served by WhiteNoise.
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --no-input \
 && useradd --system --home /app ku \
 && mkdir -p /app/var /backups && chown -R ku /app/var /backups
USER ku
EXPOSE 8000
CMD ["gunicorn", "kommunalutveckling.wsgi", "-c", "deploy/gunicorn.conf.py"]
