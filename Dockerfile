# syntax=docker/dockerfile:1
# The image of one node of the partnership, chosen by the build argument NODE:
#   docker build --build-arg NODE=pup --build-arg PORT=8101 -t partnership-pup .
# NODE is one of pup, ops, ngo (the partner nodes) or reporting; compose.yaml builds all four.
# Configuration comes from the environment at run time (DATABASE_URL, REDIS_URL, PARTNERSHIP_ID,
# PARTNERSHIP_SECRET, PARTNERSHIP_STARTS_ON, ...); no secret is baked into the image.

ARG NODE=pup
ARG PORT=8101

FROM python:3.11-slim AS build
ARG NODE

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON=python3.11 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN pip install --no-cache-dir uv==0.13.8

WORKDIR /app

# Third-party dependencies first, in a layer of their own that survives source changes: the lock
# file and every workspace member's pyproject.toml are all uv needs to resolve the workspace.
COPY pyproject.toml uv.lock ./
COPY shared/contracts/pyproject.toml shared/contracts/
COPY shared/partner/pyproject.toml shared/partner/
COPY cli/pyproject.toml cli/
COPY services/pup/pyproject.toml services/pup/
COPY services/ops/pyproject.toml services/ops/
COPY services/ngo/pyproject.toml services/ngo/
COPY services/reporting/pyproject.toml services/reporting/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --package partnership-${NODE} --no-install-workspace

# Then the workspace itself (.dockerignore keeps .venv, .tools, var, caches and .git out).
COPY . .
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --package partnership-${NODE}


FROM python:3.11-slim
ARG NODE
ARG PORT

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH="/app/.venv/bin:$PATH" \
    NODE=${NODE} \
    HOST=0.0.0.0 \
    PORT=${PORT}

RUN groupadd --system --gid 10001 partnership \
    && useradd --system --uid 10001 --gid partnership --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin partnership

WORKDIR /app
# The workspace with its virtual environment (workspace members are installed editable, so the
# sources, Alembic migrations and templates stay where the code expects them); owned by root and
# read-only for the service user, except var/ for whatever the node writes locally.
COPY --from=build /app /app
RUN mkdir -p /app/var && chown partnership:partnership /app/var

USER partnership:partnership

EXPOSE ${PORT}

HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=3)"]

# The node's own command: partnership-pup, partnership-ops, partnership-ngo, partnership-reporting.
CMD ["sh", "-c", "exec partnership-$NODE"]
