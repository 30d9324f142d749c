"""On a phone a table shows one row at a time, each cell labelled with its column header from the
cell's data-label (see site.css): every label must be the header of its column."""

from html.parser import HTMLParser

import pytest

from tests.browser.test_phone import a_long_world
from tests.security.test_every_page import concrete, patterns

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """Each cell of every table's body: (its column's header, its data-label)."""

    def __init__(self):
        super().__init__()
        self.cells, self.headers, self.text = [], [], None
        self.column = self.row_cells = 0
        self.in_header = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.headers = []
        elif tag == "tr":
            self.column = 0
        elif tag == "th" and attrs.get("scope") == "col":
            self.in_header, self.text = True, ""
        elif tag == "td":
            if int(attrs.get("colspan") or 1) == 1:
                header = self.headers[self.column] if self.column < len(self.headers) else None
                self.cells.append((header, attrs.get("data-label")))
            self.column += int(attrs.get("colspan") or 1)

    def handle_endtag(self, tag):
        if tag == "th" and self.in_header:
            self.headers.append(self.text.strip())
            self.in_header = False

    def handle_data(self, data):
        if self.in_header:
            self.text += data


def cells_of(content):
    parser = Tables()
    parser.feed(content)
    return parser.cells


@pytest.fixture
def world(edition_1):
    world = a_long_world()
    site = {concrete(route, world["values"]) for route in patterns()}
    return {**world, "urls": sorted(url for url in site if url.startswith("/en/"))}


@pytest.mark.parametrize("who", ["visitor", "signatory", "coordinator"])
def test_every_table_cell_is_labelled_with_its_column_header(client, world, who):
    if who != "visitor":
        client.force_login(world[who])
    checked = set()

    for url in world["urls"]:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        for header, label in cells_of(response.content.decode()):
            assert label == header, (url, header, label)
            checked.add(url)

    assert checked  # the walk met tables with rows


def test_the_walk_meets_every_kind_of_table(client, world):
    met = set()
    for who in ["signatory", "coordinator"]:
        client.force_login(world[who])
        met |= {url for url in world["urls"] if cells_of(client.get(url).content.decode())}

    assert {
        "/en/accession/",
        "/en/principles/editions/",
        "/en/registry/",
        "/en/registry/statistics/",
        "/en/review/",
    } <= met


def test_a_cell_without_its_header_as_label_is_found():
    content = (
        "<table><thead><tr><th scope=col>Name</th><th scope=col>Kind</th></tr></thead>"
        "<tbody><tr><td data-label=Name>A</td><td>B</td></tr>"
        "<tr><td colspan=2>Nothing here.</td></tr></tbody></table>"
    )

    assert cells_of(content) == [("Name", "Name"), ("Kind", None)]
