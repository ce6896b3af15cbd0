"""Evaluate end to end on a sample of UCI Adult: honest scores, a report a browser renders cleanly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.evaluation import Report, evaluate

DATA = Path(__file__).resolve().parents[1] / "data" / "evaluate"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    adult = pl.read_csv(DATA / "adult_train.csv")
    return adult[:1000], adult[1000:], pl.read_csv(DATA / "adult_holdout.csv")


def _eval(real: pl.DataFrame, syn: pl.DataFrame, hold: pl.DataFrame, folds: int = 3, **kw: object) -> Report:
    return evaluate(
        real, syn, holdout=hold, target="Y", seed=1, n_jobs=1, spec={"n_attacks": 500, "detection_folds": folds}, **kw
    )  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def honest(frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]) -> Report:
    real, fresh, hold = frames
    return _eval(real, fresh, hold, folds=5, slices=["sex", "age"])


def test_honest_sample_scores_well(honest: Report) -> None:
    s = honest.summary
    assert s["quality"] is not None and s["quality"] > 0.85
    assert s["detection_auc"] is not None and s["detection_auc"] < 0.6
    assert s["tstr_auc"] is not None and s["trtr_auc"] is not None and abs(s["tstr_auc"] - s["trtr_auc"]) < 0.05
    assert s["exact_match_rate"] == 0.0
    assert s["dcr_share"] is not None and 0.4 < s["dcr_share"] < 0.6
    for risk in ("singling_out_risk", "linkability_risk", "inference_risk"):
        assert honest.scores[risk] is not None and honest.scores[risk] > 0.9, risk


def test_copier_is_caught(frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], honest: Report) -> None:
    real, _, hold = frames
    rep = _eval(real, real.sample(fraction=1.0, shuffle=True, seed=2), hold)
    s, sc = rep.summary, rep.scores
    assert s["exact_match_rate"] == 1.0 and sc["exact_match_rate"] == 0.0
    assert s["dcr_share"] is not None and s["dcr_share"] > 0.95
    assert s["membership_inference"] is not None and s["membership_inference"] > 0.9
    assert s["singling_out_risk"] is not None and s["singling_out_risk"] > 0.5
    assert rep.summary["quality"] == 1.0  # a copy is perfect fidelity: that is why privacy is measured
    assert all(
        sc[k] is not None and sc[k] < honest.scores[k]
        for k in ("exact_match_rate", "dcr_share", "membership_inference")
    )


def test_independent_marginals_fail_pairs_and_detection(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
) -> None:
    real, _, hold = frames
    rng = np.random.default_rng(5)
    indep = pl.DataFrame([real[c].gather(rng.integers(0, len(real), len(real))) for c in real.columns])
    rep = _eval(real, indep, hold)
    assert rep.summary["column_shapes"] is not None and rep.summary["column_shapes"] > 0.9
    assert rep.summary["column_pair_trends"] is not None and rep.summary["column_pair_trends"] < 0.8
    assert rep.summary["detection_auc"] is not None and rep.summary["detection_auc"] > 0.85
    assert rep.scores["tstr_auc"] is not None and rep.scores["tstr_auc"] < 0.5


def test_report_in_headless_chromium(honest: Report, tmp_path: Path) -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make chromium)")
        pytest.skip(f"{CHROMIUM} not installed (Debian package 'chromium'); the HTML report is not rendered")
    from playwright.sync_api import sync_playwright

    out = honest.write(tmp_path / "report")
    html = (out / "report.html").read_text(encoding="utf-8")
    # self-contained: nothing fetched from anywhere (namespace URIs are names, not requests)
    for external in ('src="http', "src='http", 'href="http', "url(http", "@import", "<link", "<script"):
        assert external not in html, external
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.goto((out / "report.html").as_uri())
            assert problems == []
            # summary scores visible, one card per headline value
            cards = page.locator(".card[data-metric]")
            assert cards.count() == len(data["summary"])
            quality = page.locator('.card[data-metric="quality"] .value')
            assert quality.is_visible() and quality.inner_text() == f"{data['summary']['quality']:.3f}"
            # plots: one distribution per column, the heatmaps, the utility chart, all drawn with real size
            plots = page.locator(".plot[data-column] svg")
            assert plots.count() == 15
            box = plots.first.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 50
            assert page.locator("#fidelity .wide svg").count() == 1
            assert page.locator("#utility svg").count() == 1
            assert page.locator("#privacy .risk").count() >= 7
            worst = page.locator("#slices tr[data-slice]").first.get_attribute("data-slice")
            assert worst == f"{data['slices'][0]['column']}={data['slices'][0]['value']}"
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "report.png").stat().st_size > 10_000
    if os.environ.get("SIMULACRA_KEEP_SCREENSHOT"):
        shutil.copy(tmp_path / "report.png", os.environ["SIMULACRA_KEEP_SCREENSHOT"])
