"""Adds expenses to the demo's SGA4 programme in a Mekong SQLite database that holds the demo:
5,000 a year over three years (2025-2027) in five currencies (EUR, USD, KHR, LAK, VND), spread
over the budget's lines, most approved. Records are cloned from the demo's own expenses so that
they match what Mekong writes; converted amounts scale with the cloned amount."""
import json, random, sqlite3, sys, uuid

random.seed(13)
db = sqlite3.connect(sys.argv[1])
cur = db.cursor()
sample_id = cur.execute("SELECT id FROM expenses LIMIT 1").fetchone()[0]
as_blob = isinstance(sample_id, bytes)
def key(text):
    return uuid.UUID(text).bytes if as_blob else text

templates = {}
for (record,) in cur.execute("SELECT record FROM expenses"):
    expense = json.loads(record)
    if expense["conversion"] and expense["documents"] and expense["origin"]["kind"] == "typed":
        templates.setdefault(expense["amount"]["currency"], expense)
currencies = ["EUR", "USD", "KHR", "LAK", "VND"]
missing = [c for c in currencies if c not in templates]
assert not missing, f"no demo expense in {missing}"
lines = [(json.loads(r)["id"], line_id) for (r, line_id) in cur.execute("SELECT record, id FROM budget_lines")]
statuses = ["approved"] * 8 + ["entered", "returned"]
rows = []
for year in (2025, 2026, 2027):
    for n in range(1, 5001):
        template = templates[currencies[n % 5]]
        expense = json.loads(json.dumps(template))
        factor = random.uniform(0.2, 3.0)
        amount = max(1, int(expense["amount"]["amount_minor"] * factor))
        converted = max(1, int(expense["conversion"]["converted"]["amount_minor"] * factor))
        line_uuid, line_key = random.choice(lines)
        day = f"{year:04d}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
        status = random.choice(statuses)
        expense.update(
            id=str(uuid.uuid4()), number=f"BEN-{year}-{n:05d}", date=day, budget_line=line_uuid, status=status,
            description=f"Benchmark expense {n} of {year}", version=1, flags=[],
        )
        expense["amount"]["amount_minor"] = amount
        expense["conversion"]["converted"]["amount_minor"] = converted
        expense["schema"] = 1
        rows.append((key(expense["id"]), cur.execute("SELECT programme_id FROM budget_lines WHERE id = ?", (line_key,)).fetchone()[0],
                     expense["number"], day, status, line_key, expense["amount"]["currency"], amount, converted, 0,
                     None, None, None, json.dumps(expense), 1))
cur.executemany(
    "INSERT INTO expenses (id, programme_id, number, date, status, budget_line_id, currency, amount_minor, converted_minor,"
    " open_flags, supplier_id, origin_key, mission_id, record, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
db.commit()
print(f"{len(rows)} expenses added to SGA4 (2025-2027, {', '.join(currencies)})")
