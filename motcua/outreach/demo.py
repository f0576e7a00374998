"""Four posts for the demo district's e-portal, published through the real services.

Idempotent: a post whose address already exists is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from motcua.accounts.models import User
from motcua.organization.models import AdministrativeUnit
from motcua.outreach.enums import PostKind
from motcua.outreach.models import Post
from motcua.outreach.services import PostContent, post_create, post_publish, post_slug

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
