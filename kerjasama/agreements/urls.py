from django.urls import path

from kerjasama.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kerjasama/", views.cooperation_list, name="list"),
    path("kerjasama/baru/", views.cooperation_create, name="create"),
    path("kerjasama/<int:pk>/", views.cooperation_detail, name="detail"),
    path("kerjasama/<int:pk>/ubah/", views.cooperation_edit, name="edit"),
    path("kerjasama/<int:pk>/pihak/<int:party_pk>/", views.party_edit, name="party_edit"),
    path(
        "kerjasama/<int:pk>/pihak/<int:party_pk>/keluar/",
        views.party_change_request,
        name="party_change_request",
    ),
    path(
        "kerjasama/<int:pk>/permintaan-pihak/<int:req_pk>/",
        views.party_change_decide,
        name="party_change_decide",
    ),
    path("kerjasama/<int:pk>/dokumen/baru/", views.document_create, name="document_create"),
    path(
        "kerjasama/<int:pk>/dokumen/<int:doc_pk>/ubah/", views.document_edit, name="document_edit"
    ),
    path(
        "kerjasama/<int:pk>/dokumen/<int:doc_pk>/unggah/",
        views.document_upload,
        name="document_upload",
    ),
    path("kerjasama/<int:pk>/berkas/<int:file_pk>/", views.document_file, name="document_file"),
    path("kerjasama/<int:pk>/langkah/<slug:action>/", views.cooperation_step, name="step"),
    path(
        "kerjasama/<int:pk>/dokumen/<int:doc_pk>/langkah/<slug:action>/",
        views.pks_step,
        name="pks_step",
    ),
    path("kerjasama/<int:pk>/temuan/", views.finding_add, name="finding_add"),
    path(
        "kerjasama/<int:pk>/temuan/<int:finding_pk>/tindak-lanjut/",
        views.finding_follow_up,
        name="finding_follow_up",
    ),
    path("agenda/", views.agenda, name="agenda"),
    path(
        "kerjasama/<int:pk>/tenggat/<int:deadline_pk>/dipenuhi/",
        views.deadline_met,
        name="deadline_met",
    ),
    path(
        "kerjasama/<int:pk>/tenggat/<int:deadline_pk>/buka-kembali/",
        views.deadline_reopen,
        name="deadline_reopen",
    ),
    path("kerjasama/<int:pk>/pendanaan/", views.financing_add, name="financing_add"),
    path(
        "kerjasama/<int:pk>/pendanaan/<int:line_pk>/hapus/",
        views.financing_remove,
        name="financing_remove",
    ),
]
