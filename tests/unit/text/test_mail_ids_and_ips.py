"""A message's identifiers and the sender's IP address leave nothing real (issue 14). Message-ID,
In-Reply-To and References were kept as plumbing, and named the firm whose addresses the fakes hid
(``<1234.abcd@northwind-traders.com>``); X-Originating-IP kept the sender's real address. The domain after
``@`` now takes the fake its addresses took (a host below it too), the part before ``@`` stays; a domain no
address holds (Enron's ``@thyme``) stays; the IP address is replaced; the message parses without defects and
its headers keep their order. Planted with generated firms, people and seeds."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import numpy as np
import pytest

from simulacra.text.runner import deidentify_path

FIRMS = ["vasterberg-energi.se", "northwind-traders.com", "baltic-grid.pl", "kestrel-holdings.co.uk", "orinoco-data.io"]
PEOPLE = [("Greta", "Holm"), ("Piotr", "Nowak"), ("Anna", "Kowalski"), ("Rajesh", "Patel"), ("Mei", "Liu")]


def _message(seed: int) -> tuple[str, str, str, str]:
    rng = np.random.default_rng(seed)
    a, b = rng.choice(len(FIRMS), 2, replace=False)
    (g1, s1), (g2, s2) = (PEOPLE[i] for i in rng.choice(len(PEOPLE), 2, replace=False))
    ip = f"198.51.100.{int(rng.integers(2, 250))}"
    text = f"""From: {g1} {s1} <{g1.lower()}.{s1.lower()}@{FIRMS[a]}>
To: "{s2}, {g2}" <{g2[0].lower()}{s2.lower()}@{FIRMS[b]}>
Subject: meter audit
Date: Tue, 14 Mar 2023 09:12:44 -0500
Message-ID: <77aa.{seed}@mx2.{FIRMS[a]}>
In-Reply-To: <abc.{seed}@{FIRMS[b]}>
References: <first.{seed}@{FIRMS[a]}> <abc.{seed}@{FIRMS[b]}> <x.{seed}@thyme>
X-Originating-IP: [{ip}]
MIME-Version: 1.0
Content-Type: text/plain; charset="us-ascii"

{g2}, the audit is on Thursday.
{g1}
"""
    return text, FIRMS[a], FIRMS[b], ip


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_identifiers_take_the_fake_domains_and_the_ip_goes(tmp_path: Path, seed: int) -> None:
    text, firm_a, firm_b, ip = _message(seed)
    src = tmp_path / "in.eml"
    src.write_text(text)
    deidentify_path(src, tmp_path / "out.eml", seed=seed)
    raw = (tmp_path / "out.eml").read_text()
    for real in (firm_a, firm_b, firm_a.split(".")[0], firm_b.split(".")[0], ip):
        assert real not in raw, real
    msg = email.message_from_string(raw, policy=email.policy.default)
    assert not msg.defects and not any(v.defects for v in msg.values() if hasattr(v, "defects"))
    names = [k for k, _ in msg.items()]
    before = [k for k, _ in email.message_from_string(text).items()]
    assert [n for n in names if n.lower() != "content-transfer-encoding"] == before
    fake_a = str(msg["From"]).rpartition("@")[2].rstrip(">")
    fake_b = str(msg["To"]).rpartition("@")[2].rstrip(">")
    assert str(msg["Message-ID"]) == f"<77aa.{seed}@mx2.{fake_a}>"
    assert str(msg["In-Reply-To"]) == f"<abc.{seed}@{fake_b}>"
    assert " ".join(str(msg["References"]).split()) == f"<first.{seed}@{fake_a}> <abc.{seed}@{fake_b}> <x.{seed}@thyme>"
    assert str(msg["X-Originating-IP"]).startswith("[") and ip not in str(msg["X-Originating-IP"])
