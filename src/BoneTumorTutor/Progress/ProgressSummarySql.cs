namespace BoneTumorTutor.Progress;

/// <summary>
/// The hand-written SQL that keeps the progress summaries (<see cref="ProgressLearnerSummary"/>,
/// <see cref="ProgressBandSummary"/>, <see cref="ProgressDaySummary"/>, <see cref="ProgressRatingSummary"/>) equal to
/// what the committed answers in Attempts say: three SQLite triggers on Attempts (insert; update of a field that
/// counts; delete) and a backfill of the rows already there. The "Progress" migration applies it. Because it lives in
/// the database, rows written by any writer — the app, the CLI, bench/seed_progress.py, an sqlite3 shell — are counted.
/// </summary>
/// <remarks>
/// <para>SQLite only (UPSERT needs SQLite ≥ 3.24). The app runs on SQLite; on any other provider the migration stops
/// with <see cref="NotSupportedException"/> rather than leaving the dashboard silently empty — port these statements
/// (triggers and backfill) to that provider first.</para>
/// <para>A migration's SQL must not change once shipped: change this class only together with a new migration that
/// drops and recreates the triggers (and reruns <see cref="Rebuild"/>).</para>
/// <para>Each trigger subtracts the old row's contribution (when the old row was a committed answer) and adds the new
/// row's (when the new row is one). AucTwiceU is the Mann–Whitney U doubled so it stays an integer: adding an OS
/// answer with confidence c adds 2 for every GCT answer of that learner with confidence below c and 1 for every one
/// equal to c (mirrored for a GCT answer); the ratings table gives those counts.</para>
/// </remarks>
public static class ProgressSummarySql
{
    public const string LearnersTable = "ProgressLearners";
    public const string BandsTable = "ProgressLearnerBands";
    public const string DaysTable = "ProgressLearnerDays";
    public const string RatingsTable = "ProgressRatings";

    public const string InsertTrigger = "Progress_Attempts_AfterInsert";
    public const string UpdateTrigger = "Progress_Attempts_AfterUpdate";
    public const string DeleteTrigger = "Progress_Attempts_AfterDelete";

    /// <summary>The Attempts columns whose change can change a summary (the update trigger watches only these).</summary>
    public static readonly IReadOnlyList<string> CountedColumns =
        ["UserId", "AnsweredAt", "Answer", "Confidence", "Truth", "Band", "AidedAnswer", "ModelCall"];

    public static bool IsSqlite(string? activeProvider) =>
        string.Equals(activeProvider, "Microsoft.EntityFrameworkCore.Sqlite", StringComparison.Ordinal);

    /// <summary>Creates the three triggers.</summary>
    public static string CreateTriggers => $"""
        CREATE TRIGGER "{InsertTrigger}" AFTER INSERT ON "Attempts"
        WHEN {Committed("NEW")}
        BEGIN
        {Add("NEW")}
        END;

        CREATE TRIGGER "{UpdateTrigger}" AFTER UPDATE OF {string.Join(", ", CountedColumns.Select(c => $"\"{c}\""))} ON "Attempts"
        WHEN ({Committed("OLD")}) OR ({Committed("NEW")})
        BEGIN
        {Remove("OLD")}
        {Add("NEW")}
        END;

        CREATE TRIGGER "{DeleteTrigger}" AFTER DELETE ON "Attempts"
        WHEN {Committed("OLD")}
        BEGIN
        {Remove("OLD")}
        END;
        """;

    public static string DropTriggers => $"""
        DROP TRIGGER IF EXISTS "{InsertTrigger}";
        DROP TRIGGER IF EXISTS "{UpdateTrigger}";
        DROP TRIGGER IF EXISTS "{DeleteTrigger}";
        """;

    /// <summary>Fills the (empty) summary tables from the committed answers already in Attempts, set-based.</summary>
    public static string Backfill => $"""
        INSERT INTO "{RatingsTable}" ("UserId", "TruthOs", "Confidence", "Answered")
        SELECT a."UserId", {TruthOs("a")}, a."Confidence", COUNT(*)
        FROM "Attempts" a WHERE {Committed("a")}
        GROUP BY a."UserId", {TruthOs("a")}, a."Confidence";

        INSERT INTO "{BandsTable}" ("UserId", "Band", "Answered", "Correct")
        SELECT a."UserId", {Band("a")}, COUNT(*), SUM({Correct("a")})
        FROM "Attempts" a WHERE {Committed("a")}
        GROUP BY a."UserId", {Band("a")};

        INSERT INTO "{DaysTable}" ("UserId", "Day", "Answered", "Correct")
        SELECT a."UserId", {Day("a")}, COUNT(*), SUM({Correct("a")})
        FROM "Attempts" a WHERE {Committed("a")}
        GROUP BY a."UserId", {Day("a")};

        INSERT INTO "{LearnersTable}" ("UserId", "Answered", "Correct", "Positives", "AucTwiceU", "LastAnsweredAt",
            "AidedAnswered", "AidedCorrect", "AidedUnaidedCorrect", "ModelRight", "SwitchedWhenModelRight", "ModelWrong", "SwitchedWhenModelWrong")
        SELECT a."UserId", COUNT(*), SUM({Correct("a")}), SUM({TruthOs("a")}), 0, MAX(a."AnsweredAt"),
            SUM({Aided("a")}), SUM({AidedCorrect("a")}), SUM({AidedUnaidedCorrect("a")}),
            SUM({ModelRight("a")}), SUM({ModelRight("a")} AND {Switched("a")}), SUM({ModelWrong("a")}), SUM({ModelWrong("a")} AND {Switched("a")})
        FROM "Attempts" a WHERE {Committed("a")}
        GROUP BY a."UserId";

        UPDATE "{LearnersTable}" SET "AucTwiceU" = (
            SELECT COALESCE(SUM(p."Answered" * (
                2 * (SELECT COALESCE(SUM(n."Answered"), 0) FROM "{RatingsTable}" n
                     WHERE n."UserId" = p."UserId" AND n."TruthOs" = 0 AND n."Confidence" < p."Confidence")
                + (SELECT COALESCE(SUM(n."Answered"), 0) FROM "{RatingsTable}" n
                     WHERE n."UserId" = p."UserId" AND n."TruthOs" = 0 AND n."Confidence" = p."Confidence"))), 0)
            FROM "{RatingsTable}" p
            WHERE p."UserId" = "{LearnersTable}"."UserId" AND p."TruthOs" = 1);
        """;

    /// <summary>Empties the summaries and backfills them again (a repair; the tests compare it with what the triggers kept).</summary>
    public static string Rebuild => $"""
        DELETE FROM "{LearnersTable}";
        DELETE FROM "{BandsTable}";
        DELETE FROM "{DaysTable}";
        DELETE FROM "{RatingsTable}";
        {Backfill}
        """;

    // ---- one row's contribution; r is OLD, NEW or a table alias ----

    private static string Committed(string r) =>
        $"""{r}."AnsweredAt" IS NOT NULL AND {r}."Answer" IS NOT NULL AND {r}."Truth" IS NOT NULL AND {r}."Confidence" IS NOT NULL""";

    // Diagnosis: 1 = osteosarcoma (the positive class), anything else is not. Comparisons give 0 or 1.
    private static string TruthOs(string r) => $"""({r}."Truth" = 1)""";

    private static string Correct(string r) => $"""(({r}."Answer" = 1) = ({r}."Truth" = 1))""";

    private static string Band(string r) => $"""COALESCE({r}."Band", 0)""";

    // AnsweredAt is stored as text "yyyy-MM-dd HH:mm:ss[.fffffff]"; its first ten characters are the UTC day.
    private static string Day(string r) => $"""substr({r}."AnsweredAt", 1, 10)""";

    private static string Aided(string r) => $"""({r}."AidedAnswer" IS NOT NULL)""";

    private static string AidedCorrect(string r) => $"""({r}."AidedAnswer" IS NOT NULL AND ({r}."AidedAnswer" = 1) = ({r}."Truth" = 1))""";

    private static string AidedUnaidedCorrect(string r) => $"""({r}."AidedAnswer" IS NOT NULL AND {Correct(r)})""";

    private static string ModelRight(string r) =>
        $"""({r}."AidedAnswer" IS NOT NULL AND {r}."ModelCall" IS NOT NULL AND ({r}."ModelCall" = 1) = ({r}."Truth" = 1))""";

    private static string ModelWrong(string r) =>
        $"""({r}."AidedAnswer" IS NOT NULL AND {r}."ModelCall" IS NOT NULL AND ({r}."ModelCall" = 1) <> ({r}."Truth" = 1))""";

    private static string Switched(string r) => $"""(({r}."AidedAnswer" = 1) <> ({r}."Answer" = 1))""";

    // Twice the number of (this answer, answer of the other class) pairs this answer wins, plus the ties.
    private static string Pairs(string r) => $"""
        (SELECT COALESCE(SUM(q."Answered" * CASE WHEN q."Confidence" = {r}."Confidence" THEN 1 ELSE 2 END), 0)
             FROM "{RatingsTable}" q
             WHERE q."UserId" = {r}."UserId" AND q."TruthOs" = ({r}."Truth" <> 1)
               AND (({r}."Truth" = 1 AND q."Confidence" <= {r}."Confidence") OR ({r}."Truth" <> 1 AND q."Confidence" >= {r}."Confidence")))
        """;

    private static string Add(string r) => $"""
        INSERT INTO "{LearnersTable}" ("UserId", "Answered", "Correct", "Positives", "AucTwiceU", "LastAnsweredAt",
            "AidedAnswered", "AidedCorrect", "AidedUnaidedCorrect", "ModelRight", "SwitchedWhenModelRight", "ModelWrong", "SwitchedWhenModelWrong")
        SELECT {r}."UserId", 1, {Correct(r)}, {TruthOs(r)}, {Pairs(r)}, {r}."AnsweredAt",
            {Aided(r)}, {AidedCorrect(r)}, {AidedUnaidedCorrect(r)},
            {ModelRight(r)}, ({ModelRight(r)} AND {Switched(r)}), {ModelWrong(r)}, ({ModelWrong(r)} AND {Switched(r)})
        WHERE {Committed(r)}
        ON CONFLICT ("UserId") DO UPDATE SET
            "Answered" = "Answered" + excluded."Answered",
            "Correct" = "Correct" + excluded."Correct",
            "Positives" = "Positives" + excluded."Positives",
            "AucTwiceU" = "AucTwiceU" + excluded."AucTwiceU",
            "LastAnsweredAt" = CASE WHEN "LastAnsweredAt" IS NULL OR excluded."LastAnsweredAt" > "LastAnsweredAt"
                THEN excluded."LastAnsweredAt" ELSE "LastAnsweredAt" END,
            "AidedAnswered" = "AidedAnswered" + excluded."AidedAnswered",
            "AidedCorrect" = "AidedCorrect" + excluded."AidedCorrect",
            "AidedUnaidedCorrect" = "AidedUnaidedCorrect" + excluded."AidedUnaidedCorrect",
            "ModelRight" = "ModelRight" + excluded."ModelRight",
            "SwitchedWhenModelRight" = "SwitchedWhenModelRight" + excluded."SwitchedWhenModelRight",
            "ModelWrong" = "ModelWrong" + excluded."ModelWrong",
            "SwitchedWhenModelWrong" = "SwitchedWhenModelWrong" + excluded."SwitchedWhenModelWrong";

        INSERT INTO "{RatingsTable}" ("UserId", "TruthOs", "Confidence", "Answered")
        SELECT {r}."UserId", {TruthOs(r)}, {r}."Confidence", 1 WHERE {Committed(r)}
        ON CONFLICT ("UserId", "TruthOs", "Confidence") DO UPDATE SET "Answered" = "Answered" + 1;

        INSERT INTO "{BandsTable}" ("UserId", "Band", "Answered", "Correct")
        SELECT {r}."UserId", {Band(r)}, 1, {Correct(r)} WHERE {Committed(r)}
        ON CONFLICT ("UserId", "Band") DO UPDATE SET "Answered" = "Answered" + 1, "Correct" = "Correct" + excluded."Correct";

        INSERT INTO "{DaysTable}" ("UserId", "Day", "Answered", "Correct")
        SELECT {r}."UserId", {Day(r)}, 1, {Correct(r)} WHERE {Committed(r)}
        ON CONFLICT ("UserId", "Day") DO UPDATE SET "Answered" = "Answered" + 1, "Correct" = "Correct" + excluded."Correct";
        """;

    // Only UPDATEs of existing rows (never an insert of negative counts), then rows that reached zero are removed. When
    // the user is being deleted, the summaries may already be gone (foreign-key cascade); then these change nothing.
    private static string Remove(string r) => $"""
        UPDATE "{LearnersTable}" SET
            "Answered" = "Answered" - 1,
            "Correct" = "Correct" - {Correct(r)},
            "Positives" = "Positives" - {TruthOs(r)},
            "AucTwiceU" = "AucTwiceU" - {Pairs(r)},
            "LastAnsweredAt" = CASE WHEN "LastAnsweredAt" > {r}."AnsweredAt" THEN "LastAnsweredAt" ELSE
                (SELECT MAX(m."AnsweredAt") FROM "Attempts" m WHERE m."UserId" = {r}."UserId" AND {Committed("m")}) END,
            "AidedAnswered" = "AidedAnswered" - {Aided(r)},
            "AidedCorrect" = "AidedCorrect" - {AidedCorrect(r)},
            "AidedUnaidedCorrect" = "AidedUnaidedCorrect" - {AidedUnaidedCorrect(r)},
            "ModelRight" = "ModelRight" - {ModelRight(r)},
            "SwitchedWhenModelRight" = "SwitchedWhenModelRight" - ({ModelRight(r)} AND {Switched(r)}),
            "ModelWrong" = "ModelWrong" - {ModelWrong(r)},
            "SwitchedWhenModelWrong" = "SwitchedWhenModelWrong" - ({ModelWrong(r)} AND {Switched(r)})
        WHERE "UserId" = {r}."UserId" AND {Committed(r)};
        DELETE FROM "{LearnersTable}" WHERE "UserId" = {r}."UserId" AND "Answered" <= 0;

        UPDATE "{RatingsTable}" SET "Answered" = "Answered" - 1
        WHERE "UserId" = {r}."UserId" AND "TruthOs" = {TruthOs(r)} AND "Confidence" = {r}."Confidence" AND {Committed(r)};
        DELETE FROM "{RatingsTable}" WHERE "UserId" = {r}."UserId" AND "TruthOs" = {TruthOs(r)} AND "Confidence" = {r}."Confidence" AND "Answered" <= 0;

        UPDATE "{BandsTable}" SET "Answered" = "Answered" - 1, "Correct" = "Correct" - {Correct(r)}
        WHERE "UserId" = {r}."UserId" AND "Band" = {Band(r)} AND {Committed(r)};
        DELETE FROM "{BandsTable}" WHERE "UserId" = {r}."UserId" AND "Band" = {Band(r)} AND "Answered" <= 0;

        UPDATE "{DaysTable}" SET "Answered" = "Answered" - 1, "Correct" = "Correct" - {Correct(r)}
        WHERE "UserId" = {r}."UserId" AND "Day" = {Day(r)} AND {Committed(r)};
        DELETE FROM "{DaysTable}" WHERE "UserId" = {r}."UserId" AND "Day" = {Day(r)} AND "Answered" <= 0;
        """;
}
