#!/usr/bin/env python3
"""Writes a directory at benchmark scale as two CSV files Mekong imports:
350 local authorities among 5,000 organisations, and 50,000 people affiliated to them,
with names in Latin, Khmer, Lao and Vietnamese scripts.

    python3 benches/generate_directory.py OUT_DIR [ORGANISATIONS] [PEOPLE]
"""
import csv
import random
import sys

out = sys.argv[1]
organisations = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
people = int(sys.argv[3]) if len(sys.argv) > 3 else 50000
local_authorities = 350
random.seed(7)

kinds = ["association", "national_government", "university", "ngo", "international", "funder", "company", "media"]
themes = ["urban_resilience", "digital_transition", "data_standardisation", "climate_change", "heritage",
          "urban_planning", "responsible_tourism", "urban_governance"]
countries = [("KH", "km"), ("LA", "lo"), ("VN", "vi"), ("TH", "th"), ("FR", "fr")]
khmer = ["សុខា", "ដារ៉ា", "វណ្ណា", "សុភា", "ចាន់", "កែវ", "ស្រីមុំ"]
lao = ["ສົມພອນ", "ບຸນມີ", "ຄຳລາ", "ວົງສາ", "ແກ້ວ", "ສີສຸກ"]
viet = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Văn", "Thị", "Minh", "Lan", "Hùng", "Thảo"]
latin = ["Sokha", "Dara", "Bounmy", "Khamla", "Minh", "Lan", "Claire", "Jonas", "Somchai", "Anan"]

with open(f"{out}/organisations.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["kind", "name_en", "name_local", "country", "themes", "languages"])
    names = []
    for i in range(organisations):
        country, lang = random.choice(countries)
        kind = "local_authority" if i < local_authorities else random.choice(kinds)
        name = f"{'City' if kind == 'local_authority' else 'Organisation'} {i:05d} {random.choice(latin)}"
        local = (random.choice(khmer) if country == "KH" else random.choice(lao) if country == "LA" else "") + f" {i}"
        names.append(name)
        w.writerow([kind, name, local.strip(), country, ",".join(random.sample(themes, 2)), f"{lang},en"])

with open(f"{out}/people.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["name_romanised", "name_local", "email", "organisation", "country", "sex", "themes", "consent_basis", "consent_given_on"])
    for i in range(people):
        country, lang = random.choice(countries[:3])
        given = random.choice(viet if country == "VN" else latin)
        local = " ".join(random.sample(khmer if country == "KH" else lao if country == "LA" else viet, 2)) + f" {i}"
        w.writerow([f"{given} {random.choice(latin)} {i:05d}", local, f"person{i}@example.org", random.choice(names), country,
                    random.choice(["female", "male"]), random.choice(themes), "consent", "2025-01-15"])
