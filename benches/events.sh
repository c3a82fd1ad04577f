#!/usr/bin/env bash
# Events figures (a benchmark, not a test) on SQLite: 500 invitations through a mailing list
# (time to enqueue them, then emails per second through the outbox), 300 of them accepted
# through their personal links, then p95 latency of the events list and of that event's page
# (500 participants, 300 coming) at 1 and 8 connections, and the attendance sheet PDF for the
# 300 (render time and size).
#   cargo build --release && benches/events.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MEKONG_BIN:-target/release/mekong}
port=${PORT:-18082}
base="http://127.0.0.1:$port"
data=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT

python3 - "$data/people.csv" <<'PY'
import csv, random, sys
random.seed(5)
local = ["សុខ ចាន់ធី", "ສຸກສະຫວັນ ພົມມະຈັນ", "Nguyễn Thị Hương", "ចាន់ សុភា", "ບຸນມີ ແສງ", "Trần Văn Minh"]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["name_romanised", "name_local", "email", "country", "sex", "consent_basis", "consent_given_on"])
    for i in range(500):
        w.writerow([f"Benchguest {i:03d}", random.choice(local), f"guest{i}@example.org",
                    random.choice(["KH", "LA", "VN"]), random.choice(["female", "male"]), "consent", "2025-01-15"])
PY
"$bin" --data-dir "$data/db" serve --demo --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done
kill "$pid"; wait "$pid" 2>/dev/null || true
"$bin" --data-dir "$data/db" import people "$data/people.csv" >/dev/null
"$bin" --data-dir "$data/db" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
until curl -sf "$base/readyz" >/dev/null; do sleep 0.05; done

jar="$data/cookies"
curl -s -c "$jar" -o /dev/null "$base/login"
csrf=$(awk '$6 == "mekong_csrf" {print $7}' "$jar")
curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$csrf&email=coordinator@mekong.example&password=Mekong-demo-river-2026" "$base/login"
cookie="mekong_csrf=$csrf; mekong_session=$(awk '$6 == "mekong_session" {print $7}' "$jar")"
post() { curl -s -o /dev/null -w '%{redirect_url} %{time_total}' -H "Cookie: $cookie" --data-urlencode "csrf_token=$csrf" "$@"; }

list=$(post --data-urlencode "name=Bench guests" --data-urlencode "q=benchguest" "$base/mailing-lists" | cut -d' ' -f1)
list=${list##*/}
event=$(post -d kind=workshop -d status=announced --data-urlencode "title_en=Benchmark workshop" -d host_city=KH-PNH \
  --data-urlencode "venue=Phnom Penh City Hall" -d starts=2027-03-01T09:00 -d ends=2027-03-02T17:00 \
  -d time_zone=Asia/Phnom_Penh -d languages=km -d languages=lo -d languages=fr -d version=0 "$base/events" | cut -d' ' -f1)
event=${event##*/}
count_outbox() { ls "$data/db/outbox" 2>/dev/null | grep -c '\.eml$' || true; }
before=$(count_outbox)
echo "500 invitations through a mailing list:"
enqueue=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" --data-urlencode "csrf_token=$csrf" -d "mailing_list=$list" "$base/events/$event/invitations")
echo "  enqueued (letters, calendar files, links, audit) in ${enqueue} s"
start=$(date +%s.%N)
until [ "$(count_outbox)" -ge $((before + 500)) ]; do sleep 0.1; done
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'  written to the outbox in {s:.1f} s: {500/s:.0f} emails per second (worker polls every second)')" "$start" "$end"

echo "300 answers through personal links:"
python3 - "$data/db/outbox" "$base" <<'PY'
import email, glob, http.cookiejar, re, sys, time, urllib.parse, urllib.request
links = []
for path in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    message = email.message_from_binary_file(open(path, "rb"))
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode("utf-8", "replace")
            if "guest" in message["To"]:
                links += re.findall(r"http\S+/rsvp/\S+", text)
start = time.time()
for link in links[:300]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(link).read()
    csrf = next(c.value for c in jar if c.name == "mekong_csrf")
    body = urllib.parse.urlencode({"csrf_token": csrf, "answer": "yes", "version": "1"}).encode()
    opener.open(link, body).read()
print(f"  {min(300, len(links))} answered in {time.time() - start:.1f} s (one visitor each: page, then form)")
PY

for path in "/events" "/events/$event"; do
  for connections in 1 8; do
    echo "GET $path ($connections connections, ${DURATION:-10s}):"
    wrk -t1 -c"$connections" -d"${DURATION:-10s}" -s benches/p95.lua -H "Cookie: $cookie" "$base$path" | tail -n 1
  done
done

echo "attendance sheet PDF, 300 coming, two days (five downloads):"
for _ in 1 2 3 4 5; do
  curl -s -o "$data/sheet.pdf" -w '  %{time_total} s\n' -H "Cookie: $cookie" "$base/events/$event/attendance.pdf"
done
echo "  $(stat -c %s "$data/sheet.pdf" | awk '{printf "%.0f KiB", $1/1024}'), $(pdfinfo "$data/sheet.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') pages"
