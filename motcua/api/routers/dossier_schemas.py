"""Shapes of dossiers in the API: what is sent to submit one, what is answered."""

from datetime import datetime

from ninja import Field, Schema

from motcua.dossiers.enums import Action, ApplicantKind, DossierStatus, Phase

# Base64 of the largest file the site accepts (10 MB by default), with room to spare.
MAX_BASE64 = 15_000_000


class ApplicantIn(Schema):
    kind: ApplicantKind = ApplicantKind.PERSON
    name: str = Field(max_length=200)
    id_number: str = Field("", max_length=20, description="12-digit citizen ID for a person.")
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    representative_name: str = Field("", max_length=200)
    representative_id_number: str = Field("", max_length=20)


class DocumentIn(Schema):
    component_id: int | None = Field(
        None, description="The procedure's document (`components[].id`); null: other document."
    )
    name: str = Field(min_length=1, max_length=200, description="File name, e.g. to-khai.pdf")
    content_base64: str = Field(
        min_length=1, max_length=MAX_BASE64, description="The file (PDF, JPEG or PNG), base64."
    )


class DossierIn(Schema):
    procedure: str = Field(max_length=40, description="Procedure code.")
    agency: str = Field(max_length=40, description="Identifier of an agency offering it.")
    case: str = Field("", max_length=500, description="One of the procedure's cases, or empty.")
    content: str = Field("", max_length=2000, description="What is requested, in words.")
    applicant: ApplicantIn
    documents: list[DocumentIn] = Field([], max_length=30)
    consent: bool = Field(
        description="The applicant declared the information true and agreed to the "
        "personal-data notice (the submission is refused without it)."
    )


class Named(Schema):
    code: str
    name: str


class AgencyRef(Schema):
    identifier: str
    name: str


class SubmittedOut(Schema):
    code: str = Field(description="The dossier code.")
    lookup_secret: str = Field(description="With the code, lets the applicant follow it.")
    status: DossierStatus
    status_label: str
    submitted_at: datetime
    reception_at: datetime = Field(
        description="The official reception time: the next opening of the desk."
    )
    due_at: datetime | None = Field(description="The appointment for the result.")
    due_at_provisional: bool = Field(
        description="True until the desk receives the dossier and fixes the appointment."
    )
    lookup_url: str


class PublicEventOut(Schema):
    at: datetime
    action: Action
    action_label: str
    status: DossierStatus
    agency: str
    note: str


class RequestOut(Schema):
    action: Action
    missing: list[str]
    reason: str
    at: datetime


class PublicDossierOut(Schema):
    code: str
    procedure: Named
    status: DossierStatus
    status_label: str
    phase: Phase | None
    desk: str
    agency: str
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    returned_at: datetime | None
    asked: RequestOut | None = Field(description="What the applicant is asked for now.")
    history: list[PublicEventOut]


class ApplicantOut(Schema):
    kind: ApplicantKind
    name: str
    id_number: str
    phone: str
    email: str
    address: str


class DossierSummaryOut(Schema):
    code: str
    procedure: Named
    status: DossierStatus
    status_label: str
    channel: str
    applicant_name: str
    agency: AgencyRef
    holder_agency: AgencyRef | None = Field(description="Who holds it now; null when finished.")
    received_at: datetime | None
    due_at: datetime | None


class DossierPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[DossierSummaryOut]


class EventOut(Schema):
    seq: int
    at: datetime
    action: Action
    action_label: str
    from_status: DossierStatus | None
    to_status: DossierStatus
    actor: str
    from_agency: str
    to_agency: str
    note: str


class DossierStepOut(Schema):
    order: int
    name: str
    agency: str
    started_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None


class DossierOut(DossierSummaryOut):
    case: str
    content: str
    phase: Phase | None
    applicant: ApplicantOut
    desk: AgencyRef
    holder: str
    submitted_at: datetime | None
    paused_at: datetime | None
    decided_at: datetime | None
    returned_at: datetime | None
    result: str
    result_document: str
    revision: int = Field(description="Changes with every transition.")
    steps: list[DossierStepOut]
    events: list[EventOut]
    allowed_actions: list[Action] = Field(description="What the caller may do now.")


class ActionIn(Schema):
    """The inputs of an action; each action reads the ones it needs (as on the dossier page)."""

    note: str = Field("", max_length=2000, description="Reason or note.")
    missing: list[str] = Field(
        [], max_length=30, description="Documents asked for (supplement requests)."
    )
    officer: int | None = Field(None, description="Account id (assign).")
    to: int | None = Field(None, description="Agency id (transfer).")
    document: str = Field("", max_length=300, description="Number of the result (approve).")
    method: str = Field("", max_length=20, description="How the result is returned.")
    returned_to: str = Field("", max_length=200)
    fee_receipt: str = Field("", max_length=60)
    new_due_at: datetime | None = Field(None, description="New appointment (late notice).")

    def form_data(self) -> dict:
        """The same fields as the dossier page's form posts."""
        data = {
            "note": self.note,
            "missing": "\n".join(item.replace("\n", " ") for item in self.missing),
            "document": self.document,
            "method": self.method,
            "returned_to": self.returned_to,
            "fee_receipt": self.fee_receipt,
        }
        if self.officer is not None:
            data["officer"] = str(self.officer)
        if self.to is not None:
            data["to"] = str(self.to)
        if self.new_due_at is not None:
            data["new_due_at"] = self.new_due_at.isoformat()
        return data
