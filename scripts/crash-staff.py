#!/usr/bin/env python3
"""A member of staff at work, for scripts/crash-test: signs in, then saves new
articles through the editor's form and imports verification results from a
spreadsheet through the import page, until the server is gone. Every save the
server answered (303 to the article) and every import it confirmed ("Đã nhập
1 bản ghi.") is written down, one per line, for the test to look for after
the crash.

Usage: crash-staff.py BASE USERNAME PASSWORD TAG OUT_DIR
"""
import io
import re
import sys
from datetime import date

import openpyxl
import requests

base, username, password, tag, out = sys.argv[1:6]
s = requests.Session()
s.headers["User-Agent"] = f"crash-staff-{tag}"
s.headers["Origin"] = base


def csrf(html):
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    if not m:
        sys.exit(f"crash-staff: no form token on the page: {html[:300]}")
    return m.group(1)


def note(kind, value):
    with open(f"{out}/acked-{kind}-{tag}", "a", encoding="utf-8") as f:
        f.write(value + "\n")


page = s.get(f"{base}/quan-tri/dang-nhap")
r = s.post(
    f"{base}/quan-tri/dang-nhap",
    data={"username": username, "password": password, "csrf": csrf(page.text), "tiep": "/quan-tri"},
    allow_redirects=False,
)
if r.status_code != 303:
    sys.exit(f"crash-staff: sign-in answered {r.status_code}")
with open(f"{out}/signed-in-{tag}", "w") as f:
    f.write("yes\n")

COLUMNS = ["Loại phương tiện đo", "Số hiệu", "Chủ sở hữu", "Địa bàn", "Ngày kiểm định", "Kết quả", "Số chứng chỉ"]


def sheet(serial):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append(["Cân bàn, cân đồng hồ lò xo", serial, "Chợ Xanh", "Thành phố Cao Bằng",
               date.today().strftime("%d/%m/%Y"), "Đạt", f"KĐ-{serial}"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# the editor's form sends every field, empty or not
EMPTY = {k: "" for k in ["slug", "author", "source", "image_url", "image_alt", "image_caption", "tags",
                         "published_at", "expires_at", "note"]}

i = 0
try:
    while True:
        i += 1
        form = s.get(f"{base}/quan-tri/bai-viet/moi").text
        category = re.search(r'<select id="category" name="category">.*?<option value="(\d+)"', form, re.S)
        title = f"Bài thử sập máy {tag}-{i}"
        r = s.post(
            f"{base}/quan-tri/bai-viet/moi",
            data={**EMPTY, "csrf": csrf(form), "version": "0", "title": title, "lead": "Ghi khi máy chủ bị tắt đột ngột.",
                  "body": "<p>Nội dung lưu trước khi máy chủ bị tắt.</p>", "category": category.group(1)},
            allow_redirects=False,
        )
        if r.status_code == 303:
            note("articles", title)
        if i % 3 == 0:
            serial = f"SAP-{tag}-{i}"
            form = s.get(f"{base}/quan-tri/kiem-dinh/nhap").text
            r = s.post(
                f"{base}/quan-tri/kiem-dinh/nhap",
                params={"csrf": csrf(form)},  # an upload carries its token in the form's address
                files={"file": ("nhap.xlsx", sheet(serial))},
                allow_redirects=False,
            )
            if r.status_code == 200 and "Đã nhập 1 bản ghi." in r.text:
                note("imports", f"KĐ-{serial}")
except requests.exceptions.ConnectionError:
    pass
