from django.urls import path

from .views import documents, dossiers, lists, register, registers, tasks

app_name = "eoffice"

urlpatterns = [
    path("incoming/", lists.incoming_list, name="incoming_list"),
    path("incoming/inbox/", lists.inbox, name="inbox"),
    path("incoming/queue/", lists.leader_queue, name="leader_queue"),
    path("tasks/", lists.my_tasks, name="my_tasks"),
    path("incoming/register/", register.incoming_register, name="incoming_register"),
    path(
        "incoming/ocr/<int:job_id>/", register.incoming_ocr_progress, name="incoming_ocr_progress"
    ),
    path("incoming/<int:pk>/file/", documents.incoming_file, name="incoming_file"),
    path("incoming/<int:pk>/present/", documents.incoming_present, name="incoming_present"),
    path("incoming/<int:pk>/return/", documents.incoming_return, name="incoming_return"),
    path("incoming/<int:pk>/assign/", documents.incoming_assign, name="incoming_assign"),
    path("assignments/<int:pk>/progress/", tasks.assignment_progress, name="assignment_progress"),
    path("assignments/<int:pk>/complete/", tasks.assignment_complete, name="assignment_complete"),
    path(
        "assignments/<int:pk>/extension/", tasks.assignment_extension, name="assignment_extension"
    ),
    path("assignments/<int:pk>/reassign/", tasks.assignment_reassign, name="assignment_reassign"),
    path("extensions/<int:pk>/decide/", tasks.extension_decide, name="extension_decide"),
    path("incoming/<int:pk>/", documents.incoming_detail, name="incoming_detail"),
    path("incoming/<int:pk>/slip.pdf", registers.incoming_slip, name="incoming_slip"),
    path("registers/", registers.registers, name="registers"),
    path("registers/export/", registers.register_export, name="register_export"),
    path("fileplan/", dossiers.fileplan, name="fileplan"),
    path("fileplan/entries/<int:pk>/", dossiers.fileplan_entry, name="fileplan_entry"),
    path("dossiers/", dossiers.dossier_list, name="dossier_list"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/action/", dossiers.dossier_action, name="dossier_action"),
    path("dossiers/<int:pk>/export/", dossiers.dossier_export, name="dossier_export"),
    path("kpi/", dossiers.kpi_page, name="kpi"),
]
