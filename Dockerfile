# The project image for docker-compose.yml: Python 3.10 (Rasa 3.6), the pinned dependencies,
# the chat widget from npm, the Dutch spaCy pipeline and the trained model, built in the image.
FROM node:20-bookworm-slim AS widget
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.10-slim-bookworm
ENV RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONWARNINGS=ignore::DeprecationWarning
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir pip==24.0 \
    && .venv/bin/pip install --no-cache-dir -r requirements.txt -c constraints.txt && touch .venv/.installed
COPY --from=widget /app/node_modules node_modules
RUN touch node_modules/.installed
COPY . .
RUN make train
# no root inside the container
RUN useradd --create-home coach && chown -R coach /app
USER coach
ENV PATH=/app/.venv/bin:$PATH PYTHONPATH=/app
