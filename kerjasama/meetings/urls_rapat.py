"""The meetings at /rapat/ (issue 9 items 2–6). The minutes' and the letters' screens keep their
patterns in `urls_minutes` and `urls_letters`; all share the namespace "rapat"."""

from django.urls import path, register_converter

from kerjasama.meetings import urls_letters, urls_minutes, views


class _Direction:
    """An item moves "naik" (up) or "turun" (down) the agenda."""

    regex = "naik|turun"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_Direction, "arah")

app_name = "rapat"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("baru/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/ubah/", views.meeting_edit, name="edit"),
    path("<int:pk>/batal/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/laksanakan/", views.meeting_hold, name="hold"),
    path("<int:pk>/undangan/tambah/", views.invitee_add, name="invitee_add"),
    path("<int:pk>/undangan/<int:invitee_pk>/hapus/", views.invitee_remove, name="invitee_remove"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/tambah/", views.item_add, name="item_add"),
    path("<int:pk>/agenda/usulan/", views.proposal_take, name="proposal_take"),
    path("<int:pk>/agenda/<int:item_pk>/ubah/", views.item_edit, name="item_edit"),
    path("<int:pk>/agenda/<int:item_pk>/hapus/", views.item_remove, name="item_remove"),
    path("<int:pk>/agenda/<int:item_pk>/<arah:direction>/", views.item_move, name="item_move"),
    path(
        "<int:pk>/agenda/<int:item_pk>/keluar-ruangan/",
        views.item_absences,
        name="item_absences",
    ),
    path("<int:pk>/kehadiran/", views.attendance, name="attendance"),
    path("<int:pk>/tayang/", views.meeting_projected, name="projected"),
    path("<int:pk>/cetak/", views.meeting_print, name="print"),
    *urls_minutes.urlpatterns,
    *urls_letters.urlpatterns,
]
