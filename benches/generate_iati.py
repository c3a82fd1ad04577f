"""Multiplies the demo's SGA4 programme tenfold for the IATI export's figures: every expense
and funds receipt cloned nine more times (same dates and statuses, new numbers), every
indicator cloned nine more times on its logframe entry with all its values, in a Mekong SQLite
database that holds the demo. Records are cloned from the demo's own rows."""
import json, sqlite3, sys, uuid

db = sqlite3.connect(sys.argv[1])
cur = db.cursor()
sample_id = cur.execute("SELECT id FROM programmes LIMIT 1").fetchone()[0]
as_blob = isinstance(sample_id, bytes)
def key(text):
    return uuid.UUID(text).bytes if as_blob else text
def new_id():
    return str(uuid.uuid4())
TIMES = 10

columns = lambda table: [r[1] for r in cur.execute(f"PRAGMA table_info({table})")]
def clone_rows(table, update):
    """Clones every row of `table` TIMES - 1 times; `update(record, row, k)` changes a copy."""
    cols = columns(table)
    rows = cur.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
    out = []
    for k in range(1, TIMES):
        for row in rows:
            row = dict(zip(cols, row))
            record = json.loads(row["record"])
            new = update(record, row, k)
            if new is None:
                continue
            row["record"] = json.dumps(record)
            out.append(tuple(row[c] for c in cols))
    cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", out)
    return len(out)

def expense(record, row, k):
    record["id"] = new_id(); record["number"] = f"{record['number']}-X{k}"
    row["id"] = key(record["id"]); row["number"] = record["number"]
    if "origin_key" in row: row["origin_key"] = None
    if "corrects_id" in row: row["corrects_id"] = None
    record["corrects"] = None
    record["origin"] = {"kind": "typed"}
    return row
def receipt(record, row, k):
    record["id"] = new_id(); row["id"] = key(record["id"]); return row
indicator_map = {}
def indicator(record, row, k):
    old = record["id"]; record["id"] = new_id(); record["code"] = f"{record['code']}x{k}"
    indicator_map[(old, k)] = record["id"]
    row["id"] = key(record["id"]); row["sort_key"] = f"{row['sort_key']}x{k}"
    if "code" in row: row["code"] = record["code"]
    return row
def value(record, row, k):
    new = indicator_map.get((record["indicator"], k))
    if new is None: return None
    record["id"] = new_id(); record["indicator"] = new
    row["id"] = key(record["id"]); row["indicator_id"] = key(new); return row

print(f"{clone_rows('expenses', expense)} expenses, {clone_rows('funds_receipts', receipt)} funds receipts, "
      f"{clone_rows('indicators', indicator)} indicators, {clone_rows('indicator_values', value)} values added")
db.commit()
