#!/usr/bin/env python3
"""Search and the home page while an editor works, for scripts/bench-search.

Two clients search in a loop (the queries of QUERIES, rotated), one asks
for the home page in a loop, and an administrator signed in through the real
form changes a published article's lead every EVERY seconds, or publishes a
new article (draft, submit, approve, publish). Every request's start and
latency is kept; at the end it prints search p50/p95/p99 in the 3 seconds
after each edit against the rest of the time, and the home page's p99 in
both.

Usage: bench-edits.py BASE USERNAME PASSWORD QUERIES_FILE ARTICLE_IDS_FILE SECONDS [EVERY]
"""
import http.client
import sys
import threading
import time
import urllib.parse

import lxml.html
import requests

base, user, password, queries_file, ids_file, seconds = sys.argv[1:7]
every = float(sys.argv[7]) if len(sys.argv) > 7 else 15.0
seconds = float(seconds)
queries = [q.strip() for q in open(queries_file) if q.strip()]
article_ids = [int(i) for i in open(ids_file) if i.strip()]
records = []  # (kind, start, latency)
edits = []  # start of each edit (when the server answered it)
lock = threading.Lock()
stop = time.monotonic() + seconds


def load(kind, paths, pause):
    # a plain keep-alive connection: the client's own time stays small
    u = urllib.parse.urlparse(base)
    c = http.client.HTTPConnection(u.hostname, u.port)
    i = hash(kind) % len(paths)
    while time.monotonic() < stop:
        i = (i + 1) % len(paths)
        t = time.monotonic()
        c.request("GET", paths[i], headers={"Accept-Encoding": "gzip"})
        r = c.getresponse()
        r.read()
        took = time.monotonic() - t
        if r.status != 200:
            print(f"bench-edits: {paths[i]} answered {r.status}", file=sys.stderr)
        with lock:
            records.append((kind, t, took))
        time.sleep(pause)


def form_of(s, path, action=None):
    page = s.get(base + path)
    action = action or path
    forms = [f for f in lxml.html.fromstring(page.text).forms if f.method.upper() == "POST" and "csrf" in f.fields]
    form = [f for f in forms if (f.action or "").split("?")[0] == action][0]
    values = dict(form.form_values())
    if "category" in form.inputs.keys() and not values.get("category"):
        values["category"] = next(o for o in form.inputs["category"].value_options if o)
    return values


class Retrying(requests.Session):
    """A session that sends a request again once when the kept-alive
    connection was closed under it (the server closes idle ones)."""

    def request(self, *args, **kwargs):
        try:
            return super().request(*args, **kwargs)
        except requests.exceptions.ConnectionError:
            return super().request(*args, **kwargs)


def editor():
    s = Retrying()
    s.headers["Origin"] = base
    login = form_of(s, "/quan-tri/dang-nhap")
    login.update({"username": user, "password": password, "tiep": "/quan-tri"})
    r = s.post(base + "/quan-tri/dang-nhap", data=login, allow_redirects=False)
    assert r.status_code == 303, f"sign-in: {r.status_code}"
    n = 0
    while time.monotonic() + every < stop:
        time.sleep(every)
        n += 1
        if n % 2:
            aid = article_ids[n % len(article_ids)]
            f = form_of(s, f"/quan-tri/bai-viet/{aid}")
            f["lead"] = f"Phần mở đầu sửa lần {n} lúc {time.strftime('%H:%M:%S')}."
            r = s.post(base + f"/quan-tri/bai-viet/{aid}", data=f, allow_redirects=False)
        else:
            f = form_of(s, "/quan-tri/bai-viet/moi")
            f.update({"title": f"Bài mới trong lúc đo {n}", "lead": "Bài mới.", "body": "<p>Khoa học và công nghệ.</p>"})
            r = s.post(base + "/quan-tri/bai-viet/moi", data=f, allow_redirects=False)
            path = r.headers.get("location", "").split("?")[0]
            for action in ["submit", "approve", "publish"]:
                step = form_of(s, path, path + "/chuyen")
                r = s.post(base + path + "/chuyen", data={"csrf": step["csrf"], "action": action}, allow_redirects=False)
        assert r.status_code == 303, f"edit {n}: {r.status_code} {r.text[:200]}"
        with lock:
            edits.append(time.monotonic())


threads = [threading.Thread(target=load, args=("search", queries, 0.002)) for _ in range(2)]
threads.append(threading.Thread(target=load, args=("home", ["/"], 0.005)))
threads.append(threading.Thread(target=editor))
for t in threads:
    t.start()
for t in threads:
    t.join()


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] * 1000


def after_edit(t):
    return any(0 <= t - e <= 3 for e in edits)


for kind in ["search", "home"]:
    near = [l for k, t, l in records if k == kind and after_edit(t)]
    far = [l for k, t, l in records if k == kind and not after_edit(t)]
    print(f"{kind:7} steady   n={len(far):6}  p50 {pct(far, 50):7.2f} ms  p95 {pct(far, 95):7.2f} ms  p99 {pct(far, 99):7.2f} ms")
    print(f"{kind:7} ≤3 s after an edit ({len(edits)} edits)  n={len(near):5}  p50 {pct(near, 50):7.2f} ms  "
          f"p95 {pct(near, 95):7.2f} ms  p99 {pct(near, 99):7.2f} ms")
