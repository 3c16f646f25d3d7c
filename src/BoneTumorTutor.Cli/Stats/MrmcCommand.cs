using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Cli.Stats;

// `btt stats mrmc`: Obuchowski–Rockette–Hillis analysis of a modality,reader,case,truth,rating CSV.
internal static class MrmcCommand
{
    private static readonly string[] Columns = ["modality", "reader", "case", "truth", "rating"];

    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "CSV with columns modality,reader,case,truth,rating (truth 1 = positive, 0 = negative).", Required = true };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("mrmc", "Obuchowski–Rockette MRMC analysis of two modalities (Wilcoxon AUC, jackknife covariances, Hillis df).")
        {
            input, json,
        };

        command.SetAction(parse => StatsCommands.Report(parse, () => Run(parse.GetRequiredValue(input).FullName, parse.GetValue(json))));
        return command;
    }

    public static string Run(string path, bool json)
    {
        var table = CsvTable.Read(path);
        var index = Columns.Select(c => table.Column(c, "required MRMC column")).ToArray();
        var ratings = new MrmcRating[table.Rows.Count];
        for (var i = 0; i < ratings.Length; i++)
        {
            var row = table.Rows[i];
            for (var c = 0; c < 3; c++)
            {
                if (table.Text(row, index[c]).Length == 0)
                {
                    throw new StatsInputException($"{path}: line {row.Line}: column '{Columns[c]}' is empty.");
                }
            }

            var truth = table.Text(row, index[3]) switch
            {
                "1" => true,
                "0" => false,
                var other => throw new StatsInputException($"{path}: line {row.Line}: column 'truth' has '{other}'; expected 1 (positive) or 0 (negative)."),
            };
            ratings[i] = new MrmcRating(table.Text(row, index[0]), table.Text(row, index[1]), table.Text(row, index[2]), truth, table.Number(row, index[4]));
        }

        MrmcResult result;
        try
        {
            result = Mrmc.Analyze(ratings);
        }
        catch (MrmcInputException e)
        {
            var where = e.RecordIndex is { } i ? $"line {table.Rows[i].Line}: " : "";
            throw new StatsInputException($"{path}: {where}{e.Message}");
        }

        return json ? Json(result) : Table(result);
    }

    private static string Json(MrmcResult result) => StatsJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("modalities");
        foreach (var modality in result.Modalities)
        {
            w.WriteStartObject();
            w.WriteString("id", modality.Id);
            w.Number("auc", modality.Auc);
            w.WriteStartObject("reader_aucs");
            foreach (var reader in modality.ReaderAucs)
            {
                w.Number(reader.Reader, reader.Auc);
            }

            w.WriteEndObject();
            w.WriteStartObject("rrrc");
            w.Number("se", modality.RandomReadersRandomCases.StandardError);
            w.Number("df", modality.RandomReadersRandomCases.DegreesOfFreedom);
            w.Interval("ci95", modality.RandomReadersRandomCases.Ci);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("difference");
        w.WriteString("first", result.Difference.First);
        w.WriteString("second", result.Difference.Second);
        w.Number("estimate", result.Difference.Estimate);
        w.WriteEndObject();

        var v = result.VarianceComponents;
        w.WriteStartObject("variance_components");
        w.Number("var_r", v.VarR);
        w.Number("var_tr", v.VarTR);
        w.Number("cov1", v.Cov1);
        w.Number("cov2", v.Cov2);
        w.Number("cov3", v.Cov3);
        w.Number("var_error", v.VarError);
        w.WriteEndObject();

        FTest(w, "rrrc", result.RandomReadersRandomCases);

        var frrc = result.FixedReadersRandomCases;
        w.WriteStartObject("frrc");
        w.Number("chisq", frrc.ChiSquare);
        w.Number("p", frrc.P);
        w.Number("se", frrc.StandardError);
        w.Interval("ci95", frrc.Ci);
        w.WriteEndObject();

        FTest(w, "rrfc", result.RandomReadersFixedCases);
        w.WriteEndObject();
    });

    private static void FTest(Utf8JsonWriter w, string name, MrmcFTest test)
    {
        w.WriteStartObject(name);
        w.Number("f", test.F);
        w.Number("ndf", test.Ndf);
        w.Number("ddf", test.Ddf);
        w.Number("p", test.P);
        w.Number("se", test.StandardError);
        w.Interval("ci95", test.Ci);
        w.WriteEndObject();
    }

    private static string Table(MrmcResult result)
    {
        var c = CultureInfo.InvariantCulture;
        var readerWidth = Math.Max(6, result.Readers.Max(r => r.Length));
        var lines = new List<string>
        {
            string.Create(c, $"{result.Readers.Count} readers, {result.Cases} cases ({result.PositiveCases} positive, {result.NegativeCases} negative), 2 modalities"),
            "",
            string.Create(c, $"{"reader".PadRight(readerWidth)}  {string.Join("  ", result.Modalities.Select(m => $"AUC {m.Id}".PadLeft(10)))}"),
        };
        for (var j = 0; j < result.Readers.Count; j++)
        {
            lines.Add(string.Create(c, $"{result.Readers[j].PadRight(readerWidth)}  {string.Join("  ", result.Modalities.Select(m => m.ReaderAucs[j].Auc.ToString("F4", c).PadLeft(10)))}"));
        }

        lines.Add(string.Create(c, $"{"mean".PadRight(readerWidth)}  {string.Join("  ", result.Modalities.Select(m => m.Auc.ToString("F4", c).PadLeft(10)))}"));
        lines.Add("");
        foreach (var m in result.Modalities)
        {
            var e = m.RandomReadersRandomCases;
            lines.Add(string.Create(c, $"Modality {m.Id}: AUC {m.Auc:F4}, SE {e.StandardError:F4}, df {e.DegreesOfFreedom:F2}, 95% CI {e.Ci.Lower:F4} – {e.Ci.Upper:F4} (random readers and cases)"));
        }

        var d = result.Difference;
        var v = result.VarianceComponents;
        lines.Add("");
        lines.Add(string.Create(c, $"Difference {d.First} − {d.Second}: {d.Estimate:F4}"));
        lines.Add(string.Create(c, $"Variance components: var_r {v.VarR:G6}, var_tr {v.VarTR:G6}, cov1 {v.Cov1:G6}, cov2 {v.Cov2:G6}, cov3 {v.Cov3:G6}, var_error {v.VarError:G6}"));
        lines.Add("");
        lines.Add(Line("Random readers, random cases", $"F({result.RandomReadersRandomCases.Ndf:G4}, {result.RandomReadersRandomCases.Ddf:F2}) = {result.RandomReadersRandomCases.F:F4}", result.RandomReadersRandomCases.P, result.RandomReadersRandomCases.StandardError, result.RandomReadersRandomCases.Ci));
        lines.Add(Line("Fixed readers, random cases", $"chi-square({result.FixedReadersRandomCases.Df:G4}) = {result.FixedReadersRandomCases.ChiSquare:F4}", result.FixedReadersRandomCases.P, result.FixedReadersRandomCases.StandardError, result.FixedReadersRandomCases.Ci));
        lines.Add(Line("Random readers, fixed cases", $"F({result.RandomReadersFixedCases.Ndf:G4}, {result.RandomReadersFixedCases.Ddf:G4}) = {result.RandomReadersFixedCases.F:F4}", result.RandomReadersFixedCases.P, result.RandomReadersFixedCases.StandardError, result.RandomReadersFixedCases.Ci));
        return string.Join(Environment.NewLine, lines);

        string Line(string title, FormattableString statistic, double p, double se, ConfidenceInterval ci) =>
            string.Create(c, $"{title}: {statistic.ToString(c)}, p = {StatsCommands.FormatP(p)}, SE {se:F4}, 95% CI of the difference {ci.Lower:F4} – {ci.Upper:F4}");
    }
}
