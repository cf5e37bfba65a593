"""Writing a Common Transfer File for a child: to a school taking them on, or as a
handover (lost pupil XXX, or MMM for abroad or outside the maintained sector)."""

from __future__ import annotations

import re

from cme.children.models import Child
from cme.core import clock
from cme.formats import ctf

DESTINATION = re.compile(r"^(\d{7}|XXXXXXX|MMMMMMM)$")


class ExportError(ValueError):
    pass


def pupil_from_child(child: Child) -> ctf.CtfPupil:
    address = child.current_address()
    addresses = []
    if address is not None:
        addresses.append(ctf.CtfAddress(lines=[x for x in (address.line_1, address.line_2, address.town) if x],
                                        postcode=address.postcode, uprn=""))
    contacts = [ctf.CtfContact(order=contact.order, title=contact.title, surname=contact.last_name,
                               forename=contact.first_name, relationship=contact.relationship,
                               parental_responsibility=contact.parental_responsibility,
                               address_as_pupil=bool(contact.lives_with_child) and not contact.address,
                               address=ctf.CtfAddress(lines=[contact.address]) if contact.address else None,
                               phones=[ctf.CtfPhone(number=phone) for phone in contact.phones], email=contact.email)
                for contact in child.contacts.all()]
    history = [ctf.CtfSchool(lea=r.school_laestab[:3], estab=r.school_laestab[3:], name=r.school_name,
                             entry_date=r.entry_date, leaving_date=r.leaving_date, leaving_reason=r.leaving_reason)
               for r in child.registrations.all() if len(r.school_laestab) == 7]
    preferred = next((n for n in child.names.all() if n.kind == "preferred"), None)
    return ctf.CtfPupil(
        upn=child.upn, former_upns=list(child.former_upns), surname=child.last_name, forename=child.first_name,
        middle_names=child.middle_names, preferred_surname=preferred.last_name if preferred else "",
        preferred_forename=preferred.first_name if preferred else "",
        former_surnames=[n.last_name for n in child.names.all() if n.kind == "former" and n.last_name],
        dob=child.date_of_birth, sex=child.sex if child.sex in ("F", "M") else "", ethnicity=child.ethnicity,
        in_care=child.looked_after, addresses=addresses, contacts=contacts, school_history=history)


def export_ctf(child: Child, destination: str, version: str = "26.0") -> bytes:
    destination = destination.strip().upper()
    if not DESTINATION.match(destination):
        raise ExportError(f"'{destination}' is not a destination: give a 7-digit LAESTAB, XXXXXXX for a lost pupil, "
                          "or MMMMMMM for abroad or outside the maintained sector")
    if child.date_of_birth is None:
        raise ExportError(f"{child.reference} has no date of birth, which every CTF needs")
    la = child.local_authority
    return ctf.write_ctf(version=version, source_lea=la.code, source_estab=ctf.LA_ESTAB, dest_lea=destination[:3],
                         dest_estab=destination[3:], source_school_name=la.name, pupils=[pupil_from_child(child)],
                         generated_at=clock.now().replace(tzinfo=None, microsecond=0))
