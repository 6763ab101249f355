"""Building roster files and reading the preview page, for the roster tests."""
import csv
import html
import io
import re
import zipfile
from pathlib import Path

FILES = Path(__file__).parent / "files"
HEADINGS = ["Name", "Email", "NIP", "Position", "Institution", "Region code", "Role"]
# The templates also offer the optional columns naming a participant's guides.
TEMPLATE_HEADINGS = HEADINGS + ["Coach email", "Mentor email"]


def sample(name):
    return (FILES / name).read_bytes()


def store_exact_integers(path, numbers):
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "xl/worksheets/sheet1.xml":
                for number in numbers:
                    rounded = f"<v>{'%.16g' % number}</v>".encode()
                    assert rounded in data
                    data = data.replace(rounded, f"<v>{number}</v>".encode())
            target.writestr(info, data)


def csv_file(rows, delimiter=",", headings=HEADINGS, encoding="utf-8-sig"):
    """A CSV file as Excel saves it: CRLF line ends, by default UTF-8 with a byte-order mark."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def person(n, role="participant", **overrides):
    """A roster row for a made-up civil servant number `n`."""
    values = {"name": f"Pegawai {n}", "email": f"pegawai{n}@sumedangkab.go.id", "nip": "",
              "position": "Analis Kebijakan", "institution": "Setda Kabupaten Sumedang",
              "region": "32.11", "role": role, **overrides}
    return [values["name"], values["email"], values["nip"], values["position"],
            values["institution"], values["region"], values["role"]]


def problems_on(page):
    """(row, column, message) of every problem the preview lists."""
    if 'id="problems-heading"' not in page:
        return []
    table = page.split('id="problems-heading"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>",
                       table, re.S)
    return [tuple(html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in row)
            for row in cells]


def import_id_of(response):
    return int(response.location.rstrip("/").rsplit("/", 1)[-1])
