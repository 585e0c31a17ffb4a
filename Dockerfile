# Production image: gunicorn serving the app; PostgreSQL runs beside it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install .
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --no-input \
 && useradd --system --home /app ku && chown -R ku /app/var 2>/dev/null || true
USER ku
EXPOSE 8000
CMD ["gunicorn", "kommunalutveckling.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
