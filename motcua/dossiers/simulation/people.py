"""Invented people of Nà Hang: applicants and the officers who serve them.

Names mix the Tày, Dao and Kinh families of the district; ID numbers carry Tuyên Quang's
province code (008) and pass the desk's checks; phone numbers and e-mail addresses are
made up (e-mail under example.org, which can receive nothing).
"""

from random import Random

from motcua.dossiers.services import Applicant

SURNAMES = (
    "Ma Hoàng Nông Quan Chẩu Triệu Lý Bàn Nguyễn Trần Lê Hà Đặng Sầm Lục Mông Phùng Vương La Đinh"
).split()
MIDDLE = {"male": ("Văn", "Đức", "Minh", "Quang"), "female": ("Thị", "Thị", "Ngọc", "Thu")}
GIVEN = {
    "male": "An Bình Cường Dũng Hải Hùng Kiên Long Minh Nam Phong Phúc Quân Sơn Thắng Tuấn "
    "Tùng Việt Khánh Lâm".split(),
    "female": "Duyên Giang Hà Hạnh Hoa Hương Lan Linh Mai Ngọc Nhung Thảo Thu Trang Vân Xuân "
    "Yến Huyền Liên Dung".split(),
}
VILLAGES = (
    "Nà Khà",
    "Bản Lằn",
    "Nà Làng",
    "Khuổi Phầy",
    "Nà Mỏ",
    "Pác Ban",
    "Nặm Đíp",
    "Bản Tấng",
    "Nà Tông",
    "Phiêng Mỏ",
    "Cốc Phường",
    "Nà Bó",
)
PROVINCE_CODE = "008"  # Tuyên Quang, in the 12-digit personal identification number
PHONE_PREFIXES = ("09", "03", "08", "07")


def full_name(rng: Random) -> str:
    sex = rng.choice(("male", "female"))
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def id_number(rng: Random) -> str:
    born = rng.randint(1950, 2006)
    century = 0 if born < 2000 else 2
    return (
        f"{PROVINCE_CODE}{century + rng.randint(0, 1)}{born % 100:02d}{rng.randint(0, 999999):06d}"
    )


def phone(rng: Random) -> str:
    return f"{rng.choice(PHONE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"


def applicant(rng: Random, *, commune: str, email_share: float) -> Applicant:
    """Someone living in ``commune`` (the unit's name), with an e-mail address sometimes."""
    name = full_name(rng)
    email = (
        f"nguoinop{rng.randint(1, 999_999):06d}@example.org" if rng.random() < email_share else ""
    )
    village = rng.choice(VILLAGES)
    return Applicant(
        name=name,
        id_number=id_number(rng),
        phone=phone(rng),
        email=email,
        address=f"Thôn {village}, {commune}, huyện Nà Hang, tỉnh Tuyên Quang",
    )
