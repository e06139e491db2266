from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = "Pledges and entities"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from pledges.roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
        connect_entity_revision_signals()


def connect_entity_revision_signals() -> None:
    """Any change to what the gazetteer is built from moves the entity revision."""
    from django.db.models.signals import post_delete, post_save

    from pledges import models

    def bump(sender, **kwargs) -> None:
        if not kwargs.get("raw"):
            models.EntityRevision.bump()

    for model in (
        models.Country,
        models.CountryAlias,
        models.Organisation,
        models.OrganisationAlias,
        models.Membership,
        models.Leader,
        models.LeaderAlias,
        models.Office,
    ):
        post_save.connect(bump, sender=model, dispatch_uid=f"entity-revision-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"entity-revision-delete-{model.__name__}")
