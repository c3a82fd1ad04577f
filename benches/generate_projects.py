"""Brings a Mekong SQLite database that holds the demo to the project portfolio's benchmark
scale: 350 member cities (the demo's, and more cloned from one of them) and 2,000 projects
(the demo's five, and more cloned from them), each with its own results programme, one to
three cities, one or two themes, a stage, a funder or none, and a budget in EUR, USD or VND.
Rows are cloned from what Mekong itself wrote, so that they read as Mekong writes them.

    python3 benches/generate_projects.py DB.sqlite [PROJECTS] [CITIES]
"""
import json, random, sqlite3, sys, uuid

random.seed(17)
db = sqlite3.connect(sys.argv[1])
projects_wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
cities_wanted = int(sys.argv[3]) if len(sys.argv) > 3 else 350
cur = db.cursor()
as_blob = isinstance(cur.execute("SELECT id FROM programmes LIMIT 1").fetchone()[0], bytes)

def key(text):
    return uuid.UUID(text).bytes if as_blob else text

# Cities: clone one demo city under new codes until there are `cities_wanted`.
columns = [c[1] for c in cur.execute("PRAGMA table_info(cities)")]
template = dict(zip(columns, cur.execute("SELECT * FROM cities WHERE code = 'KH-PNH'").fetchone()))
codes = [c for (c,) in cur.execute("SELECT code FROM cities")]
letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
i = 0
while len(codes) < cities_wanted:
    code = f"{('KH', 'LA', 'VN')[i % 3]}-{letters[i // 676 % 26]}{letters[i // 26 % 26]}{letters[i % 26]}"
    i += 1
    if code in codes:
        continue
    row = dict(template, id=key(str(uuid.uuid4())), code=code, name_fr=f"Ville {code}", name_en=f"City {code}", name_local="")
    cur.execute(f"INSERT INTO cities ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", [row[c] for c in columns])
    codes.append(code)

funders = [f for (f,) in cur.execute("SELECT id FROM organisations WHERE kind = 'funder'")]
project_columns = [c[1] for c in cur.execute("PRAGMA table_info(projects)")]
demo = [dict(zip(project_columns, r)) for r in cur.execute("SELECT * FROM projects")]
programme = json.loads(cur.execute("SELECT record FROM programmes WHERE code = ?", (demo[0]["number"],)).fetchone()[0])
stages = ["idea", "concept_note", "full_proposal", "submitted", "approved", "rejected", "implementation", "closed"]
themes = ["urban_resilience", "digital_transition", "data_standardisation", "climate_change", "heritage",
          "urban_planning", "responsible_tourism", "urban_governance"]
currencies = [("EUR", 100), ("USD", 100), ("VND", 1)]
existing = len(demo)
for n in range(existing, projects_wanted):
    source = demo[n % len(demo)]
    record = json.loads(source["record"])
    project_id, programme_id = str(uuid.uuid4()), str(uuid.uuid4())
    number = f"PRJ-2026-{n + 1:04d}"
    cities = random.sample(codes, random.randint(1, 3))
    picked = random.sample(themes, random.randint(1, 2))
    currency, scale = random.choice(currencies)
    budget = random.randint(50_000, 2_000_000) * scale * (25_000 if currency == "VND" else 1)
    funder = random.choice(funders) if funders and random.random() < 0.7 else None
    funder_text = (uuid.UUID(bytes=funder) if isinstance(funder, bytes) else uuid.UUID(funder)).hex if funder else None
    record.update(id=project_id, number=number, programme=programme_id, cities=cities, themes=picked,
                  stage=random.choice(stages), budget={"amount_minor": budget, "currency": currency},
                  funder=str(uuid.UUID(funder_text)) if funder_text else None, partners=[], version=1,
                  title={"en": f"Benchmark project {n + 1}", "fr": f"Projet de test {n + 1}"})
    cur.execute("INSERT INTO programmes (id, code, record, version) VALUES (?, ?, ?, 1)",
                (key(programme_id), number, json.dumps(dict(programme, id=programme_id, code=number, version=1))))
    row = dict(source, id=key(project_id), number=number, stage=record["stage"], programme_id=key(programme_id),
               funder_id=funder, budget_minor=budget, budget_currency=currency, record=json.dumps(record), version=1)
    cur.execute(f"INSERT INTO projects ({', '.join(project_columns)}) VALUES ({', '.join('?' for _ in project_columns)})",
                [row[c] for c in project_columns])
    cur.executemany("INSERT INTO project_cities (project_id, city_code) VALUES (?, ?)", [(key(project_id), c) for c in cities])
    cur.executemany("INSERT INTO project_themes (project_id, theme) VALUES (?, ?)", [(key(project_id), t) for t in picked])
db.commit()
cur.execute("ANALYZE")
db.commit()
print(f"projects: {cur.execute('SELECT COUNT(*) FROM projects').fetchone()[0]}; cities {len(codes)}; a city {codes[-1]}")
