"""Four posts for the demo district's e-portal, published through the real services; a year
of outreach sessions and a few procedure reviews, recorded through theirs.

Idempotent: a post whose address already exists, a session already recorded on its date
with its topic and a procedure already reviewed by the same agency are left as they are.
"""

from datetime import date, timedelta

from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.services import DemoDistrict
from motcua.outreach.enums import AudienceKind, PostKind, ReviewAction
from motcua.outreach.models import OutreachSession, Post, ProcedureReview
from motcua.outreach.review_services import ReviewDetails, review_create, review_transition
from motcua.outreach.services import PostContent, post_create, post_publish, post_slug
from motcua.outreach.session_services import SessionDetails, session_create

# (days ago, content)
POSTS = [
    (
        1,
        PostContent(
            kind=PostKind.ANNOUNCEMENT,
            pinned=True,
            title="Nộp hồ sơ trực tuyến và theo dõi kết quả tại Một Cửa huyện Nà Hang",
            summary="Người dân có thể tra cứu thủ tục, nộp hồ sơ trực tuyến và theo dõi "
            "tiến độ giải quyết mà không cần đến trụ sở.",
            body="Từ nay, người dân và doanh nghiệp trên địa bàn huyện Nà Hang có thể tra cứu "
            "danh mục thủ tục hành chính, thành phần hồ sơ, thời hạn và lệ phí ngay trên "
            "trang này.\n\n"
            "Với các thủ tục được cung cấp trực tuyến, hồ sơ nộp qua mạng được Bộ phận Một cửa "
            "kiểm tra và tiếp nhận trong giờ làm việc. Khi tiếp nhận, hệ thống cấp mã hồ sơ "
            "và mã tra cứu.\n\n"
            "Để xem hồ sơ đang ở bước nào, hãy nhập mã hồ sơ cùng mã tra cứu hoặc 4 số cuối "
            "số điện thoại đã khai khi nộp.",
            title_en="Submit online and follow your dossier at the Na Hang one-stop shop",
            summary_en="Residents can look up procedures, submit dossiers online and follow "
            "their progress without travelling to the office.",
            body_en="Residents and businesses of Na Hang district can now look up the list of "
            "administrative procedures, with the documents, time limits and fees of each, "
            "on this site.\n\n"
            "For procedures offered online, dossiers submitted over the internet are checked "
            "and received by the one-stop desk during working hours. On reception the system "
            "gives a dossier code and a lookup secret.\n\n"
            "To see which step a dossier has reached, enter its code together with the lookup "
            "secret or the last four digits of the phone number given when submitting.",
        ),
    ),
    (
        6,
        PostContent(
            kind=PostKind.NEWS,
            title="Tập huấn nghiệp vụ một cửa cho công chức cấp xã",
            summary="Công chức Bộ phận Một cửa của 12 xã, thị trấn được hướng dẫn tiếp nhận "
            "và số hóa hồ sơ trên hệ thống.",
            body="Ủy ban nhân dân huyện Nà Hang tổ chức lớp tập huấn cho công chức làm việc tại "
            "Bộ phận Một cửa của các xã và thị trấn.\n\n"
            "Học viên thực hành kiểm tra thành phần hồ sơ, in giấy tiếp nhận và hẹn trả kết "
            "quả, quét và lưu giấy tờ, chuyển hồ sơ đến cơ quan có thẩm quyền và theo dõi thời "
            "hạn giải quyết.\n\n"
            "Sau lớp học, mỗi xã cử một đầu mối hỗ trợ đồng nghiệp trong quá trình sử dụng.",
            title_en="One-stop desk training for commune officials",
            summary_en="Desk officials of the 12 communes and the town learned to receive and "
            "digitise dossiers in the system.",
            body_en="The Na Hang District People's Committee held a training course for the "
            "officials who work at the one-stop desks of the communes and the town.\n\n"
            "Participants practised checking the documents of a dossier, printing the receipt "
            "and appointment slip, scanning papers, passing dossiers to the competent agency "
            "and following their time limits.\n\n"
            "After the course each commune named a contact person to help colleagues.",
        ),
    ),
    (
        12,
        PostContent(
            kind=PostKind.ANNOUNCEMENT,
            title="Thông báo về giờ tiếp nhận hồ sơ tại Bộ phận Một cửa huyện",
            summary="Bộ phận Một cửa tiếp nhận hồ sơ từ thứ Hai đến thứ Sáu, sáng từ 7 giờ 30 "
            "đến 11 giờ 30, chiều từ 13 giờ 30 đến 17 giờ.",
            body="Bộ phận Một cửa huyện Nà Hang tiếp nhận và trả kết quả giải quyết thủ tục "
            "hành chính vào các ngày làm việc trong tuần, từ thứ Hai đến thứ Sáu.\n\n"
            "Buổi sáng: từ 7 giờ 30 đến 11 giờ 30.\n"
            "Buổi chiều: từ 13 giờ 30 đến 17 giờ.\n\n"
            "Hồ sơ nộp trực tuyến ngoài giờ làm việc được tính từ đầu giờ của ngày làm việc "
            "tiếp theo. Trong dịp nghỉ lễ, Tết, lịch làm việc được thông báo riêng.",
            title_en="Opening hours of the district one-stop desk",
            summary_en="The one-stop desk receives dossiers Monday to Friday, 7:30 to 11:30 "
            "in the morning and 13:30 to 17:00 in the afternoon.",
            body_en="The Na Hang district one-stop desk receives dossiers and returns results on "
            "working days, Monday to Friday.\n\n"
            "Morning: 7:30 to 11:30.\n"
            "Afternoon: 13:30 to 17:00.\n\n"
            "Dossiers submitted online outside working hours count from the opening of the "
            "next working day. Holiday arrangements are announced separately.",
        ),
    ),
    (
        20,
        PostContent(
            kind=PostKind.NEWS,
            title="Tuyên truyền thủ tục hộ tịch tại các xã vùng cao",
            summary="Cán bộ tư pháp đến các thôn bản giới thiệu thủ tục đăng ký khai sinh, "
            "kết hôn và cách nộp hồ sơ.",
            body="Phòng Tư pháp phối hợp với Ủy ban nhân dân các xã Thượng Giáp, Khau Tinh và "
            "Sinh Long tổ chức các buổi tuyên truyền tại nhà văn hóa thôn.\n\n"
            "Người dân được giới thiệu giấy tờ cần chuẩn bị khi đăng ký khai sinh, đăng ký kết "
            "hôn, thời hạn giải quyết và cách tra cứu hồ sơ.\n\n"
            "Các câu hỏi thường gặp được giải đáp bằng tiếng phổ thông và tiếng dân tộc.",
            title_en="Civil status procedures explained in highland communes",
            summary_en="Justice officials visited villages to present birth and marriage "
            "registration and how to submit a dossier.",
            body_en="The Bureau of Justice and the People's Committees of Thuong Giap, Khau Tinh "
            "and Sinh Long communes held information sessions in village halls.\n\n"
            "Residents heard which papers to bring to register a birth or a marriage, how long "
            "it takes and how to look up a dossier.\n\n"
            "Common questions were answered in Vietnamese and in local languages.",
        ),
    ),
]


def demo_posts_load(*, unit: AdministrativeUnit, author: User) -> int:
    """Publish the demo posts missing from ``unit``'s news; returns how many were added."""
    made = 0
    morning = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    for days_ago, content in POSTS:
        if Post.objects.filter(slug=post_slug(content.title)).exists():
            continue
        post = post_create(actor=author, unit=unit, content=content)
        post_publish(post=post, actor=author, at=morning - timedelta(days=days_ago))
        made += 1
    return made


OFFICIALS, MIXED = AudienceKind.OFFICIALS, AudienceKind.MIXED

# 28 sessions reaching 1,641 people in the current year, mostly officials. Organisers are
# district agencies (by short name) or commune committees (by commune name).
# (day/month, organiser, audience, participants, topic)
SESSIONS = [
    ("15/01", "VP", OFFICIALS, 118, "Triển khai kế hoạch cải cách hành chính năm nay"),
    ("22/01", "TP", OFFICIALS, 38, "Nghiệp vụ hộ tịch cho công chức tư pháp cấp xã"),
    ("05/02", "NV", OFFICIALS, 95, "Văn hóa công sở và giao tiếp với người dân"),
    ("04/03", "VP", OFFICIALS, 24, "Sử dụng hệ thống Một Cửa điện tử tại Bộ phận Một cửa"),
    ("11/03", "Xã Thượng Giáp", MIXED, 64, "Khai sinh, kết hôn và nộp hồ sơ trực tuyến"),
    ("19/03", "TP", OFFICIALS, 42, "Kỹ năng chứng thực bản sao, chữ ký và hợp đồng"),
    ("26/03", "TCKH", OFFICIALS, 36, "Hồ sơ đăng ký hộ kinh doanh: những lỗi thường gặp"),
    ("08/04", "VP", OFFICIALS, 86, "Số hóa hồ sơ và kết quả giải quyết thủ tục hành chính"),
    ("16/04", "TNMT", OFFICIALS, 40, "Quy định mới về đăng ký đất đai cho công chức địa chính"),
    ("23/04", "Xã Khau Tinh", MIXED, 55, "Dịch vụ công trực tuyến cho trưởng thôn, đoàn thể"),
    ("07/05", "LĐTBXH", OFFICIALS, 45, "Hồ sơ trợ cấp xã hội và xác định mức độ khuyết tật"),
    ("14/05", "NV", OFFICIALS, 70, "Tiếp nhận và xử lý phản ánh, kiến nghị"),
    ("21/05", "Xã Sinh Long", MIXED, 68, "Tài khoản định danh điện tử và Cổng dịch vụ công"),
    ("04/06", "VP", OFFICIALS, 52, "Phương pháp rà soát, đánh giá thủ tục hành chính"),
    ("11/06", "TP", OFFICIALS, 60, "Quy định mới về hộ tịch và chứng thực"),
    ("25/06", "Thị trấn Nà Hang", MIXED, 72, "Thanh toán phí, lệ phí trực tuyến"),
    ("09/07", "VHTT", OFFICIALS, 34, "Thủ tục thông báo lễ hội và hoạt động văn hóa"),
    ("16/07", "VP", OFFICIALS, 110, "Sơ kết sáu tháng kiểm soát thủ tục hành chính"),
    ("30/07", "Xã Yên Hoa", OFFICIALS, 26, "Nghiệp vụ Bộ phận Một cửa cấp xã"),
    ("13/08", "NV", OFFICIALS, 38, "Đăng ký hoạt động tín ngưỡng, sinh hoạt tôn giáo"),
    ("20/08", "Xã Thượng Nông", MIXED, 58, "Tra cứu hồ sơ và gửi phản ánh qua Cổng Một Cửa"),
    ("10/09", "VP", OFFICIALS, 64, "Tiêu chí đánh giá chất lượng phục vụ người dân"),
    ("17/09", "TP", OFFICIALS, 80, "Hòa giải ở cơ sở cho hòa giải viên và công chức"),
    ("24/09", "NNPTNT", OFFICIALS, 32, "Chuyển đổi cơ cấu cây trồng trên đất trồng lúa"),
    ("08/10", "Xã Côn Lôn", MIXED, 62, "Thủ tục hành chính về bảo trợ xã hội"),
    ("15/10", "VP", OFFICIALS, 48, "An toàn thông tin khi xử lý hồ sơ điện tử"),
    ("29/10", "NV", OFFICIALS, 40, "Giao tiếp, ứng xử của công chức Bộ phận Một cửa"),
    ("12/11", "VP", OFFICIALS, 84, "Kinh nghiệm vận hành Một Cửa điện tử trong năm"),
]
# Sessions a district agency held in a commune, counted for that commune.
HELD_IN = {"11/06": "Xã Yên Hoa", "17/09": "Xã Khau Tinh"}
PLACES = {
    "04/03": "Bộ phận Một cửa huyện",
    "11/03": "Nhà văn hóa thôn",
    "21/05": "Nhà văn hóa xã",
    "20/08": "Nhà văn hóa xã",
    "08/10": "Nhà văn hóa xã",
}
NOTES = {
    "04/03": "Thực hành trên hồ sơ mẫu.",
    "11/03": "Có người giải thích bằng tiếng dân tộc.",
    "11/06": "Công chức tư pháp của các xã lân cận cùng dự.",
}

# (procedure code, reviewing agency, days ago, finding, proposal, description,
#  [(action, days after the review, note)])
REVIEWS = [
    (
        "1.001193",
        "TP",
        150,
        "cumbersome",
        "simplify",
        "Tờ khai yêu cầu ghi lại nơi cư trú và giấy tờ tùy thân của cha mẹ, những thông tin "
        "đã có trong Cơ sở dữ liệu quốc gia về dân cư.",
        [(ReviewAction.SUBMIT, 10, "Tờ trình gửi Sở Tư pháp.")],
    ),
    (
        "2.000575",
        "TCKH",
        200,
        "outdated",
        "amend",
        "Thành phần hồ sơ còn dẫn chiếu mẫu giấy đề nghị đã được thay thế.",
        [
            (ReviewAction.SUBMIT, 7, ""),
            (ReviewAction.ACCEPT, 45, "Ủy ban nhân dân tỉnh đồng ý sửa đổi."),
        ],
    ),
    (
        "1.001653",
        "LĐTBXH",
        260,
        "cumbersome",
        "simplify",
        "Người đề nghị phải nộp lại bản sao giấy xác nhận cũ dù hồ sơ gốc đang lưu tại xã.",
        [
            (ReviewAction.SUBMIT, 5, ""),
            (ReviewAction.ACCEPT, 40, ""),
            (ReviewAction.IMPLEMENT, 90, "Đã bỏ yêu cầu nộp bản sao khi cấp đổi."),
        ],
    ),
    (
        "1.003622",
        "VHTT",
        120,
        "overlapping",
        "abolish",
        "Nội dung thông báo trùng với báo cáo tổ chức lễ hội gửi Phòng Văn hóa và Thông tin.",
        [
            (ReviewAction.SUBMIT, 6, ""),
            (ReviewAction.REJECT, 35, "Cấp trên giữ thủ tục vì cần theo dõi an ninh, trật tự."),
        ],
    ),
    (
        "2.000930",
        "TP",
        20,
        "other",
        "keep",
        "Thủ tục ít phát sinh hồ sơ nhưng cần giữ để ghi nhận việc thôi làm hòa giải viên.",
        [],
    ),
]


def _organisers(district: DemoDistrict) -> dict[str, Agency]:
    commune_committees = {a.unit.name: a for a in district.commune_committees}
    return {**district.agencies, **commune_committees}


def _place(day: str, unit: AdministrativeUnit) -> str:
    if day in PLACES:
        return PLACES[day]
    return f"Hội trường Ủy ban nhân dân {unit.name[0].lower()}{unit.name[1:]}"


def demo_sessions_load(*, district: DemoDistrict, author: User) -> int:
    """Record the demo sessions of the current year missing so far; returns how many."""
    year = timezone.localdate().year
    organisers = _organisers(district)
    units = {u.name: u for u in district.communes}
    done = set(OutreachSession.objects.values_list("held_on", "title"))
    made = 0
    for day, organiser, audience, people, title in SESSIONS:
        held_on = date(year, int(day[3:]), int(day[:2]))
        if (held_on, title) in done:
            continue
        agency = organisers[organiser]
        unit = units[HELD_IN[day]] if day in HELD_IN else agency.unit
        details = SessionDetails(
            held_on=held_on,
            title=title,
            audience=audience,
            place=_place(day, unit),
            agency=agency,
            unit=unit,
            participants=people,
            notes=NOTES.get(day, ""),
        )
        session_create(actor=author, details=details)
        made += 1
    return made


def demo_reviews_load(*, district: DemoDistrict, author: User) -> int:
    """Record the demo reviews of procedures in the catalogue; returns how many were added."""
    procedures = Procedure.objects.in_bulk([r[0] for r in REVIEWS], field_name="code")
    done = set(ProcedureReview.objects.values_list("procedure__code", "agency_id"))
    now = timezone.now()
    made = 0
    for code, short_name, days_ago, finding, proposal, description, steps in REVIEWS:
        agency = district.agencies[short_name]
        if code not in procedures or (code, agency.pk) in done:
            continue
        at = now - timedelta(days=days_ago)
        details = ReviewDetails(
            procedure=procedures[code],
            reviewed_on=timezone.localdate(at),
            agency=agency,
            finding=finding,
            proposal=proposal,
            description=description,
        )
        review = review_create(actor=author, details=details, at=at)
        for action, after, note in steps:
            review_transition(
                review=review, action=action, actor=author, note=note, at=at + timedelta(after)
            )
        made += 1
    return made


def demo_outreach_load(*, district: DemoDistrict, author: User) -> tuple[int, int]:
    """The demo sessions and reviews; returns how many of each were added."""
    return (
        demo_sessions_load(district=district, author=author),
        demo_reviews_load(district=district, author=author),
    )
