"""A program that knows only the OpenAPI document submits a dossier, follows it and reads
the report, against a running server with the demo district.

The client below finds every operation by its ``operationId`` in the published document,
refuses parameters the document does not declare, and checks every answer against the
schema the document gives for its status code.
"""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from io import StringIO

import jsonschema
import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.services import api_token_create

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class OpenApiClient:
    def __init__(self, base_url: str, document_path: str) -> None:
        self.base_url = base_url
        with urllib.request.urlopen(base_url + document_path) as answer:  # noqa: S310
            self.document = json.load(answer)
        self.operations = {
            operation["operationId"]: (method.upper(), path, operation)
            for path, methods in self.document["paths"].items()
            for method, operation in methods.items()
        }

    def call(self, operation_id, *, path=None, query=None, body=None, headers=None, token=None):
        method, template, operation = self.operations[operation_id]
        declared = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        given = {("path", k) for k in path or {}} | {("query", k) for k in query or {}}
        given |= {("header", k) for k in headers or {}}
        assert given <= declared, f"not in the document: {given - declared}"
        required = {(p["in"], p["name"]) for p in operation.get("parameters", []) if p["required"]}
        assert required <= given, f"required by the document: {required - given}"
        if body is not None:
            assert "requestBody" in operation
        url = self.base_url + template.format(**(path or {}))
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, method=method)  # noqa: S310
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, data=data) as answer:  # noqa: S310
                status, payload = answer.status, json.load(answer)
        except urllib.error.HTTPError as error:
            status, payload = error.code, json.load(error)
        self._check(operation, status, payload)
        return status, payload

    def _check(self, operation, status: int, payload) -> None:
        documented = operation["responses"]
        assert str(status) in documented, f"{status} is not documented: {payload}"
        schema = documented[str(status)]["content"]["application/json"]["schema"]
        root = {**schema, "components": self.document["components"]}
        jsonschema.validate(payload, root, cls=jsonschema.Draft202012Validator)


@pytest.mark.django_db(transaction=True)
def test_a_client_with_only_the_document_submits_follows_and_reads_the_report(live_server):
    call_command("load_demo", force=True, stdout=StringIO())
    desk = User.objects.select_related("agency__unit").get(username="desk")
    _, portal = api_token_create(name="provincial portal", scope="write")
    _, desk_app = api_token_create(name="desk application", scope="write", user=desk)
    _, statistics = api_token_create(name="statistics", scope="read")
    api = OpenApiClient(live_server.url, "/api/v1/openapi.json")

    # Find an online procedure of the district, without diacritics in the words.
    status, page = api.call(
        "searchProcedures", query={"level": "district", "online_level": "partial", "page_size": 100}
    )
    assert status == 200 and page["count"] > 0
    chosen = None
    for summary in page["items"]:
        status, detail = api.call("getProcedure", path={"code": summary["code"]})
        assert status == 200
        agencies = [a for a in detail["agencies"] if a["unit"]["code"] == desk.agency.unit.code]
        if agencies:
            chosen, agency = detail, agencies[0]
            break
    assert chosen is not None
    words = "dang ky" if "Đăng ký" in chosen["name"] else chosen["code"]
    status, found = api.call("searchProcedures", query={"q": words, "page_size": 100})
    assert chosen["code"] in [p["code"] for p in found["items"]]

    # Submit it with a file for every document required online.
    documents = [
        {
            "component_id": c["id"],
            "name": f"giay-to-{c['id']}.pdf",
            "content_base64": base64.b64encode(PDF).decode(),
        }
        for c in chosen["components"]
        if c["required"] and not c["condition"]
    ]
    application = {
        "procedure": chosen["code"],
        "agency": agency["identifier"],
        "applicant": {"name": "Ma Thị Hoa", "id_number": "008195001122", "phone": "0912345678"},
        "documents": documents,
        "consent": True,
    }
    key = {"Idempotency-Key": f"portal-{uuid.uuid4().hex}"}
    status, sent = api.call("submitDossier", body=application, headers=key, token=portal)
    assert status == 201, sent
    assert sent["due_at_provisional"] is True and sent["reception_at"] and sent["due_at"]
    again_status, again = api.call("submitDossier", body=application, headers=key, token=portal)
    assert (again_status, again["code"]) == (201, sent["code"])  # a retry is the same dossier

    # Follow it as the applicant would.
    lookup = {"path": {"code": sent["code"]}, "query": {"secret": sent["lookup_secret"]}}
    status, public = api.call("lookupDossier", **lookup)
    assert (status, public["status"]) == (200, 1)

    today = timezone.localdate().isoformat()
    period = {"from": today, "to": today, "by": "level"}
    status, before = api.call("getPeriodicReport", query=period, token=statistics)
    assert status == 200

    # The desk receives it through the API (acting for the desk officer's account).
    status, received = api.call(
        "actOnDossier",
        path={"code": sent["code"], "action": "receive"},
        body={"note": ""},
        token=desk_app,
    )
    assert status == 200, received
    assert received["status"] == 2 and received["due_at"]

    status, public = api.call("lookupDossier", **lookup)
    assert public["status"] == 2
    assert [e["action"] for e in public["history"]] == ["submit", "receive"]

    status, after = api.call("getPeriodicReport", query=period, token=statistics)
    assert status == 200
    assert after["total"]["received"] == before["total"]["received"] + 1
    assert after["total"]["received_online"] == before["total"]["received_online"] + 1

    # What the document promises for refusals holds too.
    status, error = api.call("getPeriodicReport", query=period)
    assert (status, error["code"]) == (401, "unauthenticated")
    status, error = api.call("lookupDossier", path={"code": sent["code"]}, query={"secret": "XXXX"})
    assert (status, error["code"]) == (404, "not_found")
