"""The demo reports of `load_demo_feedback`: what citizens of Quảng Ngãi report, where, and how far
each report got. Days count back from today; `accept` and `close` are days after the receipt."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Seed:
    key: str  # the report's client_key: "demo-feedback-<key>" (what makes the loader idempotent)
    reporter: str  # a citizen's username, or "phone:<officer username>" for a phone-in report
    category: str
    unit: str | None  # GSO code of the commune or ward (post-2025)
    address: str
    description: str
    ago: int  # days since it was received
    accept: int | None = None
    close: int | None = None
    answer: str = ""
    reject: str = ""
    duplicate_of: str = ""  # the key of the report it repeats
    transfer_to: str = ""  # electronic id of the agency it is sent on to
    rating: bool | None = None
    comment: str = ""
    public: bool = True
    point: tuple[str, str] | None = None
    caller: tuple[str, str] = ("", "")  # name and phone of a phone-in reporter


CAM_THANH, NGHIA_LO, BINH_SON, LY_SON = "21025", "21028", "21040", "21548"

SEEDS = (
    # Phường Cẩm Thành: its People's Committee receives (motcua).
    Seed("01", "congdan", "MT-RAC", CAM_THANH, "Hẻm 45 Lê Trung Đình",
         "Bãi rác tự phát ở cuối hẻm 45 Lê Trung Đình, người dân nơi khác chở rác đến đổ cả ngày, "
         "ruồi nhặng rất nhiều.", ago=1, point=("15.121830", "108.801210")),
    Seed("02", "congdan", "HT-CHIEUSANG", CAM_THANH, "Đường Phan Đình Phùng",
         "Ba bóng đèn đường trên đường Phan Đình Phùng, đoạn trước Trường Tiểu học Cẩm Thành, "
         "không sáng hơn một tuần, buổi tối học sinh đi học thêm về rất tối.",
         ago=40, accept=1, close=4, rating=True, comment="Đèn sáng lại rồi, cảm ơn phường.",
         answer="UBND phường đã phối hợp Công ty Cổ phần Môi trường đô thị Quảng Ngãi thay 3 bóng "
                "đèn LED và kiểm tra lại tủ điện chiếu sáng của tuyến đường."),
    Seed("03", "nguyenthimai", "DT-VIAHE", CAM_THANH, "120 Hùng Vương",
         "Quán cà phê ở số 120 Hùng Vương kê bàn ghế chiếm hết vỉa hè, người đi bộ phải xuống "
         "lòng đường.", ago=3, accept=1),
    Seed("04", "lethithu", "AN-TT", CAM_THANH, "Đường Nguyễn Nghiêm",
         "Nhóm thanh niên tụ tập đua xe, nẹt pô trên đường Nguyễn Nghiêm từ 23 giờ đến 1 giờ sáng "
         "các tối cuối tuần.", ago=24, accept=1, public=False),
    Seed("05", "congdan", "HT-NUOC", CAM_THANH, "32 Trần Hưng Đạo",
         "Cống thoát nước trước nhà số 32 Trần Hưng Đạo bị tắc, mưa xuống là nước tràn vào nhà.",
         ago=55, accept=1, close=16, rating=False,
         comment="Mới nạo vét một đoạn, mưa lớn hôm qua vẫn ngập.",
         answer="Đội quản lý hạ tầng đô thị đã nạo vét 40 m cống dọc trước nhà số 28 đến 36 Trần "
                "Hưng Đạo và thay nắp hố ga bị vỡ."),
    Seed("06", "nguyenthimai", "MT-RAC", CAM_THANH, "Đầu hẻm 45 Lê Trung Đình",
         "Rác đổ đầy đầu hẻm 45 Lê Trung Đình, bốc mùi rất khó chịu, đề nghị phường xử lý.",
         ago=0, duplicate_of="01"),
    Seed("07", "phone:motcua", "GT-DUONG", CAM_THANH, "Đường Quang Trung, gần ngã tư Lê Lợi",
         "Ổ gà lớn giữa đường Quang Trung, đoạn gần ngã tư Lê Lợi, đã có người đi xe máy bị té.",
         ago=4, accept=0, caller=("Trần Văn Hải", "0905111222")),
    Seed("08", "lethithu", "DD-XAYDUNG", CAM_THANH, "Tổ dân phố 5",
         "Nhà bên cạnh xây tường rào lấn sang đất nhà tôi khoảng 30 cm, đề nghị phường giải quyết.",
         ago=12, close=2,
         reject="Tranh chấp ranh giới đất giữa hai hộ gia đình được giải quyết bằng hòa giải tại "
                "UBND phường (Luật Đất đai 2024, Điều 235). Đề nghị bà nộp đơn yêu cầu hòa giải "
                "tại Bộ phận Một cửa của phường."),
    # Phường Nghĩa Lộ: its People's Committee receives (motcua_nghialo).
    Seed("09", "nguyenthimai", "MT-RAC", NGHIA_LO, "Đường Trường Chinh",
         "Cơ sở sản xuất nước đá trên đường Trường Chinh xả nước thải ra mương thoát nước chung, "
         "nước đen và bốc mùi.", ago=35, accept=1, close=5, rating=True,
         answer="UBND phường đã kiểm tra, lập biên bản và yêu cầu cơ sở dừng xả thải, lắp đặt bể "
                "xử lý nước thải trong 15 ngày; phường sẽ kiểm tra lại việc khắc phục."),
    Seed("10", "congdan", "DT-VIAHE", NGHIA_LO, "Trước số 15 Lê Khiết",
         "Cây phượng trước số 15 Lê Khiết bị nghiêng, rễ bật lên vỉa hè, có nguy cơ đổ vào nhà "
         "dân khi có gió lớn.", ago=0, point=("15.116420", "108.797350")),
    Seed("11", "lethithu", "HT-CHIEUSANG", NGHIA_LO, "Công viên Ba Tơ",
         "Toàn bộ đèn chiếu sáng trong công viên Ba Tơ không hoạt động, buổi tối rất tối và "
         "không an toàn.", ago=21, accept=2),
    Seed("12", "congdan", "YT-ATTP", NGHIA_LO, "Tổ dân phố 3",
         "Tổ dân phố 3 đã có 4 người mắc sốt xuất huyết trong tuần, đề nghị phun thuốc diệt muỗi.",
         ago=18, accept=0, close=2,
         answer="Trạm Y tế phường đã phun hóa chất diệt muỗi toàn tổ dân phố 3 và cùng tổ dân phố "
                "phát động chiến dịch diệt lăng quăng, bọ gậy."),
    Seed("13", "congdan", "HT-NUOC", NGHIA_LO, "Đường Nguyễn Công Phương",
         "Đường ống cấp nước trên đường Nguyễn Công Phương bị vỡ, nước chảy tràn ra đường hai "
         "ngày nay.", ago=2, accept=0),
    # Xã Bình Sơn and đặc khu Lý Sơn: waiting for their People's Committee to receive them.
    Seed("14", "congdan", "TT-SATLO", BINH_SON, "Thôn Phú Long",
         "Bờ sông Trà Bồng đoạn qua thôn Phú Long sạt lở sâu vào đất vườn khoảng 5 m sau đợt mưa "
         "lớn, vài hộ dân ở sát mép sông.", ago=1, point=("15.295110", "108.763520")),
    Seed("15", "nguyenthimai", "GT-DUONG", BINH_SON, "Đường liên thôn Phú Long - Phú Lễ",
         "Đường bê tông liên thôn bị xe tải chở vật liệu làm nứt vỡ nhiều đoạn, mưa xuống lầy lội.",
         ago=2),
    Seed("16", "lethithu", "MT-RAC", LY_SON, "Bờ biển thôn Đông",
         "Rác thải nhựa dạt vào bờ biển thôn Đông sau đợt gió mùa, chưa ai thu gom.", ago=1),
    # Communes without their People's Committee on the platform, and categories not routed by
    # place: the Office of the provincial People's Committee receives (vanthu) and answers
    # (lanhdao).
    Seed("17", "congdan", "TTHC", None, "Trung tâm Phục vụ hành chính công tỉnh",
         "Hồ sơ đăng ký biến động đất đai tôi nộp tại Trung tâm Phục vụ hành chính công tỉnh đã "
         "quá hẹn 10 ngày nhưng chưa có kết quả, cũng không nhận được thư xin lỗi.",
         ago=45, accept=1, close=6, rating=True, comment="Đã nhận kết quả, cảm ơn.",
         answer="Văn phòng UBND tỉnh đã đôn đốc Chi nhánh Văn phòng đăng ký đất đai; hồ sơ đã có "
                "kết quả và được trả cho ông, kèm thư xin lỗi vì trễ hẹn."),
    Seed("18", "nguyenthimai", "TTHC", None, "Cổng dịch vụ công tỉnh",
         "Đề nghị hướng dẫn rõ thành phần hồ sơ của thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ "
         "trên Cổng dịch vụ công, hiện có hai hướng dẫn khác nhau.", ago=5, accept=1),
    Seed("19", "lethithu", "GD-TRUONG", "21211", "Trường Tiểu học Tịnh Khê",
         "Mái tôn phòng học lớp 3A Trường Tiểu học Tịnh Khê bị dột nhiều chỗ, mưa là học sinh "
         "phải dồn bàn.", ago=60, accept=1, close=20, rating=True,
         answer="UBND xã đã bố trí kinh phí thay mái tôn hai phòng học; công trình hoàn thành "
                "trong đợt nghỉ giữa học kỳ."),
    Seed("20", "phone:vanthu", "DD-XAYDUNG", "21211", "Sông Trà Khúc, đoạn qua xã Tịnh Khê",
         "Có ghe hút cát trái phép trên sông Trà Khúc, đoạn qua xã Tịnh Khê, vào ban đêm.",
         ago=28, accept=1, public=False, caller=("Người dân giấu tên", "0935000111")),
    Seed("21", "congdan", "CDS-MANG", None, "",
         "Không đăng nhập được Cổng dịch vụ công tỉnh bằng tài khoản định danh điện tử VNeID, "
         "báo lỗi hết phiên liên tục.", ago=1, point=("15.120450", "108.792650")),
    Seed("22", "lethithu", "TTHC", None, "Bộ phận Một cửa phường Cẩm Thành",
         "Công chức Bộ phận Một cửa phường Cẩm Thành hẹn trả kết quả chứng thực ba lần nhưng "
         "chưa trả.", ago=6, accept=2, transfer_to="000.00.01.H48"),
    Seed("23", "nguyenthimai", "MT-RAC", "21478", "Bãi biển Sa Huỳnh",
         "Bãi biển Sa Huỳnh sau lễ hội có nhiều rác thải nhựa chưa được thu gom.",
         ago=30, accept=1, close=4, rating=True,
         answer="Văn phòng UBND tỉnh đã chuyển UBND phường Sa Huỳnh tổ chức thu gom; bãi biển đã "
                "được làm sạch và đặt thêm thùng rác."),
    Seed("24", "congdan", "TT-SATLO", "21340", "Tuyến ĐT.623, đoạn qua xã Sơn Tây",
         "Sạt lở taluy dương trên tuyến ĐT.623 đoạn qua xã Sơn Tây, đất đá lấn nửa mặt đường, "
         "xe qua lại rất nguy hiểm.", ago=14, accept=0, close=1, rating=False,
         comment="Đã dọn đất nhưng chưa có biển cảnh báo ban đêm.",
         answer="Đơn vị quản lý đường bộ đã dọn đất đá, thông xe và đặt biển cảnh báo khu vực "
                "có nguy cơ sạt lở."),
    Seed("25", "lethithu", "AN-TT", "21400", "Xã Mộ Đức",
         "Quán karaoke hát to đến khuya.", ago=9, close=1,
         reject="Phản ánh chưa nêu địa chỉ quán và thời gian cụ thể nên chưa thể kiểm tra; đề nghị "
                "bà gửi lại phản ánh với địa chỉ, thời gian, hình ảnh nếu có."),
)  # fmt: skip
