"""Background tasks of the assistance app (run by `manage.py db_worker`)."""

from django_tasks import task

from .services import process_job


@task()
def run_ocr(job_id: int) -> str:
    return process_job(job_id)
