"""Adds a benchmark programme `BENCH` to a Mekong SQLite database that holds the demo: 60
indicators broken down by sex, 12 yearly periods, and a value for every one of 350 cities
(total, women, men) in every period: 756,000 values. Records are cloned from the demo's own
rows so that they match what Mekong writes."""
import json, sqlite3, sys, uuid, random

random.seed(6)
db = sqlite3.connect(sys.argv[1])
cur = db.cursor()
programme_id, programme_json = cur.execute("SELECT id, record FROM programmes WHERE code = 'SGA4'").fetchone()
programme = json.loads(programme_json)
indicator_template = next(json.loads(r) for (r,) in cur.execute("SELECT record FROM indicators") if json.loads(r)["dimensions"] == ["sex"] and not json.loads(r)["computation"])
node_template = json.loads(cur.execute("SELECT record FROM logframe_nodes LIMIT 1").fetchone()[0])
value_template = json.loads(cur.execute("SELECT record FROM indicator_values LIMIT 1").fetchone()[0])
period_template = json.loads(cur.execute("SELECT record FROM periods LIMIT 1").fetchone()[0])

def new_id():
    return str(uuid.uuid4())

def db_uuid(text):
    # SeaORM stores UUIDs on SQLite as 16-byte blobs or text: follow what the demo rows use.
    return text

sample_id = cur.execute("SELECT id FROM programmes LIMIT 1").fetchone()[0]
as_blob = isinstance(sample_id, bytes)
def key(text):
    return uuid.UUID(text).bytes if as_blob else text

bench_id = new_id()
programme.update(id=bench_id, code="BENCH", title={"en": "Benchmark programme"}, starts="2016-01-01", ends="2027-12-31", approved_version=0, status="draft", version=1)
cur.execute("INSERT INTO programmes (id, code, record, version) VALUES (?, 'BENCH', ?, 1)", (key(bench_id), json.dumps(programme)))
node_id = new_id()
node_template.update(id=node_id, programme=bench_id, level="outcome", code="OC1", parent=None, title={"en": "Benchmark outcome"})
cur.execute("INSERT INTO logframe_nodes (id, programme_id, sort_key, code, record) VALUES (?, ?, 'OC000001', 'OC1', ?)", (key(node_id), key(bench_id), json.dumps(node_template)))
indicators = []
for i in range(60):
    record = dict(indicator_template, id=new_id(), programme=bench_id, node=node_id, code=f"OC1.{i + 1}",
                  name={"en": f"Benchmark indicator {i + 1}"}, reported_by="cities", baseline=100.0, baseline_on="2016-01-01",
                  targets=[{"on": "2027-12-31", "value": 1000.0}], version=1)
    indicators.append(record)
    cur.execute("INSERT INTO indicators (id, programme_id, sort_key, code, record, version) VALUES (?, ?, ?, ?, ?, 1)",
                (key(record["id"]), key(bench_id), f"OC000001.{i + 1:06d}", record["code"], json.dumps(record)))
periods = []
for year in range(2016, 2028):
    record = dict(period_template, id=new_id(), programme=bench_id, code=str(year), starts=f"{year}-01-01", ends=f"{year}-12-31", locked=False)
    periods.append(record)
    cur.execute("INSERT INTO periods (id, programme_id, sort_key, code, record) VALUES (?, ?, ?, ?, ?)", (key(record["id"]), key(bench_id), record["starts"], record["code"], json.dumps(record)))
letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
cities = [f"{country}-{letters[i // 26 % 26]}{letters[i % 26]}{letters[(i * 7) % 26]}" for i, country in ((i, ("KH", "LA", "VN")[i % 3]) for i in range(350))]
cities = list(dict.fromkeys(cities))[:350]
rows = []
for indicator in indicators:
    for period in periods:
        for city in cities:
            total = random.randint(50, 500)
            women = random.randint(0, total)
            for cell, amount in (("", total), ("sex=female", women), ("sex=male", total - women)):
                record = dict(value_template, id=new_id(), indicator=indicator["id"], period=period["id"], city=city, cell=cell,
                              value=float(amount), status="validated", comment="", review_comment="", version=1)
                rows.append((key(record["id"]), key(indicator["id"]), key(period["id"]), city, cell, "validated", float(amount), json.dumps(record)))
        if len(rows) > 50000:
            cur.executemany("INSERT INTO indicator_values (id, indicator_id, period_id, city_code, cell, status, amount, record, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)", rows)
            rows.clear()
cur.executemany("INSERT INTO indicator_values (id, indicator_id, period_id, city_code, cell, status, amount, record, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)", rows)
cur.execute("INSERT INTO indicator_totals (indicator_id, period_id, sum, count) SELECT indicator_id, period_id, SUM(amount), COUNT(amount) "
            "FROM indicator_values WHERE cell = '' AND status IN ('submitted', 'validated') AND indicator_id IN "
            "(SELECT id FROM indicators WHERE programme_id = ?) GROUP BY indicator_id, period_id", (key(bench_id),))
db.commit()
cur.execute("ANALYZE")
db.commit()
print(f"BENCH: 60 indicators, {len(periods)} periods, {len(cities)} cities, {60 * len(periods) * len(cities) * 3} values; first period {periods[-1]['id']}; city {cities[0]}")
