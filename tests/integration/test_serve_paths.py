"""simulacra serve over real HTTP (uvicorn on loopback, httpx): key parts holding '/' and other reserved
characters in item routes (percent-encoded parts decode on their own, an unencoded '/' is a clear 400,
Location and Link URLs encode them), and `serve --openapi` documents that are malformed (file:line)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from tests.helpers import plan_of
from tests.serve_live import live_server

from simulacra.errors import SpecError
from simulacra.serve import build_state
from simulacra.serve.openapi_spec import load_document

PATHS = """
name: paths
seed: 2
tables:
  folders:
    rows: 4
    primary_key: folder
    columns:
      folder: {generator: pattern, pattern: "dir/{seq:02d}"}
      title: first_name
  files:
    rows: {per: folders, count: {distribution: fixed, value: 3}}
    primary_key: [folder, name]
    columns:
      folder: {generator: foreign_key, references: folders.folder}
      name: {generator: pattern, pattern: "part/{seq:03d}"}
      size: {generator: integer, low: 1, high: 100}
"""


def _item(*parts: str) -> str:
    return "/" + "/".join(quote(p, safe="") for p in parts)


def _snapshot(c: httpx.Client) -> dict[str, list[dict]]:
    return {t: c.get(f"/{t}", params={"limit": 1000}).json() for t in ("folders", "files")}


@pytest.fixture(scope="module")
def paths() -> Iterator[httpx.Client]:
    state = build_state(plan_of(PATHS))
    with live_server(state) as url, httpx.Client(base_url=url, timeout=10) as c:
        yield c


def test_key_parts_holding_slashes_address_their_row(paths: httpx.Client) -> None:
    c = paths
    c.post("/_reset")
    files = c.get("/files", params={"limit": 1000}).json()
    assert len(files) == 12 and all("/" in f["folder"] and "/" in f["name"] for f in files)
    first = files[0]
    url = _item("files", first["folder"], first["name"])
    assert "%2F" in url
    assert c.get(url).json() == first
    one = c.get(_item("folders", first["folder"])).json()
    assert one["folder"] == first["folder"]
    # writes by the encoded key
    assert c.patch(url, json={"size": 7}).json()["size"] == 7
    assert c.put(url, json={**first, "size": 9}).json() == {**first, "size": 9}
    assert c.get(url).json()["size"] == 9
    assert c.delete(url).status_code == 204
    assert c.get(url).status_code == 404
    # a folder with files cannot go (restrict), named by its encoded key
    r = c.delete(_item("folders", first["folder"]))
    assert r.status_code == 409 and r.json()["field"] == "folder"
    stats = c.get("/_stats").json()["routes"]
    assert "GET /files/{folder}/{name}" in stats and "DELETE /files/{folder}/{name}" in stats


def test_other_reserved_characters_round_trip_through_location(paths: httpx.Client) -> None:
    c = paths
    c.post("/_reset")
    folder = c.get("/folders", params={"limit": 1}).json()[0]["folder"]
    for name in ("q?x#y", "100% sure", "a+b c", "é/ü;,=&", "..%2F..", "%2F"):
        r = c.post("/files", json={"folder": folder, "name": name, "size": 3})
        assert r.status_code == 201, (name, r.text)
        location = r.headers["location"]
        assert location == _item("files", folder, name)
        got = c.get(location)
        assert got.status_code == 200 and got.json()["name"] == name
        assert c.patch(location, json={"size": 4}).json() == {"folder": folder, "name": name, "size": 4}
        assert c.delete(location).status_code == 204
        assert c.get(location).status_code == 404
    assert len(c.get("/files", params={"limit": 1000}).json()) == 12


def test_an_unencoded_slash_is_a_clear_400_and_nothing_is_written(paths: httpx.Client) -> None:
    c = paths
    c.post("/_reset")
    before = _snapshot(c)
    first = before["files"][0]
    plain = f"/files/{first['folder']}/{first['name']}"  # four segments for a key of two parts
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        body = {"size": 5} if method in ("PUT", "PATCH") else None
        r = c.request(method, plain, json=body)
        assert r.status_code == 400, (method, r.text)
        problem = r.json()
        assert r.headers["content-type"].startswith("application/problem+json")
        assert problem["field"] == "path" and "%2F" in problem["detail"] and "folder, name" in problem["detail"]
    # a single-key table: the key's '/' unencoded reads as a child route that does not exist
    r = c.get(f"/folders/{first['folder']}")
    assert r.status_code == 404
    assert c.get("/folders/dir/01/files").status_code == 404
    assert c.get("/folders/..%2F..%2Fetc%2Fpasswd").status_code == 404  # a key like any other: no such row
    assert _snapshot(c) == before


def test_nested_routes_and_links_encode_the_parent_key(paths: httpx.Client) -> None:
    c = paths
    c.post("/_reset")
    folder = c.get("/folders", params={"limit": 1}).json()[0]["folder"]
    base = _item("folders", folder) + "/files"
    seen: list[dict] = []
    r = c.get(base, params={"limit": 1})
    assert r.headers["x-total-count"] == "3"
    while True:
        assert r.status_code == 200, r.text
        seen += r.json()
        links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', r.headers["link"]))
        assert all(u.startswith(base + "?") for u in links.values()), links
        if "next" not in links:
            break
        r = c.get(links["next"])
    assert [f["folder"] for f in seen] == [folder] * 3 and len({f["name"] for f in seen}) == 3
    # cursor paging under an encoded parent key
    r = c.get(base, params={"limit": 2})
    names = [f["name"] for f in r.json()]
    r = c.get(base, params={"limit": 2, "cursor": r.headers["x-next-cursor"]})
    names += [f["name"] for f in r.json()]
    assert "x-next-cursor" not in r.headers and sorted(names) == sorted(f["name"] for f in seen)
    assert all(u.startswith(base + "?") for u in re.findall(r"<([^>]+)>", r.headers["link"]))


# ---------------------------------------------------------------------------------- OpenAPI documents

GOOD_YAML = """\
openapi: 3.0.3
info: {title: shelf, version: "1"}
paths:
  /books/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: one book
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Book"}
components:
  schemas:
    Author:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
    Book:
      type: object
      properties:
        id: {type: integer}
        title: {type: string}
        author: {$ref: "#/components/schemas/Author"}
"""


@pytest.mark.parametrize(
    ("text", "suffix", "line", "what"),
    [
        (
            GOOD_YAML.replace("      properties:\n        id: {type: integer}\n        title", "      properties: [\n"),
            ".yaml",
            24,
            "malformed YAML",
        ),
        (
            GOOD_YAML.replace('"#/components/schemas/Author"', '"#/components/schemas/Writer"'),
            ".yaml",
            26,
            "does not resolve",
        ),
        (GOOD_YAML.replace('"#/components/schemas/Book"', '"other.yaml#/Book"'), ".yml", 13, "only local $refs"),
        (GOOD_YAML.replace("openapi: 3.0.3", "openapi: 2.0"), ".yaml", 1, "not an OpenAPI 3.x document"),
        (
            '{"openapi": "3.0.3",\n "info": {"title": "x", "version": "1"},\n "paths": {,}}',
            ".json",
            3,
            "malformed JSON",
        ),
        (
            '{"openapi": "3.1.0",\n "info": {"title": "x", "version": "1"},\n "paths": {},\n'
            ' "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}}}',
            ".json",
            4,
            "does not resolve",
        ),
    ],
)
def test_malformed_documents_name_file_and_line(tmp_path: Path, text: str, suffix: str, line: int, what: str) -> None:
    doc = tmp_path / f"api{suffix}"
    doc.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(doc)
    message = str(caught.value)
    assert message.startswith(f"{doc}:{line}: "), message
    assert what in message


def test_yaml_document_with_local_refs_serves(tmp_path: Path) -> None:
    from simulacra.serve.openapi_routes import build_openapi_state

    doc = tmp_path / "shelf.yaml"
    doc.write_text(GOOD_YAML, encoding="utf-8")
    state = build_openapi_state(doc, seed=3)
    with live_server(state) as url, httpx.Client(base_url=url, timeout=10) as c:
        book = c.get("/books/1")
        assert book.status_code == 200, book.text
        assert book.json()["id"] == 1 and isinstance(book.json()["author"]["name"], str)
        assert c.get("/openapi.json").json()["info"]["title"] == "shelf"


def test_a_yaml_document_larger_than_a_spec_may_be_is_read(tmp_path: Path) -> None:
    doc = tmp_path / "big.yaml"
    words = " ".join(["lorem"] * 250_000)  # ~1.5 MB: past the 1 MiB a spec may have, as real documents are
    doc.write_text(
        GOOD_YAML.replace(
            'info: {title: shelf, version: "1"}', f'info: {{title: shelf, version: "1", description: {words}}}'
        ),
        encoding="utf-8",
    )
    assert load_document(doc)["components"]["schemas"]["Book"]["properties"]["author"] == {
        "$ref": "#/components/schemas/Author"
    }
