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
