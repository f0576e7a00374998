"""The actions staff take on a dossier: the form each needs and the service it calls.

One table for the dossier page and the API, so both take the same input with the same
checks and the same errors.
"""

from collections.abc import Callable

from django import forms as django_forms

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.catalog.models import Offering
from motcua.dossiers import forms
from motcua.dossiers import services as svc
from motcua.dossiers.enums import Action
from motcua.dossiers.models import Dossier
from motcua.organization.models import Agency


def _officers(dossier: Dossier):
    roles = [Role.PROCESSING_OFFICER, Role.AGENCY_HEAD]
    return User.objects.filter(agency_id=dossier.holder_agency_id, role__in=roles, is_active=True)


def _transfer_targets(dossier: Dossier):
    offering = Offering.objects.filter(
        procedure_id=dossier.procedure_version.procedure_id, is_active=True
    )
    return (
        Agency.objects.filter(pk__in=offering.values("agency"))
        .exclude(pk=dossier.holder_agency_id)
        .select_related("unit")
    )


def plain(form_class) -> Callable:
    return lambda dossier, data, prefix: form_class(data, prefix=prefix)


# action → (form factory(dossier, data, prefix), service call(dossier, actor, cleaned data))
ACTIONS: dict[str, tuple[Callable, Callable]] = {
    Action.RECEIVE: (
        plain(forms.NoteForm),
        lambda d, u, c: svc.dossier_receive(actor=u, dossier=d),
    ),
    Action.REQUEST_SUPPLEMENT: (
        plain(forms.SupplementForm),
        lambda d, u, c: svc.dossier_request_supplement(
            actor=u, dossier=d, missing=c["missing_list"], reason=c["note"]
        ),
    ),
    Action.REFUSE: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_refuse(actor=u, dossier=d, reason=c["note"]),
    ),
    Action.TRANSFER_TO_AGENCY: (
        plain(forms.NoteForm),
        lambda d, u, c: svc.dossier_transfer_to_agency(dossier=d, actor=u),
    ),
    Action.ASSIGN: (
        lambda d, data, prefix: forms.AssignForm(data, prefix=prefix, officers=_officers(d)),
        lambda d, u, c: svc.dossier_assign(
            dossier=d, actor=u, officer=c["officer"], note=c["note"]
        ),
    ),
    Action.FORWARD: (
        plain(forms.NoteForm),
        lambda d, u, c: svc.dossier_forward(dossier=d, actor=u, note=c["note"]),
    ),
    Action.SEND_BACK: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_send_back(dossier=d, actor=u, note=c["note"]),
    ),
    Action.TRANSFER: (
        lambda d, data, prefix: forms.TransferForm(
            data, prefix=prefix, agencies=_transfer_targets(d)
        ),
        lambda d, u, c: svc.dossier_transfer(dossier=d, actor=u, to=c["to"], note=c["note"]),
    ),
    Action.PAUSE_SUPPLEMENT: (
        plain(forms.SupplementForm),
        lambda d, u, c: svc.dossier_pause(
            dossier=d, actor=u, missing=c["missing_list"], reason=c["note"]
        ),
    ),
    Action.PAUSE_FINANCIAL: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_pause(dossier=d, actor=u, financial=True, reason=c["note"]),
    ),
    Action.RESUME: (
        plain(forms.NoteForm),
        lambda d, u, c: svc.dossier_resume(dossier=d, actor=u, note=c["note"]),
    ),
    Action.APPROVE: (
        plain(forms.ApproveForm),
        lambda d, u, c: svc.dossier_decide(
            dossier=d, actor=u, approved=True, document=c["document"]
        ),
    ),
    Action.DENY: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_decide(dossier=d, actor=u, approved=False, reason=c["note"]),
    ),
    Action.RETURN_RESULT: (
        plain(forms.ReturnForm),
        lambda d, u, c: svc.dossier_return_result(
            dossier=d,
            actor=u,
            method=c["method"],
            returned_to=c["returned_to"],
            fee_receipt=c["fee_receipt"],
        ),
    ),
    Action.WITHDRAW: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_withdraw(dossier=d, actor=u, reason=c["note"]),
    ),
    Action.STOP: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_stop(dossier=d, actor=u, reason=c["note"]),
    ),
    Action.LATE_NOTICE: (
        plain(forms.LateNoticeForm),
        lambda d, u, c: svc.dossier_late_notice(
            dossier=d, actor=u, reason=c["note"], new_due_at=c["new_due_at"]
        ),
    ),
}


def action_form(action: str, dossier: Dossier, data=None) -> django_forms.Form:
    """The form of ``action`` for ``dossier``, bound to ``data`` when given."""
    return ACTIONS[action][0](dossier, data, action)


def action_perform(action: str, dossier: Dossier, actor: User, form: django_forms.Form) -> Dossier:
    """Run the service of ``action`` with a valid form; raises the service's ``DomainError``."""
    cleaned = dict(form.cleaned_data)
    if isinstance(form, forms.SupplementForm):
        cleaned["missing_list"] = form.missing_list()
    return ACTIONS[action][1](dossier, actor, cleaned)
