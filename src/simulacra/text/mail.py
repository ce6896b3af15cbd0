"""E-mail messages de-identified through their structure, and written back as valid messages.

A message is parsed with the standard library (``email``, default policy) and
turned into one flat document that the de-identifier reads as e-mail text:

* the headers that carry people or free text, one ``Name: value`` line each, in
  the message's order: addresses (From, To, Cc, Bcc, Reply-To, Sender,
  Return-Path, Resent-*), Subject and other free text, the ``X-`` headers that are
  not mail plumbing (Enron's X-From, X-To, X-cc, X-bcc, X-Folder, X-Origin,
  X-FileName), and Date;
* then every text part (text/plain, text/html; not attachments), decoded.

Pieces are separated by a record-separator line (``\\x1e``) that no span crosses.
The whole flat document is one scope, so a display name, the same name in the
address (``vince.kaminski@...``) and in the body get the same fake. After
rewriting, each header is set again through the email library (addresses
re-quoted where a fake needs it), ``Date:`` is re-rendered from the shifted date
(the weekday is that of the new date), each text part is set back with its
subtype and disposition, and the message is serialised by the library, so the
output parses without defects. Message-ID, References and In-Reply-To are kept but for
the domain after ``@``, which takes the fake of that domain where the addresses had it (a
firm's name). A Received header keeps its words but for what names a machine or a person: its IP
addresses, mail addresses and date-time go into the flat document (one ``Received:`` line of them alone), so
they take the fakes the same address or IP takes elsewhere in the message (X-Originating-IP, the body) and the
shift ``Date:`` takes (the date re-rendered as ``Date:`` is), and its host
names take the fake of their domain where the addresses had it (``mail.northwind.com`` ->
``mail.<fake>``). The MIME headers are kept as they are.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import ipaddress
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

__all__ = ["SEPARATOR", "MailPlan", "flatten", "rebuild"]

SEPARATOR = "\n\x1e\n"

_ADDRESS = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "sender",
        "return-path",
        "resent-from",
        "resent-to",
        "resent-cc",
        "resent-bcc",
        "resent-sender",
        "delivered-to",
        "disposition-notification-to",
    }
)
_TEXT = frozenset({"subject", "comments", "keywords", "organization", "thread-topic", "date", "resent-date"})
_KEEP = frozenset(
    {
        "message-id",
        "references",
        "in-reply-to",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "content-disposition",
        "content-id",
        "content-description",
        "received",
        "x-mailer",
        "x-mimeole",
        "x-priority",
        "x-msmail-priority",
        "importance",
        "x-ms-has-attach",
        "x-ms-tnef-correlator",
        "x-simulacra-template",
        "dkim-signature",
        "arc-seal",
        "arc-message-signature",
        "arc-authentication-results",
        "authentication-results",
        "received-spf",
        "list-unsubscribe",
        "list-id",
        "precedence",
    }
)


@dataclass
class MailPlan:
    """What ``flatten`` took out of a message, to put the rewritten text back."""

    message: EmailMessage
    headers: list[tuple[int, str]] = field(default_factory=list)  # (index in message items, name)
    parts: list[Any] = field(default_factory=list)  # the text parts, in order
    # a Received header's value, its IP and mail addresses and where its date starts, by index in message items
    received: dict[int, tuple[str, list[tuple[int, int, str]], int | None]] = field(default_factory=dict)


def _treated(name: str) -> bool:
    low = name.lower()
    if low in _KEEP or low.startswith(("content-", "list-", "x-ms-", "arc-")):
        return False
    return low in _ADDRESS or low in _TEXT or low.startswith("x-") or low == "sent by"


def _part_text(part: Any) -> str | None:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("latin-1")
    return content if isinstance(content, str) else None


def flatten(raw: bytes) -> tuple[str, MailPlan]:
    """The flat document of a message (headers, then text parts) and the plan to rebuild it."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    plan = MailPlan(msg)
    lines: list[str] = []
    for i, ((name, value), (_, raw)) in enumerate(zip(msg.items(), msg.raw_items(), strict=True)):
        if name.lower() == "received":
            rec = str(value)
            found, when = _received_pieces(rec), _received_date(rec)
            if found or when is not None:
                plan.headers.append((i, name))
                plan.received[i] = (rec, found, when)
                tail = "" if when is None else f" ; {rec[when:].strip()}"
                lines.append(f"{name}: {' '.join(text for _, _, text in found)}{tail}")
            continue
        if not _treated(name):
            continue
        # the header as written, unfolded: the library re-renders an Exchange-style address
        # (`Tom O'Brien/HOU/ECT@ECT` -> `"Tom O'Brien/HOU/ECT"@ECT`), which reads as an address, not a name and
        # its office; encoded words (=?utf-8?...?=) are read decoded, as the library gives them
        shown = str(value) if "=?" in str(raw) or not isinstance(raw, str) else raw
        text = " ".join(shown.replace("\x1e", " ").split())
        plan.headers.append((i, name))
        lines.append(f"{name}: {text}")
    pieces = ["\n".join(lines)]
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text" or part.is_attachment():
            continue
        content = _part_text(part)
        if content is None:
            continue
        plan.parts.append(part)
        pieces.append(content.replace("\x1e", " "))
    return SEPARATOR.join(pieces), plan


def rebuild(plan: MailPlan, flat: str) -> bytes:
    """The message with its headers and text parts taken from the rewritten flat document."""
    pieces = flat.split(SEPARATOR)
    if len(pieces) != 1 + len(plan.parts):
        raise ValueError("the rewritten message lost a part separator")
    msg = plan.message
    head_lines = pieces[0].split("\n") if plan.headers else []
    items = list(msg.items())
    new_values: dict[int, str] = {}
    for (i, name), line in zip(plan.headers, head_lines, strict=True):
        prefix = f"{name}: "
        new_values[i] = line[len(prefix) :] if line.startswith(prefix) else line.partition(": ")[2]
    for part, text in zip(plan.parts, pieces[1:], strict=True):
        subtype = part.get_content_subtype()
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        cte = str(part.get("Content-Transfer-Encoding", "")).lower()
        kwargs: dict[str, Any] = {"subtype": subtype, "charset": "utf-8"}
        if disposition:
            kwargs["disposition"] = disposition
        if filename:
            kwargs["filename"] = filename
        if cte in ("base64", "quoted-printable"):
            kwargs["cte"] = cte
        elif max((len(x) for x in text.splitlines()), default=0) <= 900:
            kwargs["cte"] = "7bit" if text.isascii() else "8bit"  # as it was: lines kept, no re-encoding
        part.set_content(text, **kwargs)
    # the text parts first: setting a part's content rewrites its Content-* headers (at the end)
    now = {n.lower(): v for n, v in msg.items()}
    # every header is set again, in the message's order (removing one name removes all its copies)
    for name in {n for n, _ in msg.items()}:
        del msg[name]
    seen: set[str] = set()
    domains = _domain_map(items, new_values)
    fake_domain, fake_host = _on_fake_domains(domains), _on_fake_domains(domains, hosts=True)
    for i, (name, value) in enumerate(items):
        low = name.lower()
        seen.add(low)
        if i not in new_values:
            if low.startswith("content-") or low == "mime-version":
                if low not in now:
                    continue
                value = now[low]
            elif low in _ID_HEADERS:
                value = fake_domain(str(value))
            elif low == "received":
                value = fake_host(str(value))
            msg[name] = value
            continue
        if low == "received":
            msg[name] = fake_host(_received_value(*plan.received[i], new_values[i]))
            continue
        new = _header_value(name, new_values[i])
        if low in _ADDRESS and "<" in new:
            new = _requote(new)  # a fake with a comma ("Huang, Peters and Estrada") must be quoted
        try:
            msg[name] = new
        except (ValueError, TypeError, IndexError):
            msg[name] = _addresses(new) if low in _ADDRESS else new.replace("\n", " ")
        else:
            last: Any = (msg.get_all(name) or [None])[-1]
            if low in _ADDRESS and last is not None and bool(getattr(last, "defects", None)):
                # written as Exchange wrote it (`Ann Lee/HOU/ECT@ECT`), no valid address: set again as the library
                # renders it (`"Ann Lee/HOU/ECT"@ECT`), which parses without defects
                _drop_last(msg, name)
                msg[name] = str(last)
    for low, value in now.items():
        if low not in seen:
            msg[value.name] = value
    return msg.as_bytes(policy=email.policy.default)


_ID_HEADERS = frozenset({"message-id", "in-reply-to", "references", "resent-message-id"})


def _domain_map(items: list[tuple[str, Any]], new_values: dict[int, str]) -> dict[str, str]:
    """Each real mail domain of the address headers -> the domain its fake took (``anna@northwind.com`` ->
    ``leah@gibson-lozano.com``), read by pairing each header's addresses before and after, in order."""
    out: dict[str, str] = {}
    for i, new in new_values.items():
        name, old = items[i]
        if name.lower() not in _ADDRESS:
            continue
        before = email.utils.getaddresses([str(old)])
        after = email.utils.getaddresses([new])
        if len(before) != len(after):
            continue
        for (_, a), (_, b) in zip(before, after, strict=True):
            da, db = a.rpartition("@")[2].lower(), b.rpartition("@")[2].lower()
            if "@" in a and "@" in b and "." in da and da != db:
                out.setdefault(da, db)
    return out


def _on_fake_domains(domains: dict[str, str], *, hosts: bool = False) -> Any:
    """A function putting message identifiers (``<1234.abcd@northwind.com>``) on the fake of the domain the
    message's addresses had, a host below it too (``mail.northwind.com``): kept as plumbing, they named the
    firm the fakes hid. The part before ``@`` stays, so a thread's links hold wherever the domain's fake is
    the same (one message, or ``--corpus-consistent``). With ``hosts``, the host names of a Received header
    (``from mail.northwind.com (...)``, no ``@`` before them) are put on it the same way."""
    if not domains:
        return lambda value: value
    names = "|".join(re.escape(d) for d in sorted(domains, key=len, reverse=True))
    if hosts:
        pattern = re.compile(
            r"(?<![\w.@-])((?:[A-Za-z0-9-]+\.)*)(" + names + r")(?![\w-]|\.[A-Za-z0-9-])", re.IGNORECASE
        )
        return lambda value: pattern.sub(lambda m: m.group(1) + domains[m.group(2).lower()], value)
    pattern = re.compile(r"@((?:[A-Za-z0-9-]+\.)*)(" + names + r")(?=[>\s]|$)", re.IGNORECASE)
    return lambda value: pattern.sub(lambda m: "@" + m.group(1) + domains[m.group(2).lower()], value)


#: what a Received header names besides hosts: an IPv4 or IPv6 address (checked by ``ipaddress``: a
#: sendmail version ``8.9.3/8.9.3`` or a time ``16:39:00`` is none) and a mail address (``for <ann@x.com>``)
_RECEIVED_PIECE = re.compile(
    r"(?P<ip>(?:(?<=IPv6:)|(?<![\w.:]))(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w:]|\.\d))"
    r"|(?P<address>(?<![\w.+'-])[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)


def _received_pieces(value: str) -> list[tuple[int, int, str]]:
    """The IP and mail addresses of a Received header's value, with where they sit."""
    out = []
    for m in _RECEIVED_PIECE.finditer(value):
        if m.group("ip") is not None:
            try:
                ipaddress.ip_address(m.group("ip"))
            except ValueError:
                continue
        out.append((m.start(), m.end(), m.group()))
    return out


def _received_date(value: str) -> int | None:
    """Where a Received header's date-time starts (after its last ``;``), if one is there and reads as a date."""
    semi = value.rfind(";")
    if semi < 0:
        return None
    try:
        email.utils.parsedate_to_datetime(value[semi + 1 :].strip())
    except (TypeError, ValueError, IndexError):
        return None
    return semi + 1


def _received_value(value: str, pieces: list[tuple[int, int, str]], when: int | None, rewritten: str) -> str:
    """A Received header with its IP and mail addresses replaced, in order, by the rewritten line's words, and
    its date-time by the line's shifted date (re-rendered, as ``Date:`` is); a line whose words no longer pair
    with them one for one (never seen) leaves none of them: each is ``[removed]``, and so is the date."""
    words, new_date = rewritten, ""
    if when is not None:
        words, _, new_date = rewritten.rpartition(" ;")
    new = words.split()
    if len(new) != len(pieces) or (when is not None and not new_date.strip()):
        new, new_date = ["[removed]"] * len(pieces), " [removed]"
    out, pos = [], 0
    for (a, b, _), fake in zip(pieces, new, strict=True):
        out.append(value[pos:a] + fake)
        pos = b
    if when is None:
        return "".join(out) + value[pos:]
    return "".join(out) + value[pos:when] + " " + _header_value("date", new_date.strip())


def _drop_last(msg: EmailMessage, name: str) -> None:
    """Remove the last header called ``name`` (the one just set), keeping earlier copies and the order."""
    values = msg.get_all(name) or []
    del msg[name]
    for v in values[:-1]:
        msg[name] = v


def _header_value(name: str, value: str) -> str:
    """A rewritten header value; a date is re-rendered (RFC 5322 form, the new date's weekday)."""
    if name.lower() in ("date", "resent-date"):
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            when = None
        if when is not None:
            return email.utils.format_datetime(when)
    return value


_ANGLE = re.compile(r"\s*,?\s*(?P<name>[^<>]*?)\s*<(?P<addr>[^<>]*)>")


def _requote(value: str) -> str:
    """``Name <addr>, Name <addr>`` with each display name quoted where it needs it."""
    out, pos = [], 0
    for m in _ANGLE.finditer(value):
        if value[pos : m.start()].strip(" ,"):
            return value  # something outside the pairs: leave it to the library
        name = m.group("name").strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1].replace('\\"', '"')
        out.append(email.utils.formataddr((name, m.group("addr"))) if name else f"<{m.group('addr')}>")
        pos = m.end()
    if value[pos:].strip(" ,"):
        return value
    return ", ".join(out)


def _addresses(value: str) -> str:
    pairs = email.utils.getaddresses([value])
    return ", ".join(email.utils.formataddr(p) if p[1] else p[0] for p in pairs)
