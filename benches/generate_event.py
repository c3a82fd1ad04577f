"""Adds 500 participants (300 coming) to an event of a Mekong SQLite database, drawn from the
people already in it (the benchmark's imported directory). Records are cloned from a demo
participant so that they match what Mekong writes; a third of those coming travel at the
programme's cost.

    python3 benches/generate_event.py DB EVENT_ID
"""
import hashlib, json, random, sqlite3, sys, uuid

random.seed(8)
db = sqlite3.connect(sys.argv[1])
cur = db.cursor()
event = sys.argv[2]
sample = cur.execute("SELECT id, record FROM event_participants LIMIT 1").fetchone()
as_blob = isinstance(sample[0], bytes)
template = json.loads(sample[1])
key = (lambda text: uuid.UUID(text).bytes) if as_blob else (lambda text: text)
people = cur.execute("SELECT id, name_romanised, name_local, email_key, country, sex FROM people "
                     "WHERE email_key LIKE 'person%' LIMIT 500").fetchall()
assert len(people) == 500, f"only {len(people)} benchmark people: import the directory first"
cities = {"KH": "KH-PNH", "LA": "LA-LPQ", "VN": "VN-HUI"}
statuses = ["accepted"] * 300 + ["invited"] * 120 + ["declined"] * 50 + ["tentative"] * 30
rows = []
for i, ((person, name, local, email, country, sex), status) in enumerate(zip(people, statuses)):
    pid = str(uuid.uuid4())
    person = str(uuid.UUID(bytes=person)) if isinstance(person, bytes) else person
    city = cities.get(country or "", None)
    travel = dict(template["travel"], arrival=None, departure=None)
    travel["from"] = ""
    if status == "accepted" and i % 3 == 0:
        travel.update(arrival="2027-02-28", departure="2027-03-02", budget_line="2.1", **{"from": city or ""},
                      fare={"amount_minor": random.randint(50, 400) * 100, "currency": "EUR"}, paid_by="programme")
    registered = f"2026-11-{1 + i % 28:02d}T08:{i % 60:02d}:00"
    record = dict(template, id=pid, event=event, person=person, name=name, local_name=local, email=email,
                  country=country, city=city, sex=sex or "female", status=status, organisation="Benchmark",
                  organisation_kind="association", registered_at=registered + "Z", travel=travel, version=1)
    token = hashlib.sha256(pid.encode()).hexdigest()
    rows.append((key(pid), key(event), key(person), email, city, status, token, registered + "+00:00", json.dumps(record)))
cur.executemany("INSERT INTO event_participants (id, event_id, person_id, email, city_code, status, token_hash, "
                "registered_at, record, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", rows)
db.commit()
print(f"event {event}: 500 participants, 300 coming")
