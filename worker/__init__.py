"""The Celery worker: app, dispatch by task name, tasks wiring the pipeline, periodic jobs."""
