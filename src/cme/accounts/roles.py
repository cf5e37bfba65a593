"""The roles people have in CME Tracker. Kept apart from the models so the permission
policy can be read (and tested) without a database."""

from enum import StrEnum


class Role(StrEnum):
    CME_OFFICER = "cme-officer"
    CME_MANAGER = "cme-manager"
    SCHOOL_USER = "school-user"
    AGENCY_USER = "agency-user"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_la_staff(self) -> bool:
        return self in LA_ROLES


ROLE_LABELS = {
    Role.CME_OFFICER: "CME officer",
    Role.CME_MANAGER: "CME manager (named officer)",
    Role.SCHOOL_USER: "School user",
    Role.AGENCY_USER: "Partner agency user",
    Role.AUDITOR: "Auditor",
    Role.ADMINISTRATOR: "Administrator",
}
ROLE_CHOICES = [(role.value, role.label) for role in Role]
LA_ROLES = frozenset({Role.CME_OFFICER, Role.CME_MANAGER, Role.AUDITOR, Role.ADMINISTRATOR})
