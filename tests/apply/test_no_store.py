"""Every page with an applicant's data tells browsers and proxies not to keep it: the steps,
the check page, the saved page with the resume code, the receipt, its previews and downloads."""

from __future__ import annotations

import re

from tests.apply.journey import APPLICANT, post_step, submit, walk_to_check


def test_every_applicant_page_says_no_store(pages):
    client = pages.client
    post_step(pages, "en", "applicant", APPLICANT)
    saved = post_step(pages, "en", "applicant", {**APPLICANT, "action": "save_later"})
    urls = ["/en/apply/applicant", "/en/apply/project", saved.location]
    walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    urls += ["/en/apply/result", "/en/apply/cofinancing", "/en/apply/check", "/en/apply/resume"]
    checked = {}
    for url in urls:
        response = client.get(url)
        checked[url] = (response.status_code, response.headers.get("Cache-Control"))
    # A refused POST (the page shown again with errors) too.
    refused = pages.submit("/en/apply/budget", {"total_cost": "lots"})
    assert refused.status_code == 200  # shown again, with the error
    checked["POST budget"] = (refused.status_code, refused.headers.get("Cache-Control"))
    receipt = submit(pages, "en").location
    receipt_html = client.get(receipt).get_data(as_text=True)
    # The receipt and everything it links to: previews, DOCX, XLSX.
    links = {receipt, *re.findall(r'href="(/en/apply/receipt/[^"]+)"', receipt_html)}
    assert len(links) >= 5, links
    for url in links:
        response = client.get(url)
        checked[url] = (response.status_code, response.headers.get("Cache-Control"))
    wrong = {url: seen for url, seen in checked.items() if seen[1] != "no-store"}
    assert not wrong, wrong
    assert all(status < 500 for status, _ in checked.values()), checked


def test_public_pages_may_still_be_cached(client):
    assert client.get("/en/").headers.get("Cache-Control") != "no-store"
