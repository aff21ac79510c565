"""Two instances of the platform on loopback — two SQLite databases, two gunicorn servers on two
ports, two instance keys — exchange signed edXML over HTTP: statuses flow back, a recall removes
the document, a duplicate delivery gives one document, a receiver that was down gets the message
on retry, and bad input is refused with a logged reason."""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from chinhquyenso.exchange import edxml, keys

ROOT = Path(__file__).resolve().parents[3]
A_ORGAN, B_ORGAN = "000.01.00.H48", "000.01.00.H31"
A_SECRET, B_SECRET = "qngai-bi-mat-2026", "qnam-bi-mat-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the two instances use their own SQLite files; run once, in the SQLite pass",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Instance:
    def __init__(self, name: str, folder: Path, port: int, **extra_env):
        self.name, self.folder, self.port = name, folder, port
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
        self.env.update(
            DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
            VAR_DIR=str(folder),
            TASKS_IMMEDIATE="1",
            DJANGO_SETTINGS_MODULE="chinhquyenso.config.settings",
            EXCHANGE_HTTP_TIMEOUT="20",
            **extra_env,
        )
        self.server = None

    @property
    def inbound_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/exchange/inbound/"

    def node(self, command: str, **args) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "chinhquyenso.exchange.tests.loopback_node", command,
             json.dumps(args)],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "chinhquyenso.config.wsgi:application",
             "-b", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4",
             "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise AssertionError(f"{self.name} did not start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def key(self) -> keys.InstanceKey:
        folder = self.folder / "exchange"
        return keys.InstanceKey(
            (folder / "instance-key.pem").read_bytes(), (folder / "instance-cert.pem").read_bytes()
        )


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    base = tmp_path_factory.mktemp("loopback")
    a = Instance("Quảng Ngãi", base / "a", _free_port())
    b = Instance("Quảng Nam", base / "b", _free_port(), EXCHANGE_MAX_ATTACHMENT_KB="200")
    for instance in (a, b):
        instance.folder.mkdir()
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=a.env,
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    shutil.copy(a.folder / "db.sqlite3", b.folder / "db.sqlite3")
    a_cert = a.node("init", name="Văn phòng UBND tỉnh Quảng Ngãi", organ_id=A_ORGAN)["cert"]
    b_cert = b.node("init", name="Văn phòng UBND tỉnh Quảng Nam", organ_id=B_ORGAN)["cert"]
    a.node(
        "partner", name="Nền tảng tỉnh Quảng Nam", system_id="qnam", secret=B_SECRET,
        endpoint=b.inbound_url, cert=b_cert, outbound_system_id="qngai",
        outbound_secret=A_SECRET, organs=[[B_ORGAN, "Văn phòng UBND tỉnh Quảng Nam"]],
    )  # fmt: skip
    b.node(
        "partner", name="Nền tảng tỉnh Quảng Ngãi", system_id="qngai", secret=A_SECRET,
        endpoint=a.inbound_url, cert=a_cert, outbound_system_id="qnam",
        outbound_secret=B_SECRET, organs=[[A_ORGAN, "Văn phòng UBND tỉnh Quảng Ngãi"]],
    )  # fmt: skip
    a.start()
    b.start()
    yield a, b
    a.stop()
    b.stop()


def test_signed_document_with_attachments_and_statuses_01_03_05_06(pair):
    a, b = pair
    sent = a.node("send", **{"from": A_ORGAN, "to": B_ORGAN, "number": "101",
                             "subject": "Về việc phối hợp liên thông văn bản"})  # fmt: skip
    assert sent["state"] == "delivered", sent
    assert {"01", "03"} <= set(sent["statuses"])
    got = b.node("received", document_id=sent["document_id"])
    assert got["inbound"] == 1 and got["incoming"] == 1
    assert got["file"] == ["101-UBND-VP.pdf"]
    assert got["attachments"] == ["PhuLuc-01.txt", "PhuLuc-02.pdf"]
    assert got["signature_verified"] == [True]
    b.node("handle", document_id=sent["document_id"])
    after = a.node("delivery", message=sent["message"])
    assert after["remote_status"] == "06"
    assert [c for c in after["statuses"] if c != "01"] == ["03", "05", "06"]
    assert "01" in after["statuses"]


def test_the_same_message_delivered_twice_gives_one_document(pair):
    a, b = pair
    sent = a.node("send", **{"from": A_ORGAN, "to": B_ORGAN, "number": "102",
                             "subject": "Gửi hai lần"})  # fmt: skip
    assert a.node("resend", message=sent["message"], times=2)["http_status"] == [200, 200]
    got = b.node("received", document_id=sent["document_id"])
    assert (got["inbound"], got["incoming"]) == (1, 1)
    assert [entry[0] for entry in b.node("counts", last=4)["last"]].count("duplicate") == 2


def test_recall_13_is_accepted_15_and_removes_the_document(pair):
    a, b = pair
    sent = a.node("send", **{"from": A_ORGAN, "to": B_ORGAN, "number": "103",
                             "subject": "Sẽ thu hồi"})  # fmt: skip
    assert b.node("received", document_id=sent["document_id"])["incoming"] == 1
    assert a.node("recall", message=sent["message"], reason="Ban hành nhầm")["requests"] == 1
    got = b.node("received", document_id=sent["document_id"])
    assert got["states"] == ["recalled"] and got["incoming"] == 0
    assert a.node("delivery", message=sent["message"])["remote_status"] == "15"


def test_a_receiver_that_was_down_gets_the_message_on_retry(pair):
    a, b = pair
    b.stop()
    try:
        sent = a.node("send", **{"from": A_ORGAN, "to": B_ORGAN, "number": "104",
                                 "subject": "Gửi khi bên nhận tạm dừng"})  # fmt: skip
        assert sent["state"] == "retrying" and sent["attempts"] == 1
        assert a.node("deliver_due")["attempted"] == 0  # the backoff has not passed
    finally:
        b.start()
    assert a.node("deliver_due", later_seconds=3600)["attempted"] == 1
    after = a.node("delivery", message=sent["message"])
    assert after["state"] == "delivered" and after["attempts"] == 2
    assert b.node("received", document_id=sent["document_id"])["incoming"] == 1


def _post(instance, payload: bytes, system_id="qngai", secret=A_SECRET):
    request = urllib.request.Request(
        instance.inbound_url, data=payload, method="POST",
        headers={"X-Exchange-System-Id": system_id, "X-Exchange-Secret": secret,
                 "Content-Type": "application/xml"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _message(sender=A_ORGAN, attachment=PDF) -> edxml.Message:
    import datetime

    return edxml.Message(
        sender=edxml.Organization(sender, "Gửi thử"),
        recipients=[edxml.Organization(B_ORGAN, "Văn phòng UBND tỉnh Quảng Nam")],
        code_number="999", code_notation="UBND-VP", promulgation_place="Quảng Ngãi",
        promulgation_date=datetime.date.today(), document_type=1, type_name="Công văn",
        subject="Đầu vào xấu",
        attachments=[edxml.Attachment("1", "x.pdf", attachment, "application/pdf")],
    )  # fmt: skip


def test_bad_input_is_refused_with_a_logged_reason_and_nothing_stored(pair):
    a, b = pair
    before = b.node("counts")
    a_key = a.key()
    bomb = (
        b'<!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<edXMLEnvelope>&b;</edXMLEnvelope>"
    )
    impostor = keys.generate("impostor")
    big = PDF + base64.b64encode(os.urandom(300 * 1024))
    cases = [
        (b"<edXMLEnvelope><broken>", {}, 400, "malformed"),
        (bomb, {}, 400, "dtd"),
        (edxml.encode_message(_message(), impostor.key_pem, impostor.cert_pem), {}, 400,
         "signature"),
        (edxml.encode_message(_message(), a_key.key_pem, a_key.cert_pem),
         {"secret": "sai-mat-khau"}, 401, ""),
        (edxml.encode_message(_message(sender="000.00.00.G99"), a_key.key_pem, a_key.cert_pem),
         {}, 403, ""),
        (edxml.encode_message(_message(attachment=big), a_key.key_pem, a_key.cert_pem), {}, 413,
         "attachment_too_large"),
    ]  # fmt: skip
    for payload, credentials, status, reason in cases:
        code, body = _post(b, payload, **credentials)
        assert code == status, (status, body)
        assert reason in body.get("reason", "")
    after = b.node("counts", last=len(cases))
    assert (after["incoming"], after["inbound"]) == (before["incoming"], before["inbound"])
    assert after["log"] == before["log"] + len(cases)
    assert all(outcome == "refused" and logged_reason for outcome, logged_reason in after["last"])
    assert a.node("verify")["intact"] and b.node("verify")["intact"]
