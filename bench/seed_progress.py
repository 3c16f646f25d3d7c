#!/usr/bin/env python3
"""Fills a migrated BoneTumorTutor SQLite database with trainees and committed answers for the dashboard benchmark.

    python3 bench/seed_progress.py DB [--trainees 1000] [--answers 1000000] [--director EMAIL] [--trainee EMAIL]

Trainees get random years (1-15) and answers spread over the last 180 days on the published cases, each answer with a
probability of OS drawn so that accuracy grows with experience. --director gives an existing account the Director
role; --trainee gives an existing account (signed-in for the progress page) its share of answers too.
"""
import argparse, datetime, random, sqlite3, uuid

def main():
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("--trainees", type=int, default=1000)
    p.add_argument("--answers", type=int, default=1_000_000)
    p.add_argument("--director")
    p.add_argument("--trainee")
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rnd = random.Random(a.seed)
    db = sqlite3.connect(a.db)
    db.execute("PRAGMA journal_mode=WAL")
    cases = db.execute("SELECT Id, Diagnosis FROM Cases").fetchall()
    if not cases:
        raise SystemExit("no cases in the database; start the app once so content sync imports them")
    roles = dict(db.execute("SELECT Name, Id FROM AspNetRoles").fetchall())
    now = datetime.datetime.utcnow()
    fmt = lambda t: t.strftime("%Y-%m-%d %H:%M:%S.%f")
    users = []
    for i in range(a.trainees):
        uid = str(uuid.uuid4())
        years = rnd.randint(1, 15)
        email = f"seed{i:05d}@bench.invalid"
        db.execute("""INSERT INTO AspNetUsers (Id, DisplayName, TrainingStage, TrainingStageValue, ExperienceYears, CreatedAt, UserName,
            NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed,
            TwoFactorEnabled, LockoutEnabled, AccessFailedCount) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?,0,0,1,0)""",
            (uid, f"Seeded trainee {i:05d}", 2, years, years, fmt(now), email, email.upper(), email, email.upper(), str(uuid.uuid4()), str(uuid.uuid4())))
        db.execute("INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES (?, ?)", (uid, roles["Trainee"]))
        users.append((uid, years))
    for email, role in ((a.director, "Director"), (a.trainee, "Trainee")):
        if email:
            row = db.execute("SELECT Id, ExperienceYears FROM AspNetUsers WHERE NormalizedEmail = ?", (email.upper(),)).fetchone()
            if row is None:
                raise SystemExit(f"no account {email}")
            db.execute("INSERT OR IGNORE INTO AspNetUserRoles (UserId, RoleId) VALUES (?, ?)", (row[0], roles[role]))
            if role == "Trainee":
                users.append(row)
    per = a.answers // len(users)
    rows = []
    for uid, years in users:
        band = 0 if years <= 5 else 1 if years <= 10 else 2
        skill = 0.8 + 0.12 * years  # separation of the two classes' confidence
        t = now - datetime.timedelta(days=180)
        step = datetime.timedelta(days=180) / max(per, 1)
        for k in range(per):
            case_id, diagnosis = rnd.choice(cases)
            truth_os = diagnosis == 1
            z = rnd.gauss(skill if truth_os else -skill, 1.0)
            confidence = max(0, min(100, int(round(100 / (1 + 2.718281828 ** -z)))))
            answer = 1 if confidence > 50 or (confidence == 50 and rnd.random() < 0.5) else 0
            presented = t + step * k
            rows.append((str(uuid.uuid4()).upper(), uid, case_id, fmt(presented), answer, confidence, fmt(presented + datetime.timedelta(seconds=30)),
                         30000, diagnosis, 1 if answer == diagnosis else 0, years, band))
            if len(rows) >= 50_000:
                insert(db, rows); rows = []
    insert(db, rows)
    db.commit()
    n = db.execute("SELECT COUNT(*) FROM Attempts WHERE AnsweredAt IS NOT NULL").fetchone()[0]
    print(f"seeded {len(users)} trainees; {n} committed answers in the database")

def insert(db, rows):
    db.executemany("""INSERT INTO Attempts (PublicId, UserId, CaseId, PresentedAt, Answer, Confidence, AnsweredAt, TimeOnCaseMs, Truth,
        IsCorrect, ExperienceYears, Band) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", rows)

if __name__ == "__main__":
    main()
