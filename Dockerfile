FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_SECRET_KEY=build-only-$(python -c 'print("x"*60)') python manage.py collectstatic --noinput
RUN useradd --create-home designroom
USER designroom
EXPOSE 8000
# Pings find half-open websockets (docs/reliability.md).
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--ping-interval", "20", "--ping-timeout", "30", "config.asgi:application"]
