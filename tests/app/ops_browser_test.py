#!/usr/bin/python3
"""The /ops page in a real browser (Debian chromium + chromedriver via python3-selenium).

Starts a sandbox `aduan serve` (ADUAN_CLOCK=test, free ports, its own data dir), signs in
on the page, drives a citizen's WhatsApp conversation through signed webhooks until a
NIK-conflict ticket opens, and checks what an officer sees and does: the live actor count,
the throughput chart, the ticket with its SLA countdown and both records side by side,
reveal (audited), and resolving with a correction. The reply must reach the citizen's chat
(/sandbox/outbox) and the record must change (/admin/citizens/{nik}). Every data request
the page makes must carry the token as a Bearer header and never in a URL.

Environment: ADUAN_BIN (the binary, set by CTest), ADUAN_ARTIFACTS (folder for the
screenshot, default ./artifacts). Exit 0 on success, 1 on the first failed check.
"""
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from free_port import free_port  # tests/app/free_port.py, beside this file

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

APP_SECRET = b"aduan-sandbox-app-secret"  # documented sandbox value
PHONE_NUMBER_ID = "100000000000001"
TOKEN = "browser-test-ops-token-0123456789"
# Demo personas (core/demo_registry.cpp): Rina's record holds a mistyped NIK; her real NIK
# is held by Yuliana's record, so asking to change it opens a nik_conflict ticket.
RINA_WA = "6281110000005"
RINA_NIK = "3273104503950002"
REAL_NIK = "3273014503950002"
CORRECTED_NIK = "3273014503950003"  # the officer's fix for the other record
REPLY = "Data NIK Anda sudah kami periksa dan perbaiki."
WAIT_S = 60


class Server:
    def __init__(self, work):
        self.port, self.admin_port = free_port(), free_port()
        self.log_path = os.path.join(work, "server.log")
        env = dict(os.environ)
        env.update({
            "ADUAN_MODE": "sandbox",
            "ADUAN_DATA_DIR": os.path.join(work, "data"),
            "ADUAN_LISTEN": "127.0.0.1:%d" % self.port,
            "ADUAN_ADMIN_LISTEN": "127.0.0.1:%d" % self.admin_port,
            "ADUAN_ADMIN_TOKEN": TOKEN,
            "ADUAN_CLOCK": "test",
        })
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([os.environ["ADUAN_BIN"], "serve"], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        self.admin_base = "http://127.0.0.1:%d" % self.admin_port
        deadline = time.time() + WAIT_S
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("the server exited during start-up:\n" + self.log_tail())
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/readyz" % self.port, timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise AssertionError("the server never became ready:\n" + self.log_tail())

    def log_tail(self):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-3000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def admin(self, method, path, body=None, token=TOKEN):
        """(status, parsed JSON or text) of one admin call."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.admin_base + path, data=data, method=method)
        if token:
            req.add_header("Authorization", "Bearer " + token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw, status = r.read(), r.status
        except urllib.error.HTTPError as e:
            raw, status = e.read(), e.code
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode("utf-8", "replace")


class Citizen:
    """A citizen typing into WhatsApp: each message is a webhook signed like Meta signs it."""

    counter = 0

    def __init__(self, server, wa_id):
        self.s, self.wa = server, wa_id

    def say(self, text):
        Citizen.counter += 1
        body = json.dumps({
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "62800", "phone_number_id": PHONE_NUMBER_ID},
                "contacts": [{"profile": {"name": "Citizen"}, "wa_id": self.wa}],
                "messages": [{"from": self.wa, "id": "wamid.OPS%d" % Citizen.counter,
                              "timestamp": str(int(time.time())), "type": "text", "text": {"body": text}}]}}]}]
        }).encode()
        sig = "sha256=" + hmac.new(APP_SECRET, body, hashlib.sha256).hexdigest()
        req = urllib.request.Request("http://127.0.0.1:%d/webhook" % self.s.port, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Hub-Signature-256": sig})
        with urllib.request.urlopen(req, timeout=10) as r:
            check(r.status == 200, "webhook accepted")
        wait_for(lambda: self.s.admin("GET", "/admin/stats")[1].get("inbox_pending") == 0, "the message processed")

    def last_code(self):
        status, page = self.s.admin("GET", "/sandbox/sms?to=" + self.wa)
        check(status == 200 and page["items"], "an OTP SMS was sent")
        m = re.search(r"\b\d{6}\b", page["items"][-1]["text"])
        check(m is not None, "the SMS holds a six-digit code")
        return m.group(0)

    def chat(self):
        status, page = self.s.admin("GET", "/sandbox/outbox?to=" + self.wa)
        return json.dumps(page.get("items", []), ensure_ascii=False) if status == 200 else ""


def check(cond, what):
    if not cond:
        raise AssertionError("expected: " + what)


def wait_for(cond, what, timeout=WAIT_S):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if cond():
                return
        except Exception:  # the page or server may be mid-update; try again
            pass
        time.sleep(0.1)
    raise AssertionError("timed out waiting for: " + what)


def open_nik_conflict(server):
    rina = Citizen(server, RINA_WA)
    for text in ["halo", "1"]:  # 1: use this WhatsApp number
        rina.say(text)
    rina.say(rina.last_code())
    for text in ["3", "6", REAL_NIK, "YA"]:  # data change → NIK → the new value → confirm
        rina.say(text)
    found = []

    def has_ticket():
        _, page = server.admin("GET", "/admin/tickets?status=open")
        found[:] = [t["id"] for t in page["items"] if t["kind"] == "nik_conflict"]
        return bool(found)

    wait_for(has_ticket, "a nik_conflict ticket (bot said: %s)" % rina.chat()[-1500:], timeout=10)
    return found[0], rina


def browser(artifacts):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="aduan-chromium-")
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts), profile


def click(driver, css, what):
    """Clicks the element matching css, retrying while a table refresh replaces it."""
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, css).click() or True, "clicking " + what)


def text_of(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def network_requests(driver):
    """Every request the page sent so far: (url, headers)."""
    out = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            req = msg["params"]["request"]
            out.append((req["url"], {k.lower(): v for k, v in req.get("headers", {}).items()}))
    return out


def run(server, artifacts):
    base = server.admin_base

    # The shell loads without auth and needs nothing from outside this listener.
    for path in ["/ops/", "/ops/ops.js", "/ops/ops.css"]:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            check(r.status == 200, path + " served without a token")
            body = r.read().decode()
            check(not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", body), path + " loads nothing from outside")
            check("https://" not in body and "http://" not in body, path + " names no outside URL")

    driver, profile = browser(artifacts)
    try:
        driver.get(base + "/ops/")
        check(driver.title == "aduan ops", "the page title")
        check(driver.find_element(By.ID, "token-input").is_displayed(), "the token form first")

        # A wrong token is refused on the page.
        driver.find_element(By.ID, "token-input").send_keys("wrong-token-0123456789")
        driver.find_element(By.ID, "token-save").click()
        wait_for(lambda: "refused" in text_of(driver, "login-error"), "the refused-token message")

        driver.find_element(By.ID, "token-input").send_keys(TOKEN)
        driver.find_element(By.ID, "token-save").click()
        wait_for(lambda: driver.find_element(By.ID, "view-overview").is_displayed(), "the overview after sign-in")
        check(TOKEN not in driver.current_url, "the token is not in the page URL")
        check(driver.execute_script("return sessionStorage.getItem('aduan.ops.token')") == TOKEN,
              "the token kept in sessionStorage")
        check(driver.execute_script("return localStorage.length") == 0, "nothing in localStorage")
        wait_for(lambda: text_of(driver, "stat-actors_live") == "0", "zero live actors before traffic")

        # Traffic: one citizen's conversation up to a NIK-conflict ticket, and two more chats.
        ticket_id, rina = open_nik_conflict(server)
        for wa in ["6281299991001", "6281299991002"]:
            Citizen(server, wa).say("halo")
        wait_for(lambda: text_of(driver, "stat-actors_live") == "3", "three live actors on the overview")
        wait_for(lambda: text_of(driver, "stat-tickets_open") == "1", "one open ticket on the overview")
        wait_for(lambda: re.match(r"^\d+\.\d$", text_of(driver, "stat-rate_in")) is not None, "a message rate")
        # Keep traffic flowing for a few refreshes so the chart has a line to draw.
        for i in range(4):
            Citizen(server, "62812999920%02d" % i).say("halo")
            time.sleep(1.5)
        painted = driver.execute_script("""
            var c = document.getElementById('throughput'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            var blue = 0; for (var i = 0; i < d.length; i += 4) if (d[i+2] > 200 && d[i] < 80 && d[i+3] > 0) blue++;
            return blue;""")
        check(painted > 20, "the throughput chart drew the inbound line (%d blue pixels)" % painted)
        os.makedirs(artifacts, exist_ok=True)
        shot = os.path.join(artifacts, "ops-overview.png")
        driver.save_screenshot(shot)
        check(os.path.getsize(shot) > 10000, "a screenshot of the overview at " + shot)

        # Actors: the table lists masked citizens; drill-down shows the step and transcript.
        driver.find_element(By.ID, "tab-actors").click()
        wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#actor-table tbody tr")) >= 3, "the actor rows")
        table = text_of(driver, "actor-table")
        check(RINA_WA not in table and "62811****0005" in table, "citizens masked in the actor table")
        click(driver, "#actor-table tbody tr", "an actor row")
        wait_for(lambda: driver.find_element(By.ID, "actor-detail").is_displayed(), "the actor detail")
        wait_for(lambda: "step" in text_of(driver, "actor-fields"), "the actor's state")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#actor-transcript li")) >= 1, "a transcript")
        live_before = server.admin("GET", "/admin/stats")[1]["actors_live"]
        driver.find_element(By.ID, "actor-stop").click()
        wait_for(lambda: text_of(driver, "actor-stop-result").startswith("Stopped"), "the actor stopped")
        wait_for(lambda: server.admin("GET", "/admin/stats")[1]["actors_live"] == live_before - 1, "one actor fewer")

        # Tickets: the NIK conflict with its SLA countdown, both records, the conversation.
        driver.find_element(By.ID, "tab-tickets").click()
        row = "#ticket-table tr[data-ticket='%s']" % ticket_id
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, row), "the ticket in the queue")

        def sla():  # found afresh each time: the table is redrawn on every refresh
            return driver.find_element(By.CSS_SELECTOR, row + " td.sla")

        wait_for(lambda: re.match(r"^in \d+m \d\ds$", sla().text) is not None, "an SLA countdown")
        minutes_left = int(re.match(r"^in (\d+)m", sla().text).group(1))
        # The countdown follows the server's clock (here the test clock), not the laptop's.
        check(server.admin("POST", "/sandbox/clock", {"advance_s": 600})[0] == 200, "the test clock moved")
        wait_for(lambda: re.match(r"^in (\d+)m", sla().text) and
                 int(re.match(r"^in (\d+)m", sla().text).group(1)) in (minutes_left - 10, minutes_left - 11),
                 "the countdown ten minutes shorter")
        check(server.admin("POST", "/sandbox/clock", {"advance_s": 3600})[0] == 200, "the test clock moved past the SLA")
        wait_for(lambda: sla().text.startswith("past SLA by") and "breached" in sla().get_attribute("class"),
                 "the ticket shown past its SLA")
        driver.find_element(By.ID, "tab-overview").click()
        wait_for(lambda: text_of(driver, "stat-tickets_breached") == "1", "one ticket past SLA on the overview")
        driver.find_element(By.ID, "tab-tickets").click()
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, row), "the ticket in the queue again")
        wait_for(lambda: "nik_conflict" in driver.find_element(By.CSS_SELECTOR, row).text, "the ticket kind")
        click(driver, row, "the ticket row")
        wait_for(lambda: "record 2" in text_of(driver, "ticket-records"), "both records side by side")
        records = text_of(driver, "ticket-records")
        check("R*** M******" in records and "Y****** P****" in records, "both names, masked")
        check(RINA_NIK not in records and REAL_NIK not in records, "NIKs masked by default")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#ticket-conversation li")) >= 3, "the conversation")
        driver.save_screenshot(os.path.join(artifacts, "ops-ticket.png"))  # for people reviewing a run

        # Reveal on request, and the server audits it.
        driver.find_element(By.ID, "reveal-toggle").click()
        wait_for(lambda: REAL_NIK in text_of(driver, "ticket-records") and RINA_NIK in text_of(driver, "ticket-records"),
                 "full NIKs after reveal")
        _, audit = server.admin("GET", "/admin/audit?nik=" + RINA_NIK)
        check(any(a["field"] == "reveal" and a["who"] == "ops" for a in audit["items"]), "the reveal in the audit log")
        driver.find_element(By.ID, "reveal-toggle").click()
        wait_for(lambda: REAL_NIK not in text_of(driver, "ticket-records"), "masked again")

        # Resolve: answer Rina and correct the other record's mistyped NIK.
        status, detail = server.admin("GET", "/admin/tickets/" + ticket_id)
        holder = detail["records"][1]["id"]
        driver.find_element(By.ID, "resolve-reply").send_keys(REPLY)
        Select(driver.find_element(By.ID, "resolve-citizen")).select_by_value(holder)
        Select(driver.find_element(By.ID, "resolve-field")).select_by_value("nik")
        driver.find_element(By.ID, "resolve-value").send_keys(CORRECTED_NIK)
        driver.find_element(By.ID, "resolve-submit").click()
        wait_for(lambda: text_of(driver, "resolve-result").startswith("Resolved"), "the resolved message")
        check("text message" in text_of(driver, "resolve-result"), "answered inside the 24-hour window")
        wait_for(lambda: REPLY in rina.chat(), "the reply in the citizen's chat")
        wait_for(lambda: server.admin("GET", "/admin/citizens/" + CORRECTED_NIK)[0] == 200, "the corrected record")
        check(server.admin("GET", "/admin/citizens/" + REAL_NIK)[0] == 404, "the old NIK is free")
        _, t = server.admin("GET", "/admin/tickets/" + ticket_id)
        check(t["status"] == "resolved" and t["resolved_by"] == "ops", "the ticket resolved by ops")

        # Every data call carried the token as a Bearer header and never in a URL.
        calls = [(u, h) for u, h in network_requests(driver) if "/admin/" in u]
        check(len(calls) > 10, "the page's admin calls were seen")
        for url, headers in calls:
            check(TOKEN not in url and "token" not in url.lower(), "no token in " + url)
        authed = [h.get("authorization") for u, h in calls if "wrong-token" not in (h.get("authorization") or "")]
        check(all(a == "Bearer " + TOKEN for a in authed), "every admin call sends the Bearer header")
    except Exception:
        try:
            os.makedirs(artifacts, exist_ok=True)
            driver.save_screenshot(os.path.join(artifacts, "ops-failure.png"))
        except Exception:
            pass
        raise
    finally:
        driver.quit()
        subprocess.run(["rm", "-rf", profile], check=False)


def main():
    artifacts = os.environ.get("ADUAN_ARTIFACTS", os.path.join(os.getcwd(), "artifacts"))
    work = tempfile.mkdtemp(prefix="aduan-ops-")
    server = None
    try:
        server = Server(work)
        run(server, artifacts)
    except Exception:
        traceback.print_exc()
        if server:
            print("---- server log (tail) ----\n" + server.log_tail(), file=sys.stderr)
        return 1
    finally:
        if server:
            server.stop()
        subprocess.run(["rm", "-rf", work], check=False)
    print("ops page in chromium: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
