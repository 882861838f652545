#!/usr/bin/python3
"""riot-web's page in headless Chromium, driven over the DevTools protocol as a person would use
it: type a Riot ID, press Sync, watch the progress bar reach 100 %, find the charts and the match
rows; then the smurf verdict, an unknown player, a sync that fails, and a phone-width screen.
Prints TAP. Arguments: PAGE_URL CHROMIUM_DEVTOOLS_PORT OUTPUT_DIR RIOT_ID PLATFORM; what the page
must show is read from the database (psql, with the PG* variables of the sandbox)."""
import base64
import json
import subprocess
import sys
import time
import urllib.request

import websocket  # python3-websocket (websocket-client)

page_url, devtools_port, output_dir, riot_id, platform = sys.argv[1:6]
game_name, tag_line = riot_id.rsplit("#", 1)
count = 0
failed = 0


def ok(condition, description, diagnostic=None):
    global count, failed
    count += 1
    print(("ok" if condition else "not ok") + f" {count} - {description}")
    if not condition:
        failed += 1
        if diagnostic is not None:
            print(f"#   {diagnostic}")
    sys.stdout.flush()


def sql(query):
    """One value from the sandbox, the Riot ID bound as :n and :t."""
    return subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-v", f"n={game_name}", "-v", f"t={tag_line}"],
                          input=query, capture_output=True, text=True, check=True).stdout.strip()


class Page:
    """One browser tab, spoken to over its DevTools WebSocket."""

    def __init__(self, port):
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        target = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.console_errors = []
        self.send("Runtime.enable")
        self.send("Page.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("method") == "Runtime.exceptionThrown":
                self.console_errors.append(message["params"]["exceptionDetails"].get("text"))
            if message.get("method") == "Runtime.consoleAPICalled" and message["params"]["type"] == "error":
                self.console_errors.append(str(message["params"]["args"]))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression, seconds=30, every=0.1):
        deadline = time.time() + seconds
        while time.time() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(every)
        return None

    def open(self, url, width=1200, height=900):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)
        self.send("Page.navigate", url=url)
        return self.wait("document.readyState === 'complete' && !!document.getElementById('sync-form')")

    def click(self, selector):
        box = self.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                      " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def type_into(self, selector, text):
        self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.focus(); e.select(); }})()")
        self.send("Input.insertText", text=text)

    def screenshot(self, name):
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path = f"{output_dir}/{name}"
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return path

    def text(self, selector):
        return self.js(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || ''")

    def visible(self, selector):
        return self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                       " return !!e && !e.closest('[hidden]') && e.getClientRects().length > 0; })()")


page = Page(devtools_port)

# 1. Sync a player the way a person does.
ok(page.open(page_url), "the page loads")
page.type_into("#riot-id", riot_id)
page.js(f"(() => {{ const s = document.getElementById('platform'); s.value = {json.dumps(platform)};"
        " s.dispatchEvent(new Event('change')); })()")
ok(page.js("document.getElementById('riot-id').value") == riot_id, f"the Riot ID {riot_id} is typed into the form")
page.click("#sync-button")
ok(page.wait("!document.getElementById('progress-section').hidden", 10), "pressing Sync shows the progress bar")
seen = []
deadline = time.time() + 180
while time.time() < deadline:
    value = page.js("document.getElementById('progress').value")
    if not seen or seen[-1] != value:
        seen.append(value)
    if page.visible("#analysis") or page.visible("#error"):
        break
    time.sleep(0.05)
ok(seen and seen[-1] == 100, "the progress bar reaches 100 %", f"values seen: {seen}")
ok(any(0 < v < 100 for v in seen), "and moves while the sync runs", f"values seen: {seen}")
ok(seen == sorted(seen), "never backwards", f"values seen: {seen}")
ok(page.wait("document.getElementById('progress-text').textContent.includes('Done')", 5),
   "the progress text says Done", page.text("#progress-text"))
ok(page.wait("!document.getElementById('analysis').hidden", 30), "the analysis appears")
ok(not page.visible("#error"), "with no error shown", page.text("#error"))

# 2. What the analysis holds, against the database.
games = sql("SELECT games FROM riot.time_played(:'n', :'t')")
matches_shown = min(int(games), 20)
first_champion = sql("SELECT champion_name FROM riot.match_history(:'n', :'t') LIMIT 1")
ok(page.wait(f"document.querySelectorAll('#matches tbody tr').length === {matches_shown}", 15),
   f"the match table has {matches_shown} rows",
   page.js("document.querySelectorAll('#matches tbody tr').length"))
first_row = page.text("#matches tbody tr")
ok(first_champion in first_row, "the newest match comes first", first_row)
ok(page.js("document.querySelectorAll('#month-chart svg rect.bar').length") >= 1, "the month chart has bars")
ok(page.js("document.querySelectorAll('#month-chart svg text').length") >= 3, "with axis labels")
cells = page.js("document.querySelectorAll('#grid-chart svg rect.heat, #grid-chart svg rect.heat-empty').length")
ok(cells == 168, "the weekday x hour heat map has 168 cells", cells)
ok(page.js("document.querySelectorAll('#session-chart svg').length") == 1, "the session lengths are drawn")
totals = page.text("#totals")
ok(games in totals.replace(",", "").replace("\u202f", "").replace("\xa0", "").replace(".", ""),
   f"the totals show {games} games", totals)
player_hash = page.js("location.hash")
ok(player_hash.lower().startswith("#" + platform + "/"), "the address names the player", player_hash)
ok(not page.visible("#verdict"), "no smurf verdict before the analyzer has one")
print("# screenshot: " + page.screenshot("riot-web-desktop.png"))

# 3. The analyzer's verdict, once there is one.
sql("""INSERT INTO riot.player_analysis (puuid, variant, verdict, total, matches_used, win_rate, kda, account_level,
            rank_discrepancy, rank_progression, win_rate_trend, performance_consistency, performance_trends,
            role_performance, scores)
       SELECT p.puuid, 'pg_riot', 'smurf_high', 0.8, 50, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9,
              (SELECT jsonb_agg(jsonb_build_object('name', s, 'weight', 0.11, 'value', 0.9, 'basis', 1,
                                                   'reason', 'set by the page test'))
                 FROM unnest(ARRAY['win_rate', 'kda', 'account_level', 'rank_discrepancy', 'rank_progression',
                                   'win_rate_trend', 'performance_consistency', 'performance_trends',
                                   'role_performance']) s)
         FROM riot.players p WHERE p.game_name = :'n' AND p.tag_line = :'t'""")
page.js("location.reload()")
time.sleep(0.5)
ok(page.wait("!document.getElementById('verdict').hidden", 15), "a verdict appears once the analyzer has one")
verdict = page.text("#verdict")
ok("smurf" in verdict.lower() and "high" in verdict.lower(), "named in words", verdict)
ok(page.js("document.querySelectorAll('#scores li').length") == 9, "with its nine scores")

# 4. A player stored without games, a player never synced, and a sync that fails, in words.
sql("INSERT INTO riot.players (puuid, game_name, tag_line, platform) VALUES ('page-test-empty', 'Empty Page', 'EP1', 'kr')")
page.open(page_url + "#kr/Empty%20Page/EP1")
ok(page.wait("!document.getElementById('empty').hidden", 10) and "No games" in page.text("#empty")
   and not page.visible("#stats"), "a player without games says so instead of empty charts", page.text("#empty"))
page.open(page_url + "#kr/Nobody%20Here/ZZ1")
ok(page.wait("!document.getElementById('error').hidden", 10) and "No player" in page.text("#error"),
   "an unknown player is said in words", page.text("#error"))
page.open(page_url)
page.type_into("#riot-id", "Nobody Here#ZZ1")
page.js("document.getElementById('platform').value = 'kr'")
page.click("#sync-button")
ok(page.wait("!document.getElementById('error').hidden && document.getElementById('error').textContent.includes('failed')", 60),
   "a sync that fails says so", page.text("#error"))
page.type_into("#riot-id", "nohash")
page.click("#sync-button")
ok(page.wait("document.getElementById('error').textContent.includes('#')", 5),
   "a Riot ID without # is explained before anything is sent", page.text("#error"))

# 5. A phone.
page.open(page_url + player_hash, width=360, height=740)
ok(page.wait("!document.getElementById('analysis').hidden", 15), "on a 360 px screen the analysis loads")
overflow = page.js("document.documentElement.scrollWidth")
ok(overflow <= 360, "and nothing is wider than the screen", f"scrollWidth {overflow}")
print("# screenshot: " + page.screenshot("riot-web-phone.png"))

ok(not page.console_errors, "no script error in the console", page.console_errors)
print(f"1..{count}")
sys.exit(1 if failed else 0)
