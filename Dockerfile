FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
# Exactly the pinned, hashed requirements (make lock); refused if pyproject.toml moved past them.
COPY pyproject.toml README.md ./
COPY requirements/ requirements/
RUN python requirements/check.py \
    && pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
# Production settings need their variables even to collect static files; nothing is
# connected to at build time, so placeholders do.
RUN DJANGO_SECRET_KEY=build-only-$(python -c 'print("x"*60)') \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput
RUN useradd --create-home designroom \
    && mkdir -p /var/lib/designroom/media && chown designroom /var/lib/designroom/media
USER designroom
EXPOSE 8000
# uvicorn held twice daphne's sessions (docs/performance.md); pings find half-open sockets.
CMD ["uvicorn", "config.asgi:application", "--host", "0.0.0.0", "--port", "8000", "--loop", "uvloop", "--http", "httptools", "--ws-ping-interval", "20", "--ws-ping-timeout", "20", "--ws-max-size", "65536", "--proxy-headers"]
