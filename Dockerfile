# One image for every process: smtp, worker, beat, web, migrate.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# tesseract reads image attachments (OCR) in the worker.
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY core core
COPY storage storage
COPY ingest ingest
COPY classify classify
COPY replies replies
COPY worker worker
COPY web web
COPY sendtriage sendtriage
RUN pip install . && useradd --system --home /app sendtriage
USER sendtriage
ENTRYPOINT ["sendtriage"]
CMD ["--help"]
