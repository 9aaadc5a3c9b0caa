import pytest
from django.core.management import CommandError, call_command


def test_the_rq_worker_refuses_to_start_on_a_site_whose_tasks_go_through_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(CommandError, match="cityhive db_worker"):
        call_command("rq_worker")


def test_the_rq_worker_runs_rq_with_the_task_job_class_in_one_process(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    calls, announced = [], []
    monkeypatch.setattr("cityhive.core.management.commands.rq_worker.deliver", announced.append)
    monkeypatch.setattr(
        "cityhive.core.management.commands.rq_worker.call_command",
        lambda *args, **options: calls.append((args, options)),
    )
    monkeypatch.setattr(
        "cityhive.core.management.commands.rq_worker.lower_cpu_priority", lambda: 10
    )
    call_command("rq_worker", "--burst", "--name", "w7")
    assert [event.worker_id for event in announced] == ["w7"]
    [(args, options)] = calls
    assert args == ("rqworker", "default")
    assert options["job_class"] == "django_tasks_rq.Job"
    assert options["worker_class"] == "rq.worker.SimpleWorker"
    assert options["burst"] is True
