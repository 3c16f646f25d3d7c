using System.CommandLine;
using System.Globalization;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Cli.Stats;

// `btt stats delong`: AUCs of one or two score columns with DeLong variances and, for two, the paired test.
internal static class DeLongCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "CSV file with a header row.", Required = true };
        var truth = new Option<string>("--truth") { Description = "Column holding the true class.", Required = true };
        var positive = new Option<string>("--positive") { Description = "Value of the truth column that marks a positive case; any other value is negative.", Required = true };
        var score = new Option<string[]>("--score")
        {
            Description = "Score column (higher = more likely positive); give it twice for a paired DeLong test of first − second.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };

        var command = new Command("delong", "Empirical AUC with DeLong variance and 95% CI; with two scores, the paired DeLong test.")
        {
            input, truth, positive, score, json,
        };

        command.SetAction(parse => StatsCommands.Report(parse, () => Run(
            parse.GetRequiredValue(input).FullName,
            parse.GetRequiredValue(truth),
            parse.GetRequiredValue(positive),
            parse.GetRequiredValue(score),
            parse.GetValue(json))));
        return command;
    }

    public static string Run(string path, string truthColumn, string positiveValue, IReadOnlyList<string> scoreColumns, bool json)
    {
        if (scoreColumns.Count is < 1 or > 2)
        {
            throw new StatsInputException($"Give one or two --score columns, not {scoreColumns.Count}.");
        }

        if (scoreColumns.Count == 2 && scoreColumns[0] == scoreColumns[1])
        {
            throw new StatsInputException($"Both --score options name the column '{scoreColumns[0]}'.");
        }

        var table = CsvTable.Read(path);
        var truthIndex = table.Column(truthColumn, "--truth");
        var scoreIndices = scoreColumns.Select(c => table.Column(c, "--score")).ToArray();

        var truth = new bool[table.Rows.Count];
        var scores = scoreIndices.Select(_ => new double[table.Rows.Count]).ToArray();
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var value = table.Text(row, truthIndex);
            if (value.Length == 0)
            {
                throw new StatsInputException($"{path}: line {row.Line}: column '{truthColumn}' is empty; every case needs its true class.");
            }

            truth[i] = value == positiveValue;
            for (var s = 0; s < scoreIndices.Length; s++)
            {
                scores[s][i] = table.Number(row, scoreIndices[s]);
            }
        }

        var positives = truth.Count(t => t);
        if (positives < 2 || truth.Length - positives < 2)
        {
            var seen = string.Join(", ", table.Rows.Select(r => $"'{table.Text(r, truthIndex)}'").Distinct().Take(10));
            throw new StatsInputException(
                $"{path}: a DeLong analysis needs at least 2 positive and 2 negative cases; {positives} row(s) have {truthColumn} = '{positiveValue}' "
                + $"and {truth.Length - positives} do not (values seen: {seen}).");
        }

        var covariance = DeLong.Covariance(truth, scores);
        var estimates = Enumerable.Range(0, scores.Length).Select(s => covariance.Estimate(s)).ToArray();
        var comparison = scores.Length == 2 ? DeLong.PairedTest(truth, scores[0], scores[1]) : null;

        return json
            ? Json(scoreColumns, estimates, comparison)
            : Table(truthColumn, positiveValue, scoreColumns, estimates, comparison);
    }

    private static string Json(IReadOnlyList<string> names, AucEstimate[] estimates, AucComparison? comparison) => StatsJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("n_positive", estimates[0].Positives);
        w.WriteNumber("n_negative", estimates[0].Negatives);
        w.WriteStartArray("scores");
        for (var s = 0; s < estimates.Length; s++)
        {
            w.WriteStartObject();
            w.WriteString("name", names[s]);
            w.Number("auc", estimates[s].Auc);
            w.Number("variance", estimates[s].Variance);
            w.Interval("ci95", estimates[s].Ci);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (comparison is not null)
        {
            w.WriteStartObject("comparison");
            w.WriteString("first", names[0]);
            w.WriteString("second", names[1]);
            w.Number("difference", comparison.Difference);
            w.Number("covariance", comparison.Covariance);
            w.Number("z", comparison.Z);
            w.Number("p", comparison.P);
            w.Interval("ci95", comparison.DifferenceCi);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    private static string Table(string truthColumn, string positiveValue, IReadOnlyList<string> names, AucEstimate[] estimates, AucComparison? comparison)
    {
        var c = CultureInfo.InvariantCulture;
        var width = Math.Max(5, names.Max(n => n.Length));
        var lines = new List<string>
        {
            string.Create(c, $"{estimates[0].Positives} positive ({truthColumn} = {positiveValue}), {estimates[0].Negatives} negative"),
            "",
            string.Create(c, $"{"score".PadRight(width)}  {"AUC",8}  {"variance",10}  95% CI (DeLong)"),
        };
        for (var s = 0; s < estimates.Length; s++)
        {
            var e = estimates[s];
            lines.Add(string.Create(c, $"{names[s].PadRight(width)}  {e.Auc,8:F4}  {e.Variance,10:F6}  {e.Ci.Lower:F4} – {e.Ci.Upper:F4}"));
        }

        if (comparison is not null)
        {
            lines.Add("");
            lines.Add(string.Create(c, $"Paired DeLong test, {names[0]} − {names[1]}:"));
            lines.Add(string.Create(c, $"  difference {comparison.Difference:F4} (95% CI {comparison.DifferenceCi.Lower:F4} – {comparison.DifferenceCi.Upper:F4}), covariance {comparison.Covariance:F6}"));
            lines.Add(string.Create(c, $"  Z = {comparison.Z:F4}, two-sided p = {StatsCommands.FormatP(comparison.P)}"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
