"""Procedures for tests, built through the same import path as real catalogues."""

import copy

from motcua.catalog import interchange
from motcua.catalog.models import Procedure
from motcua.catalog.services import catalog_import

FIELDS = [
    {"code": "HT", "name": "Hộ tịch", "name_en": "Civil status"},
    {"code": "CT", "name": "Chứng thực", "name_en": "Certification"},
]


def time_limit(amount="3", unit="working_days", cutoff=None, note=""):
    return {"amount": amount, "unit": unit, "cutoff": cutoff, "note": note}


def procedure_data(code="1.001193", name="Đăng ký khai sinh", **overrides) -> dict:
    data = {
        "code": code,
        "name": name,
        "name_en": "Birth registration",
        "field": "HT",
        "levels": ["commune"],
        "implementing_agency": "Ủy ban nhân dân cấp xã",
        "deciding_agency": "Ủy ban nhân dân cấp xã",
        "applicants": "Cá nhân",
        "result": "Giấy khai sinh",
        "conditions": "",
        "online_level": "full",
        "status": "in_force",
        "pause_policy": "shift",
        "time_limit": time_limit(),
        "steps": [
            {"title": "Nộp hồ sơ", "description": "Người yêu cầu nộp tờ khai."},
            {"title": "Trả kết quả", "description": ""},
        ],
        "channels": [
            {"kind": "desk", "time_limit": time_limit(), "fee": 0, "notes": ""},
            {"kind": "online", "time_limit": time_limit(), "fee": 0, "notes": "Qua Cổng"},
        ],
        "components": [
            {
                "name": "Tờ khai đăng ký khai sinh",
                "name_en": "",
                "originals": 1,
                "certified_copies": 0,
                "photocopies": 0,
                "sets": 1,
                "required": True,
                "condition": "",
                "form": "Tờ khai theo mẫu",
            },
            {
                "name": "Văn bản ủy quyền",
                "name_en": "",
                "originals": 0,
                "certified_copies": 1,
                "photocopies": 0,
                "sets": 1,
                "required": False,
                "condition": "Khi nộp thay",
                "form": "",
            },
        ],
        "fees": [{"name": "Lệ phí", "amount": 8000, "basis": "Nghị quyết HĐND tỉnh", "note": ""}],
        "cases": [{"name": "Có yếu tố nước ngoài", "time_limit": time_limit("15")}],
        "legal_basis": [
            {
                "number": "60/2014/QH13",
                "title": "Luật Hộ tịch",
                "issued_on": "2014-11-20",
                "issuer": "Quốc hội",
            },
        ],
        "offerings": [],
    }
    data.update(overrides)
    return data


def document(*procedures: dict, fields=None) -> interchange.Document:
    return interchange.Document(
        copy.deepcopy(FIELDS if fields is None else fields),
        [{**copy.deepcopy(p), interchange.ORIGIN: f"#{i}"} for i, p in enumerate(procedures, 1)],
    )


def publish(*procedures: dict) -> list[Procedure]:
    catalog_import(document=document(*(procedures or (procedure_data(),))))
    codes = [p["code"] for p in procedures] or ["1.001193"]
    return list(Procedure.objects.filter(code__in=codes).order_by("code"))


def process(*quotas: str, case: str = "") -> list[dict]:
    return [
        {
            "case": case,
            "name": f"Bước {i}",
            "role": "processing_officer",
            "performer": "agency",
            "agency": None,
            "quota": quota,
        }
        for i, quota in enumerate(quotas, 1)
    ]
