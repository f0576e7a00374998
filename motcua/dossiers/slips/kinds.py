"""The Circular 01/2018/TT-VPCP forms: which exist and which apply to a dossier."""

from django.db import models
from django.utils.translation import pgettext_lazy

from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier


class Slip(models.TextChoices):
    RECEIPT = "01", pgettext_lazy("slip", "Receipt and appointment slip")
    SUPPLEMENT = "02", pgettext_lazy("slip", "Request to supplement the dossier")
    REFUSAL = "03", pgettext_lazy("slip", "Refusal to receive the dossier")
    APOLOGY = "04", pgettext_lazy("slip", "Apology and new appointment")
    CONTROL = "05", pgettext_lazy("slip", "Processing control sheet")
    REGISTER = "06", pgettext_lazy("slip", "Dossier register")


# The legal titles, Vietnamese in every language: they are the names the Circular gives.
TITLES = {
    Slip.RECEIPT: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    Slip.SUPPLEMENT: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    Slip.REFUSAL: "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    Slip.APOLOGY: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    Slip.CONTROL: "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    Slip.REGISTER: "SỔ THEO DÕI HỒ SƠ",
}

SUPPLEMENT_ACTIONS = (Action.REQUEST_SUPPLEMENT, Action.PAUSE_SUPPLEMENT)
# The slip each event-driven form is printed from.
SLIP_ACTIONS = {
    Slip.SUPPLEMENT: SUPPLEMENT_ACTIONS,
    Slip.REFUSAL: (Action.REFUSE,),
    Slip.APOLOGY: (Action.LATE_NOTICE,),
}


def available_slips(dossier: Dossier) -> list[str]:
    """The forms that can be printed for ``dossier`` (Mẫu 06 is per desk, never listed)."""
    actions = set(
        dossier.events.filter(action__in=[*SUPPLEMENT_ACTIONS, Action.REFUSE, Action.LATE_NOTICE])
        .values_list("action", flat=True)
        .distinct()
    )
    received = dossier.received_at is not None
    found = {
        Slip.RECEIPT: received,
        Slip.SUPPLEMENT: bool(actions & set(SUPPLEMENT_ACTIONS)),
        Slip.REFUSAL: dossier.status == DossierStatus.REFUSED or Action.REFUSE in actions,
        Slip.APOLOGY: Action.LATE_NOTICE in actions,
        Slip.CONTROL: received,
    }
    return [kind.value for kind, applies in found.items() if applies]
