"""The demo district: Nà Hang (Tuyên Quang) with its agencies and communes.

Names come from the district's own description of itself. The QCVN 102 level-1 code of
the province is not confirmed, so it is a setting (MOTCUA_DEMO_PROVINCE_CODE) with a
placeholder default; unit codes are local demo codes, not the national list.
"""

from motcua.organization.enums import AgencyKind, UnitClass, UnitLevel

PROVINCE = {"code": "08", "name": "Tỉnh Tuyên Quang", "name_en": "Tuyen Quang Province"}
DISTRICT = {
    "code": "072",
    "name": "Huyện Nà Hang",
    "name_en": "Na Hang District",
    "classification": UnitClass.II,
}

# (name, English name, short name) — level-3 identifier numbers follow the order.
SPECIALISED_AGENCIES = [
    ("Văn phòng HĐND và UBND huyện", "Office of the District People's Council and Committee", "VP"),
    ("Phòng Nội vụ", "Bureau of Home Affairs", "NV"),
    ("Phòng Tư pháp", "Bureau of Justice", "TP"),
    ("Phòng Tài chính – Kế hoạch", "Bureau of Finance and Planning", "TCKH"),
    ("Phòng Tài nguyên và Môi trường", "Bureau of Natural Resources and Environment", "TNMT"),
    (
        "Phòng Lao động – Thương binh và Xã hội",
        "Bureau of Labour, Invalids and Social Affairs",
        "LĐTBXH",
    ),
    ("Phòng Văn hóa và Thông tin", "Bureau of Culture and Information", "VHTT"),
    ("Phòng Giáo dục và Đào tạo", "Bureau of Education and Training", "GDĐT"),
    ("Phòng Y tế", "Bureau of Health", "YT"),
    ("Thanh tra huyện", "District Inspectorate", "TTr"),
    ("Phòng Kinh tế và Hạ tầng", "Bureau of Economy and Infrastructure", "KTHT"),
    (
        "Phòng Nông nghiệp và Phát triển nông thôn",
        "Bureau of Agriculture and Rural Development",
        "NNPTNT",
    ),
    ("Phòng Dân tộc", "Bureau of Ethnic Affairs", "DT"),
]
PUBLIC_SERVICE_UNITS = [
    (
        "Trung tâm Văn hóa, Thể thao và Truyền thông",
        "Centre for Culture, Sports and Media",
        "VHTTTT",
    ),
    ("Trung tâm Dịch vụ nông nghiệp", "Agricultural Services Centre", "DVNN"),
    (
        "Ban Quản lý dự án đầu tư xây dựng",
        "Construction Investment Project Management Board",
        "QLDA",
    ),
    (
        "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
        "Vocational and Continuing Education Centre",
        "GDNN",
    ),
    ("Ban Quản lý rừng phòng hộ", "Protection Forest Management Board", "QLR"),
]

# (level, name, English name, classification)
COMMUNES = [
    (UnitLevel.TOWN, "Thị trấn Nà Hang", "Na Hang Town", UnitClass.II),
    (UnitLevel.COMMUNE, "Xã Năng Khả", "Nang Kha Commune", UnitClass.II),
    (UnitLevel.COMMUNE, "Xã Thanh Tương", "Thanh Tuong Commune", UnitClass.II),
    (UnitLevel.COMMUNE, "Xã Sơn Phú", "Son Phu Commune", UnitClass.III),
    (UnitLevel.COMMUNE, "Xã Đà Vị", "Da Vi Commune", UnitClass.III),
    (UnitLevel.COMMUNE, "Xã Yên Hoa", "Yen Hoa Commune", UnitClass.III),
    (UnitLevel.COMMUNE, "Xã Khau Tinh", "Khau Tinh Commune", UnitClass.III),
    (UnitLevel.COMMUNE, "Xã Côn Lôn", "Con Lon Commune", UnitClass.III),
    (UnitLevel.COMMUNE, "Xã Sinh Long", "Sinh Long Commune", UnitClass.III),
    (UnitLevel.COMMUNE, "Xã Thượng Giáp", "Thuong Giap Commune", UnitClass.III),
    (UnitLevel.COMMUNE, "Xã Thượng Nông", "Thuong Nong Commune", UnitClass.III),
    (UnitLevel.COMMUNE, "Xã Hồng Thái", "Hong Thai Commune", UnitClass.III),
]

DISTRICT_NUMBER = "05"  # level 2 of the district's identifiers
DESK_NUMBER = "19"  # level 3 of the district one-stop desk
FIRST_COMMUNE_NUMBER = 21  # level 3 of the first commune

KINDS = {"specialised": AgencyKind.SPECIALISED, "public_service": AgencyKind.PUBLIC_SERVICE}
