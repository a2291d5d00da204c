from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Bringing in a secretariat's Excel register (issue 11). This increment is the reading
    core — the file check (`files`), the table (`table`), the columns (`columns`), the values
    (`values`) and the one entry `reader.read_register`; matching, preview, commit, undo and
    export are built on it next. No models yet."""

    name = "kerjasama.imports"
    label = "imports"
    verbose_name = _("Register import")

    def ready(self) -> None:
        # The timeline's words for the import's audit events (core names no app's actions).
        from kerjasama.core.audit import ACTION_LABELS

        ACTION_LABELS.update(
            {
                "import.upload": _("Uploaded a register for import"),
                "import.choose": _("Chose the import's sheet and mapping"),
                "import.exclude": _("Excluded rows from the import"),
                "import.include": _("Took rows back into the import"),
                "import.commit_start": _("Started importing a register"),
                "import.commit": _("Imported a register"),
                "import.update": _("Updated by an import"),
                "import.undo_create": _("Undid an import: the case it registered was deleted"),
                "import.undo": _("Undid an import"),
                "import.failed": _("An import stopped on an unexpected error"),
                "import.undo_document": _(
                    "Undid an import: the agreement it added to the case was deleted"
                ),
                "import.pks_stage": _("An imported PKS takes the stage the register gives it"),
                "tenant.create": _("Made a region a tenant"),
            }
        )
