from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kerjasama.accounts"
    label = "accounts"
    verbose_name = _("Regions, people and roles")
