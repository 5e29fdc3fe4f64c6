"""The outgoing email: threading headers, a signed Message-ID, Outlook headers, UTF-8."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from core.errors import PermanentError
from core.mailconv import REPLY_SEPARATOR
from core.settings import Settings
from replies.outbound import (
    LOOP_HEADER,
    as_wire_bytes,
    build_reply,
    cap_references,
    make_message_id,
    reference_chain,
    thread_index,
    verify_message_id,
)
from replies.sending import parse_relay_url
from storage.enums import DraftStatus
from storage.models import Draft, Message

NOW = datetime(2026, 3, 13, 10, 30, tzinfo=UTC)
OUTLOOK_INDEX = base64.b64encode(bytes(range(22))).decode()
INBOUND_RAW = (
    b"From: =?utf-8?q?Zo=C3=AB_Br=C3=A9nnan?= <zoe@example.org>\r\n"
    b"To: advice@advice-line.example\r\nSubject: EHCNA refused\r\n"
    b"Message-ID: <parent.2@example.org>\r\nThread-Topic: EHCNA refused\r\n"
    b"Thread-Index: " + OUTLOOK_INDEX.encode() + b"\r\n\r\nHello\r\n"
)


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(secret_key="test-secret", message_id_domain="replies.example")


def _inbound(**values: object) -> Message:
    base: dict[str, object] = {
        "id": 8, "raw": INBOUND_RAW, "message_id_header": "<parent.2@example.org>",
        "message_id_generated": False, "from_address": "zoe@example.org",
        "from_name": "Zoë Brénnan", "subject": "EHCNA refused", "via_address": None,
        "references": ["<root@example.org>", "<parent.1@example.org>"], "in_reply_to": None,
    }
    base.update(values)
    return Message(**base)


def _draft(settings: Settings, inbound: Message, **values: object) -> Draft:
    in_reply_to, references = reference_chain(inbound)
    base: dict[str, object] = {
        "id": 77, "case_id": 12, "message_id": inbound.id, "status": DraftStatus.SENDING,
        "to_address": "zoe@example.org", "subject": "Re: EHCNA refused [ST-12]",
        "body": "Dear Zoë,\n\nThe last day to appeal is 11 May 2026.\n",
        "outgoing_message_id": make_message_id(settings, 12, 77),
        "in_reply_to": in_reply_to, "references": references,
    }
    base.update(values)
    return Draft(**base)


def _sent(settings: Settings, draft: Draft, inbound: Message) -> EmailMessage:
    raw = as_wire_bytes(build_reply(draft, inbound, settings, now=NOW))
    return BytesParser(policy=policy.default).parsebytes(raw)


def test_reply_goes_from_the_helpline_to_the_parent_with_re_subject(settings: Settings) -> None:
    inbound = _inbound()
    msg = _sent(settings, _draft(settings, inbound), inbound)
    assert msg["From"] == settings.reply_from
    assert msg["To"].addresses[0].addr_spec == "zoe@example.org"
    assert msg["To"].addresses[0].display_name == "Zoë Brénnan"
    assert msg["Subject"] == "Re: EHCNA refused [ST-12]"


def test_reply_threads_with_in_reply_to_and_references(settings: Settings) -> None:
    inbound = _inbound()
    msg = _sent(settings, _draft(settings, inbound), inbound)
    assert msg["In-Reply-To"] == "<parent.2@example.org>"
    assert str(msg["References"]).split() == [
        "<root@example.org>", "<parent.1@example.org>", "<parent.2@example.org>"]


def test_our_message_id_carries_the_case_and_is_verified_on_return(settings: Settings) -> None:
    inbound = _inbound()
    draft = _draft(settings, inbound)
    msg = _sent(settings, draft, inbound)
    assert msg["Message-ID"] == draft.outgoing_message_id
    assert verify_message_id(settings, str(msg["Message-ID"])) == (12, 77)


def test_a_forged_or_foreign_message_id_is_not_verified(settings: Settings) -> None:
    genuine = make_message_id(settings, 12, 77)
    forged = genuine.replace("st.12.", "st.13.")
    assert verify_message_id(settings, forged) is None
    assert verify_message_id(settings, genuine.replace("replies.example", "evil.example")) is None
    assert verify_message_id(settings, "<parent.2@example.org>") is None


def test_each_message_id_is_new(settings: Settings) -> None:
    assert make_message_id(settings, 1, 1) != make_message_id(settings, 1, 1)


def test_outlook_gets_thread_topic_and_a_child_thread_index(settings: Settings) -> None:
    inbound = _inbound()
    msg = _sent(settings, _draft(settings, inbound), inbound)
    assert msg["Thread-Topic"] == "EHCNA refused"
    index = base64.b64decode(str(msg["Thread-Index"]))
    assert len(index) == 27
    assert index[:22] == bytes(range(22))


def test_a_new_thread_index_has_a_22_byte_header_shared_by_the_thread() -> None:
    first = base64.b64decode(thread_index(None, "<root@example.org>", NOW))
    later = base64.b64decode(thread_index(None, "<root@example.org>", NOW + timedelta(days=1)))
    assert len(first) == 22
    assert first[6:] == later[6:]


def test_reply_is_marked_as_ours_but_not_as_automatic(settings: Settings) -> None:
    inbound = _inbound()
    msg = _sent(settings, _draft(settings, inbound), inbound)
    assert msg[LOOP_HEADER] == "12.77"
    assert msg["Auto-Submitted"] is None
    assert msg["Precedence"] is None


def test_body_is_utf8_with_the_reply_above_line_separator(settings: Settings) -> None:
    inbound = _inbound()
    msg = _sent(settings, _draft(settings, inbound), inbound)
    assert msg.get_content_charset() == "utf-8"
    text = msg.get_content()
    assert text.startswith(REPLY_SEPARATOR)
    assert "Dear Zoë," in text
    assert "11 May 2026" in text


def test_references_are_capped_keeping_the_root_and_the_newest() -> None:
    chain = [f"<m{i}@example.org>" for i in range(15)]
    capped = cap_references(chain)
    assert len(capped) == 10
    assert capped[0] == "<m0@example.org>"
    assert capped[-1] == "<m14@example.org>"
    assert capped[1] == "<m6@example.org>"


def test_a_made_up_inbound_message_id_is_not_replied_to() -> None:
    inbound = _inbound(message_id_generated=True, references=[])
    assert reference_chain(inbound) == (None, [])


def test_a_forwarded_message_replies_to_the_parents_attached_original() -> None:
    raw = (
        b"From: enquiries@advice-line.example\r\nTo: advice@advice-line.example\r\n"
        b"Subject: Fwd: help\r\nMessage-ID: <fwd.1@advice-line.example>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nSee below\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\n\r\n"
        b"From: zoe@example.org\r\nSubject: help\r\nMessage-ID: <orig.9@example.org>\r\n\r\n"
        b"Please help\r\n--b--\r\n"
    )
    inbound = _inbound(raw=raw, via_address="enquiries@advice-line.example",
                       message_id_header="<fwd.1@advice-line.example>", references=[])
    assert reference_chain(inbound) == ("<orig.9@example.org>", ["<orig.9@example.org>"])


def test_a_forward_without_the_original_attached_sets_no_in_reply_to() -> None:
    inbound = _inbound(via_address="enquiries@advice-line.example",
                       message_id_header="<fwd.1@advice-line.example>")
    assert reference_chain(inbound) == (None, [])


def test_a_draft_without_an_outgoing_message_id_cannot_be_built(settings: Settings) -> None:
    inbound = _inbound()
    with pytest.raises(PermanentError, match="Message-ID"):
        build_reply(_draft(settings, inbound, outgoing_message_id=None), inbound, settings)


def test_a_recipient_with_header_injection_is_refused(settings: Settings) -> None:
    inbound = _inbound()
    draft = _draft(settings, inbound, to_address="zoe@example.org\r\nBcc: x@evil.example")
    with pytest.raises(PermanentError, match="recipient"):
        build_reply(draft, inbound, settings)


def test_relay_urls_name_host_port_security_and_login() -> None:
    plain = parse_relay_url("smtp://127.0.0.1:2526")
    assert (plain.host, plain.port, plain.security, plain.username) == (
        "127.0.0.1", 2526, "none", None)
    tls = parse_relay_url("smtps://relay.example")
    assert (tls.port, tls.security) == (465, "tls")
    starttls = parse_relay_url("smtp+starttls://us%40er:p%3Ass@relay.example")
    assert (starttls.port, starttls.security) == (587, "starttls")
    assert (starttls.username, starttls.password) == ("us@er", "p:ss")


def test_a_relay_url_with_another_scheme_is_refused() -> None:
    with pytest.raises(PermanentError, match="smtp://"):
        parse_relay_url("http://relay.example")
