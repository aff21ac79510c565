"""The twelve synthetic documents of the OCR benchmark, with the fields a clerk would register."""

from chinhquyenso.assist.testing import SampleDocument

UBND_TINH = ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI")

DOCUMENTS = (
    SampleDocument(
        "01-qd-ubnd",
        UBND_TINH,
        "1131/QĐ-UBND",
        "Quảng Ngãi",
        (7, 9, 2023),
        "Quyết định",
        "Về việc phê duyệt Đề án chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2023 - 2025",
    ),
    SampleDocument(
        "02-nq-hdnd",
        ("HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NGÃI"),
        "05/2019/NQ-HĐND",
        "Quảng Ngãi",
        (12, 7, 2019),
        "Nghị quyết",
        "Quy định mức chi bảo đảm cho công tác cải cách hành chính nhà nước",
    ),
    SampleDocument(
        "03-cv-huyen",
        ("ỦY BAN NHÂN DÂN", "HUYỆN BÌNH SƠN"),
        "12/UBND-VX",
        "Bình Sơn",
        (3, 11, 2026),
        "Công văn",
        "triển khai Tháng hành động chuyển đổi số năm 2026",
    ),
    SampleDocument(
        "04-kh-so",
        ("UBND TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
        "245/KH-SKHCN",
        "Quảng Ngãi",
        (15, 1, 2026),
        "Kế hoạch",
        "Triển khai nền tảng số dùng chung của tỉnh năm 2026",
    ),
    SampleDocument(
        "05-ct-tu",
        ("TỈNH ỦY QUẢNG NGÃI",),
        "19-CT/TU",
        "Quảng Ngãi",
        (18, 5, 2022),
        "Chỉ thị",
        "về tăng cường sự lãnh đạo của Đảng đối với chuyển đổi số tỉnh Quảng Ngãi",
        party=True,
    ),
    SampleDocument(
        "06-nq-tu",
        ("TỈNH ỦY QUẢNG NGÃI",),
        "28-NQ/TU",
        "Quảng Ngãi",
        (7, 9, 2023),
        "Nghị quyết",
        "về chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030",
        party=True,
    ),
    SampleDocument(
        "07-tb-vp",
        ("UBND TỈNH QUẢNG NGÃI", "VĂN PHÒNG"),
        "318/TB-VP",
        "Quảng Ngãi",
        (24, 11, 2026),
        "Thông báo",
        "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp giao ban tháng 11 năm 2026",
    ),
    SampleDocument(
        "08-bc-xa",
        ("ỦY BAN NHÂN DÂN", "XÃ BÌNH SƠN"),
        "57/BC-UBND",
        "Bình Sơn",
        (30, 6, 2025),
        "Báo cáo",
        "Kết quả thực hiện nhiệm vụ chuyển đổi số 6 tháng đầu năm 2025",
    ),
    SampleDocument(
        "09-cv-hu",
        ("ĐẢNG BỘ TỈNH QUẢNG NGÃI", "HUYỆN ỦY BÌNH SƠN"),
        "1040-CV/HU",
        "Bình Sơn",
        (13, 9, 2023),
        "Công văn",
        "sao gửi Nghị quyết về chuyển đổi số",
        party=True,
    ),
    SampleDocument(
        "10-gm-so",
        ("UBND TỈNH QUẢNG NGÃI", "SỞ TƯ PHÁP"),
        "88/GM-STP",
        "Quảng Ngãi",
        (2, 3, 2026),
        "Giấy mời",
        "Dự hội nghị triển khai công tác tư pháp năm 2026",
    ),
    SampleDocument(
        "11-ttr-so",
        ("UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"),
        "142/TTr-STC",
        "Quảng Ngãi",
        (9, 10, 2026),
        "Tờ trình",
        "Đề nghị phê duyệt dự toán kinh phí số hóa hồ sơ lưu trữ",
    ),
    SampleDocument(
        "12-hd-ban",
        ("TỈNH ỦY QUẢNG NGÃI", "BAN TUYÊN GIÁO"),
        "07-HD/BTGTU",
        "Quảng Ngãi",
        (20, 4, 2024),
        "Hướng dẫn",
        "tuyên truyền kỷ niệm 80 năm Ngày thành lập Đảng bộ tỉnh",
        party=True,
    ),
)


def truth(doc: SampleDocument) -> dict:
    """The values a clerk registers, in the shape `extract_metadata` returns them."""
    day, month, year = doc.issued
    if len(doc.issuer_lines) == 1 or doc.issuer_lines[0] in {
        "ỦY BAN NHÂN DÂN",
        "HỘI ĐỒNG NHÂN DÂN",
    }:
        issuer = doc.issuer
    else:
        issuer = doc.issuer_lines[-1]
    return {
        "notation": doc.notation,
        "issued_date": f"{year:04d}-{month:02d}-{day:02d}",
        "issuer": issuer,
        "doc_type": doc.type_name,
        "subject": doc.subject,
    }
