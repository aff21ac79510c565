"""`manage.py load_demo_service_dossiers`: dossiers at UBND phường Cẩm Thành at every stage, made
through the services (audited, dated by them). Runs after load_demo_data, load_demo_procedures and
create_demo_signing_keys; idempotent: a stage already present is not made again."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.services import payments, services
from chinhquyenso.services.choices import Channel, DossierStatus, StepRole
from chinhquyenso.services.demo_dossiers import DEMO_PASSPHRASE, STAFF, Cast, cast, pdf
from chinhquyenso.services.models import Procedure, ServiceDossier, WarehouseDocumentType

BIRTH, COPY, BUSINESS, BUILDING = "1.001193", "2.000815", "1.001612", "1.009994"
WALK_IN_CCCD = "051078001122"


def _unit(c: Cast) -> str:
    unit = c.agency.administrative_unit
    if unit is None:
        raise CommandError("Run `manage.py import_admin_units` before `load_demo_data`.")
    return unit.code


def _day(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).strftime("%d/%m/%Y")


def _answers(c: Cast, code: str, who) -> dict:
    """E-form answers of each demo procedure (data/services/procedures.json)."""
    if code == BIRTH:
        return {
            "child_full_name": f"{who.full_name.split()[0]} Gia Hân",
            "child_sex": "Nữ",
            "child_date_of_birth": _day(12),
            "child_place_of_birth": _unit(c),
            "child_ethnicity": "Kinh",
            "child_nationality": "Việt Nam",
            "mother_full_name": "Trương Thị Ngọc Ánh",
            "mother_cccd": "051192003456",
            "father_full_name": who.full_name,
            "father_cccd": who.citizen_id,
            "applicant_relationship": "Cha" if who.username == "congdan" else "Mẹ",
            "applicant_phone": "0905123456",
        }
    if code == COPY:
        return {
            "document_title": "Bằng tốt nghiệp đại học",
            "issuing_body": "Trường Đại học Phạm Văn Đồng",
            "pages": 1,
            "copies": 3,
            "applicant_cccd": who.citizen_id,
            "applicant_phone": "0905123456",
        }
    if code == BUSINESS:
        return {
            "business_name": f"Hộ kinh doanh {who.full_name}",
            "business_address": _unit(c),
            "street_address": "12 Phan Đình Phùng",
            "business_lines": "Bán lẻ lương thực, thực phẩm, đồ uống (4711)",
            "capital": 80000000,
            "owner_full_name": who.full_name,
            "owner_cccd": who.citizen_id,
            "owner_date_of_birth": "15/08/1990",
            "phone": "0935246810",
        }
    return {
        "owner_full_name": who.full_name,
        "owner_cccd": who.citizen_id,
        "site_unit": _unit(c),
        "land_parcel": "Thửa đất số 125, tờ bản đồ số 12",
        "floor_area": 180,
        "floors": 3,
        "work_kind": "Nhà ở riêng lẻ",
        "phone": "0914135792",
    }


def _procedure(code: str) -> Procedure:
    procedure = Procedure.objects.filter(code=code, is_active=True).first()
    if procedure is None:
        raise CommandError("Run `manage.py load_demo_procedures` first.")
    return procedure


def _draft(c: Cast, who, code: str, answers: dict | None = None) -> ServiceDossier:
    """A draft with its e-form and every mandatory paper uploaded."""
    dossier = services.start_application(who, _procedure(code), c.agency)
    services.save_form(who, dossier, answers or _answers(c, code, who))
    for required in dossier.procedure.required_documents.filter(mandatory=True):
        services.attach(who, dossier, required, pdf(required.name, f"Người nộp: {who}."))
    return dossier


def _online(c: Cast, who, code: str, key: str) -> ServiceDossier:
    return services.submit(who, _draft(c, who, code), f"demo-{key}")


def _processed(c: Cast, dossier: ServiceDossier, result_title: str) -> ServiceDossier:
    """Accepted, the unit's steps done and the result drafted: waiting for the leader."""
    services.check_and_accept(c.officer, dossier)
    while (step := services.current_step(dossier)).step.role != StepRole.LEADER:
        services.complete_step(c.specialist, step, "Hồ sơ hợp lệ, đề nghị lãnh đạo ký.")
    services.upload_result(c.specialist, dossier, pdf(result_title, f"Hồ sơ {dossier.code}."))
    return dossier


def _signed(c: Cast, dossier: ServiceDossier, result_title: str) -> ServiceDossier:
    _processed(c, dossier, result_title)
    services.approve(c.leader, dossier, "Đồng ý.")
    return services.sign_result(c.leader, dossier, DEMO_PASSPHRASE)


def draft(c: Cast) -> ServiceDossier:
    """Copies of the CCCD to certify, the CCCD picked from the citizen's warehouse."""
    kind = WarehouseDocumentType.objects.get(code="can-cuoc")
    item = services.my_documents(c.citizen).filter(doc_type=kind).first()
    if item is None:
        item = services.upload_document(
            c.citizen, kind, "Căn cước của tôi", pdf("CĂN CƯỚC", c.citizen.citizen_id)
        )
    dossier = services.start_application(c.citizen, _procedure(COPY), c.agency)
    answers = {
        **_answers(c, COPY, c.citizen),
        "document_title": "Căn cước",
        "issuing_body": "Bộ Công an",
    }
    services.save_form(c.citizen, dossier, answers)
    original = dossier.procedure.required_documents.get(order=1)
    services.attach(c.citizen, dossier, original, warehouse_item=item)
    return dossier


def submitted(c: Cast) -> ServiceDossier:
    return _online(c, c.citizen, BUSINESS, "submitted")


def supplement(c: Cast) -> ServiceDossier:
    dossier = _online(c, c.mai, BIRTH, "supplement")
    services.request_supplement(
        c.officer,
        dossier,
        ["Giấy chứng sinh bản chính: bản đã nộp là bản chụp, không rõ dấu của cơ sở y tế."],
    )
    return dossier


def refused(c: Cast) -> ServiceDossier:
    dossier = _online(c, c.thu, COPY, "refused")
    reason = (
        "Bản chính giấy tờ bị tẩy xóa, sửa chữa nội dung nên không được dùng làm cơ sở chứng thực "
        "bản sao (Nghị định 23/2015/NĐ-CP, Điều 22)."
    )
    return services.refuse(c.officer, dossier, reason)


def processing(c: Cast) -> ServiceDossier:
    dossier = _online(c, c.citizen, BUILDING, "processing")
    services.check_and_accept(c.officer, dossier)
    services.hand_over(c.officer, services.current_step(dossier), c.specialist)
    services.start_step(c.specialist, services.current_step(dossier))
    return dossier


def awaiting_approval(c: Cast) -> ServiceDossier:
    dossier = _online(c, c.mai, BUSINESS, "awaiting-approval")
    return _processed(c, dossier, "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH")


def result_ready(c: Cast) -> ServiceDossier:
    return _signed(c, _online(c, c.citizen, BIRTH, "result-ready"), "GIẤY KHAI SINH")


def returned(c: Cast) -> ServiceDossier:
    dossier = _online(c, c.citizen, COPY, "returned")
    payment = payments.start_payment(c.citizen, dossier)
    payments.confirm_payment(c.officer, payment)
    _signed(c, dossier, "BẢN SAO ĐƯỢC CHỨNG THỰC TỪ BẢN CHÍNH")
    services.return_result(c.officer, dossier)
    services.rate(c.citizen, dossier, 5, "Nhanh, cán bộ hướng dẫn tận tình.")
    return dossier


def late(c: Cast) -> ServiceDossier:
    """Found late before its date: an apology letter moves the appointment (Mẫu số 04)."""
    dossier = _online(c, c.thu, BUILDING, "late")
    services.check_and_accept(c.officer, dossier)
    services.start_step(c.specialist, services.current_step(dossier))
    dossier.refresh_from_db()
    services.issue_apology(
        c.specialist,
        dossier,
        "Cần kiểm tra lại ranh giới thửa đất với hộ liền kề trước khi thẩm định.",
        core.add_working_days(dossier.due_date, 5),
    )
    return dossier


def walk_in(c: Cast) -> ServiceDossier:
    """Handed in at the counter by someone without an account; the scans are digitised."""
    procedure = _procedure(COPY)
    original = procedure.required_documents.get(order=1)
    applicant = services.ApplicantData(
        "Phạm Văn Tâm", WALK_IN_CCCD, "0976543210", "", "25 Hùng Vương, phường Cẩm Thành"
    )
    form = {**_answers(c, COPY, c.citizen), "applicant_cccd": WALK_IN_CCCD}
    form["document_title"], form["issuing_body"] = "Bằng tốt nghiệp trung học phổ thông", "Sở GD&ĐT"
    scan = services.Scan(pdf("BẰNG TỐT NGHIỆP THPT", "Bản scan tại quầy."), "", original)
    dossier = services.receive_walk_in(
        c.officer, c.agency, procedure, services.WalkIn(applicant, form, [scan])
    )
    services.check_and_accept(c.officer, dossier)
    services.digitise_document(
        c.officer,
        dossier,
        WarehouseDocumentType.objects.get(code="van-bang"),
        "Bằng tốt nghiệp THPT (số hóa tại Bộ phận Một cửa)",
        pdf("BẰNG TỐT NGHIỆP THPT", "Bản số hóa."),
    )
    return dossier


def withdrawn(c: Cast) -> ServiceDossier:
    dossier = _online(c, c.thu, BIRTH, "withdrawn")
    return services.withdraw(c.thu, dossier, "Nộp nhầm nơi đăng ký.")


def _exists(c: Cast, name: str) -> bool:
    if name == "draft":
        return (
            services.own_dossiers(c.citizen)
            .filter(procedure__code=COPY, status=DossierStatus.DRAFT, agency=c.agency)
            .exists()
        )
    if name == "walk_in":
        return ServiceDossier.objects.filter(
            applicant__citizen_id=WALK_IN_CCCD, channel=Channel.COUNTER
        ).exists()
    key = f"demo-{name.replace('_', '-')}"
    return ServiceDossier.objects.filter(idempotency_key=key, agency=c.agency).exists()


SCENARIOS = (
    draft, submitted, supplement, refused, processing, awaiting_approval, result_ready, returned,
    late, walk_in, withdrawn,
)  # fmt: skip


class Command(BaseCommand):
    help = "Demo dossiers of the one-stop shop at every stage (idempotent)."

    def handle(self, *args, **options):
        c = cast()
        created = 0
        for scenario in SCENARIOS:
            if _exists(c, scenario.__name__):
                continue
            with transaction.atomic():
                scenario(c)
            created += 1
        counts = ", ".join(
            f"{label} {ServiceDossier.objects.filter(agency=c.agency, status=status).count()}"
            for status, label in DossierStatus.choices
        )
        staff = ", ".join(f"{username} / {password}" for username, *_seed, password in STAFF)
        self.stdout.write(
            _(
                "Demo service dossiers at %(agency)s: %(created)s created, %(present)s already "
                "present (%(counts)s); applicants congdan, %(citizens)s and a walk-in; staff "
                "sign-ins %(staff)s; agency key password %(passphrase)s (demo only)."
            )
            % {
                "agency": c.agency.short_name,
                "created": created,
                "present": len(SCENARIOS) - created,
                "counts": counts,
                "citizens": f"{c.mai.username}, {c.thu.username}",
                "staff": staff,
                "passphrase": DEMO_PASSPHRASE,
            }
        )
