from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = "Pledges and entities"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from pledges import rollup
        from pledges.revisions import connect_signals
        from pledges.roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
        connect_signals()
        rollup.connect_signals()
