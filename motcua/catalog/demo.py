"""The demo catalogue: real procedures offered by the demo district's agencies.

Commune-level procedures are offered by every commune's People's Committee; district-level
ones by the district agency in charge of their field. Each offering gets an internal
process whose quotas split the legal time limit: short steps for the desk, the head and the
leader, the rest for appraisal.
"""

from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from motcua.accounts.enums import Role
from motcua.catalog import interchange
from motcua.catalog.enums import Performer, TimeUnit
from motcua.catalog.services import ImportReport, catalog_import
from motcua.organization.services import DemoDistrict

DATA = Path(__file__).parent / "demo" / "procedures.json"
# Field code → short name of the district agency in charge (demo_data.SPECIALISED_AGENCIES).
FIELD_AGENCY = {
    "HT": "TP",
    "CT": "TP",
    "HKD": "TCKH",
    "DD": "TNMT",
    "MT": "TNMT",
    "XD": "KTHT",
    "GT": "KTHT",
    "BTXH": "LĐTBXH",
    "NCC": "LĐTBXH",
    "LĐ": "LĐTBXH",
    "TE": "LĐTBXH",
    "GD": "GDĐT",
    "VH": "VHTT",
    "TT": "VHTT",
    "NV": "NV",
    "TG": "NV",
    "TĐKT": "NV",
    "KN": "TTr",
    "TC": "TTr",
    "NN": "NNPTNT",
    "LN": "NNPTNT",
    "TL": "NNPTNT",
    "YT": "YT",
    "DT": "DT",
    "TCKH": "TCKH",
}
DISTRICT_STEPS = [
    ("Tiếp nhận, kiểm tra và chuyển hồ sơ", Role.DESK_OFFICER, Performer.DESK),
    ("Phân công xử lý", Role.AGENCY_HEAD, Performer.AGENCY),
    ("Thẩm định hồ sơ, dự thảo kết quả", Role.PROCESSING_OFFICER, Performer.AGENCY),
    ("Xem xét, trình ký", Role.AGENCY_HEAD, Performer.AGENCY),
    ("Ký duyệt kết quả", Role.UNIT_LEADER, Performer.COMMITTEE),
    ("Trả kết quả", Role.DESK_OFFICER, Performer.DESK),
]
COMMUNE_STEPS = [
    ("Tiếp nhận, kiểm tra và chuyển hồ sơ", Role.DESK_OFFICER, Performer.DESK),
    ("Thẩm định hồ sơ, dự thảo kết quả", Role.PROCESSING_OFFICER, Performer.AGENCY),
    ("Ký duyệt kết quả", Role.UNIT_LEADER, Performer.AGENCY),
    ("Trả kết quả", Role.DESK_OFFICER, Performer.DESK),
]
APPRAISAL = "Thẩm định hồ sơ, dự thảo kết quả"


def split_quotas(total: Decimal, steps: list[tuple]) -> list[Decimal]:
    """A tenth of the limit (at most half a unit) per short step; appraisal gets the rest."""
    short = min(Decimal("0.5"), (total / 10).quantize(Decimal("0.01"), rounding=ROUND_DOWN))
    quotas = [short if name != APPRAISAL else Decimal(0) for name, _r, _p in steps]
    quotas[[name for name, _r, _p in steps].index(APPRAISAL)] = total - sum(quotas)
    return quotas


def _limit_total(limit: dict) -> Decimal:
    return Decimal(1) if limit["unit"] == TimeUnit.SAME_DAY else Decimal(limit["amount"])


def _process(procedure: dict, steps: list[tuple]) -> list[dict]:
    process = []
    limits = [("", procedure["time_limit"])] + [
        (c["name"], c["time_limit"]) for c in procedure.get("cases", [])
    ]
    for case, limit in limits:
        for (name, role, performer), quota in zip(
            steps, split_quotas(_limit_total(limit), steps), strict=True
        ):
            process.append(
                {
                    "case": case,
                    "name": name,
                    "role": role.value,
                    "performer": performer.value,
                    "agency": None,
                    "quota": interchange.number(quota),
                }
            )
    return process


def _offerings(procedure: dict, district: DemoDistrict) -> list[dict]:
    offerings = []
    if "commune" in procedure["levels"]:
        process = _process(procedure, COMMUNE_STEPS)
        for committee in district.commune_committees:
            offerings.append({"agency": committee.identifier, "active": True, "process": process})
    if "district" in procedure["levels"]:
        agency = district.agencies[FIELD_AGENCY.get(procedure["field"], "VP")]
        offerings.append(
            {
                "agency": agency.identifier,
                "active": True,
                "process": _process(procedure, DISTRICT_STEPS),
            }
        )
    return sorted(offerings, key=lambda o: o["agency"])


def demo_catalog_load(*, district: DemoDistrict) -> ImportReport:
    document = interchange.parse_json(DATA.read_bytes())
    for procedure in document.procedures:
        procedure["offerings"] = _offerings(procedure, district)
    return catalog_import(document=document)
