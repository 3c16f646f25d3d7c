using System.CommandLine;
using System.Text.Json;
using BoneTumorTutor.Cli;
using BoneTumorTutor.Tests.Statistics;

namespace BoneTumorTutor.Tests.Cli.Stats;

public sealed class StatsCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("btt-stats-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Delong_Json_Follows_The_Schema_And_Matches_pROC_On_aSAH()
    {
        var (exit, output, error) = Btt("stats", "delong", "--input", ReferenceData.AsahPath, "--truth", "outcome", "--positive", "Poor", "--score", "wfns", "--score", "s100b", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["n_positive", "n_negative", "scores", "comparison"], Keys(root));
        Assert.Equal(41, root.GetProperty("n_positive").GetInt32());
        Assert.Equal(72, root.GetProperty("n_negative").GetInt32());

        var scores = root.GetProperty("scores").EnumerateArray().ToArray();
        Assert.Equal(2, scores.Length);
        Assert.All(scores, s => Assert.Equal(["name", "auc", "variance", "ci95"], Keys(s)));
        Assert.Equal("wfns", scores[0].GetProperty("name").GetString());
        Printed.Equal("0.823678861788618", scores[0].GetProperty("auc").GetDouble());
        Printed.Equal("0.00146991470882363", scores[0].GetProperty("variance").GetDouble());
        Assert.Equal("s100b", scores[1].GetProperty("name").GetString());
        Printed.Equal("0.73136856368563685", scores[1].GetProperty("auc").GetDouble());
        Printed.Equal("0.00266868245717244", scores[1].GetProperty("variance").GetDouble());
        var ci = Pair(scores[1].GetProperty("ci95"));
        Printed.Equal("0.63011821176162264", ci.Lower);
        Printed.Equal("0.83261891560965107", ci.Upper);

        var comparison = root.GetProperty("comparison");
        Assert.Equal(["first", "second", "difference", "covariance", "z", "p", "ci95"], Keys(comparison));
        Assert.Equal("wfns", comparison.GetProperty("first").GetString());
        Assert.Equal("s100b", comparison.GetProperty("second").GetString());
        Assert.Equal(
            scores[0].GetProperty("auc").GetDouble() - scores[1].GetProperty("auc").GetDouble(),
            comparison.GetProperty("difference").GetDouble(),
            15);
        Printed.Equal("0.00119615567376754", comparison.GetProperty("covariance").GetDouble());
        Printed.Equal("2.20898359144091", comparison.GetProperty("z").GetDouble());
        Printed.Equal("0.0271757822291882", comparison.GetProperty("p").GetDouble());
        var difference = Pair(comparison.GetProperty("ci95"));
        Printed.Equal("0.0104061769564846", difference.Lower);
        Printed.Equal("0.174214419249478", difference.Upper);
    }

    [Fact]
    public void Delong_With_One_Score_Has_No_Comparison()
    {
        var (exit, output, _) = Btt("stats", "delong", "--input", ReferenceData.AsahPath, "--truth", "outcome", "--positive", "Poor", "--score", "ndka", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["n_positive", "n_negative", "scores"], Keys(json.RootElement));
        Printed.Equal("0.611957994579946", json.RootElement.GetProperty("scores")[0].GetProperty("auc").GetDouble());
    }

    [Fact]
    public void Delong_Without_Json_Prints_A_Readable_Table()
    {
        var (exit, output, _) = Btt("stats", "delong", "--input", ReferenceData.AsahPath, "--truth", "outcome", "--positive", "Poor", "--score", "wfns", "--score", "s100b");

        Assert.Equal(0, exit);
        Assert.Contains("41 positive (outcome = Poor), 72 negative", output, StringComparison.Ordinal);
        Assert.Contains("0.7314", output, StringComparison.Ordinal);
        Assert.Contains("Z = 2.2090", output, StringComparison.Ordinal);
        Assert.DoesNotContain("{", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Mrmc_Json_Follows_The_Schema_And_Matches_RJafroc_On_Van_Dyke()
    {
        var (exit, output, error) = Btt("stats", "mrmc", "--input", ReferenceData.VanDykePath, "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["modalities", "difference", "variance_components", "rrrc", "frrc", "rrfc"], Keys(root));

        var modalities = root.GetProperty("modalities").EnumerateArray().ToArray();
        Assert.Equal(["0", "1"], modalities.Select(m => m.GetProperty("id").GetString()));
        Assert.All(modalities, m => Assert.Equal(["id", "auc", "reader_aucs", "rrrc"], Keys(m)));
        Assert.All(modalities, m => Assert.Equal(["0", "1", "2", "3", "4"], Keys(m.GetProperty("reader_aucs"))));
        Assert.All(modalities, m => Assert.Equal(["se", "df", "ci95"], Keys(m.GetProperty("rrrc"))));
        Printed.Equal("0.89703704", modalities[0].GetProperty("auc").GetDouble());
        Printed.Equal("0.94083736", modalities[1].GetProperty("auc").GetDouble());
        Printed.Equal("0.97310789", modalities[0].GetProperty("reader_aucs").GetProperty("3").GetDouble());
        Printed.Equal("0.92995169", modalities[1].GetProperty("reader_aucs").GetProperty("4").GetDouble());
        Printed.Equal("0.033173597", modalities[0].GetProperty("rrrc").GetProperty("se").GetDouble());
        Printed.Equal("12.710190", modalities[1].GetProperty("rrrc").GetProperty("df").GetDouble());

        var difference = root.GetProperty("difference");
        Assert.Equal(["first", "second", "estimate"], Keys(difference));
        Assert.Equal(("0", "1"), (difference.GetProperty("first").GetString(), difference.GetProperty("second").GetString()));
        Printed.Equal("-0.043800322", difference.GetProperty("estimate").GetDouble());

        var components = root.GetProperty("variance_components");
        Assert.Equal(["var_r", "var_tr", "cov1", "cov2", "cov3", "var_error"], Keys(components));
        Printed.Equal("0.00153499935", components.GetProperty("var_r").GetDouble());
        Printed.Equal("0.00020040252", components.GetProperty("var_tr").GetDouble());
        Printed.Equal("0.00034661371", components.GetProperty("cov1").GetDouble());
        Printed.Equal("0.00034407483", components.GetProperty("cov2").GetDouble());
        Printed.Equal("0.00023902837", components.GetProperty("cov3").GetDouble());
        Printed.Equal("0.00080228827", components.GetProperty("var_error").GetDouble());

        var rrrc = root.GetProperty("rrrc");
        Assert.Equal(["f", "ndf", "ddf", "p", "se", "ci95"], Keys(rrrc));
        Printed.Equal("4.4563187", rrrc.GetProperty("f").GetDouble());
        Assert.Equal(1, rrrc.GetProperty("ndf").GetDouble());
        Printed.Equal("15.259675", rrrc.GetProperty("ddf").GetDouble());
        Printed.Equal("0.051665686", rrrc.GetProperty("p").GetDouble());
        Printed.Equal("0.020748618", rrrc.GetProperty("se").GetDouble());
        var rrrcCi = Pair(rrrc.GetProperty("ci95"));
        Printed.Equal("-0.087959499", rrrcCi.Lower);
        Printed.Equal("0.00035885444", rrrcCi.Upper);

        var frrc = root.GetProperty("frrc");
        Assert.Equal(["chisq", "p", "se", "ci95"], Keys(frrc));
        Printed.Equal("5.4759532", frrc.GetProperty("chisq").GetDouble());
        Printed.Equal("0.019279843", frrc.GetProperty("p").GetDouble());
        var frrcCi = Pair(frrc.GetProperty("ci95"));
        Printed.Equal("-0.080485914", frrcCi.Lower);
        Printed.Equal("-0.0071147303", frrcCi.Upper);

        var rrfc = root.GetProperty("rrfc");
        Assert.Equal(["f", "ndf", "ddf", "p", "se", "ci95"], Keys(rrfc));
        Printed.Equal("8.704", rrfc.GetProperty("f").GetDouble());
        Assert.Equal(4, rrfc.GetProperty("ddf").GetDouble());
        Printed.Equal("0.041958752", rrfc.GetProperty("p").GetDouble());
        var rrfcCi = Pair(rrfc.GetProperty("ci95"));
        Printed.Equal("-0.085020224", rrfcCi.Lower);
        Printed.Equal("-0.0025804202", rrfcCi.Upper);
    }

    [Fact]
    public void Mrmc_Without_Json_Prints_A_Readable_Table()
    {
        var (exit, output, _) = Btt("stats", "mrmc", "--input", ReferenceData.VanDykePath);

        Assert.Equal(0, exit);
        Assert.Contains("5 readers, 114 cases (45 positive, 69 negative)", output, StringComparison.Ordinal);
        Assert.Contains("Random readers, random cases: F(1, 15.26) = 4.4563, p = 0.0517", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Mrmc_Modalities_Follow_Their_First_Appearance_In_The_File()
    {
        var lines = File.ReadAllLines(ReferenceData.VanDykePath);
        var path = Write("swapped.csv", [lines[0], .. lines.Skip(1).Where(l => l.StartsWith("1,", StringComparison.Ordinal)), .. lines.Skip(1).Where(l => l.StartsWith("0,", StringComparison.Ordinal))]);

        var (exit, output, _) = Btt("stats", "mrmc", "--input", path, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("1", json.RootElement.GetProperty("difference").GetProperty("first").GetString());
        Printed.Equal("0.043800322", json.RootElement.GetProperty("difference").GetProperty("estimate").GetDouble());
    }

    [Fact]
    public void Non_Numeric_Score_Names_The_Line_And_Column()
    {
        var path = Write("scores.csv", "truth,score", "yes,0.9", "no,0.1", "yes,NA", "no,0.3");

        AssertInputError(["stats", "delong", "--input", path, "--truth", "truth", "--positive", "yes", "--score", "score"], "line 4", "'score'", "'NA'");
    }

    [Fact]
    public void Missing_Truth_Value_Names_The_Line()
    {
        var path = Write("scores.csv", "truth,score", "yes,0.9", ",0.1", "yes,0.5", "no,0.3", "no,0.2");

        AssertInputError(["stats", "delong", "--input", path, "--truth", "truth", "--positive", "yes", "--score", "score"], "line 3", "'truth' is empty");
    }

    [Fact]
    public void Unknown_Column_Lists_The_Header()
    {
        AssertInputError(
            ["stats", "delong", "--input", ReferenceData.AsahPath, "--truth", "outcome", "--positive", "Poor", "--score", "s100"],
            "no column 's100'",
            "rowname, gos6, outcome");
    }

    [Fact]
    public void Positive_Value_That_Never_Occurs_Lists_The_Values_Seen()
    {
        AssertInputError(
            ["stats", "delong", "--input", ReferenceData.AsahPath, "--truth", "outcome", "--positive", "poor", "--score", "s100b"],
            "0 row(s) have outcome = 'poor'",
            "'Good', 'Poor'");
    }

    [Fact]
    public void Missing_File_Is_An_Input_Error() =>
        AssertInputError(["stats", "mrmc", "--input", Path.Combine(_folder, "nothing.csv")], "file not found");

    [Fact]
    public void Ragged_Row_Names_The_Line()
    {
        var path = Write("ragged.csv", "modality,reader,case,truth,rating", "0,0,1,0,1", "0,0,2,1");

        AssertInputError(["stats", "mrmc", "--input", path], "line 3", "expected 5 fields", "found 4");
    }

    [Fact]
    public void Unclosed_Quote_Names_The_Line()
    {
        var path = Write("quote.csv", "modality,reader,case,truth,rating", "0,0,1,0,1", "0,0,\"2,1,3");

        AssertInputError(["stats", "mrmc", "--input", path], "line 3");
    }

    [Fact]
    public void Mrmc_Truth_Other_Than_Zero_Or_One_Names_The_Line()
    {
        var lines = File.ReadAllLines(ReferenceData.VanDykePath);
        lines[7] = "0,0,7,yes,3";
        var path = Write("truth.csv", lines);

        AssertInputError(["stats", "mrmc", "--input", path], "line 8", "'yes'");
    }

    [Fact]
    public void Mrmc_Non_Numeric_Rating_Names_The_Line()
    {
        var lines = File.ReadAllLines(ReferenceData.VanDykePath);
        lines[20] = lines[20][..lines[20].LastIndexOf(',')] + ",high";
        var path = Write("rating.csv", lines);

        AssertInputError(["stats", "mrmc", "--input", path], "line 21", "'rating'", "'high'");
    }

    [Fact]
    public void Mrmc_Reader_Who_Skipped_A_Case_Is_Named()
    {
        var lines = File.ReadAllLines(ReferenceData.VanDykePath).Where(l => l != "1,3,17,0,1" && !l.StartsWith("1,3,17,", StringComparison.Ordinal)).ToArray();
        var path = Write("skipped.csv", lines);

        AssertInputError(["stats", "mrmc", "--input", path], "reader '3'", "modality '1'", "'17'");
    }

    [Fact]
    public void Mrmc_Duplicate_Rating_Names_The_Line()
    {
        var lines = File.ReadAllLines(ReferenceData.VanDykePath);
        var path = Write("duplicate.csv", [.. lines, lines[1]]);

        AssertInputError(["stats", "mrmc", "--input", path], $"line {lines.Length + 1}", "twice");
    }

    [Fact]
    public void Mrmc_With_One_Modality_Is_An_Input_Error()
    {
        var lines = File.ReadAllLines(ReferenceData.VanDykePath).Where(l => !l.StartsWith("1,", StringComparison.Ordinal)).ToArray();
        var path = Write("one.csv", lines);

        AssertInputError(["stats", "mrmc", "--input", path], "exactly two modalities");
    }

    [Fact]
    public void Missing_Required_Option_Is_Reported_By_The_Parser()
    {
        var (exit, _, error) = Btt("stats", "delong", "--input", ReferenceData.AsahPath);

        Assert.NotEqual(0, exit);
        Assert.Contains("--truth", error, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Btt(params string[] args)
    {
        var root = new RootCommand { StatsCommands.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static void AssertInputError(string[] args, params string[] expected)
    {
        var (exit, output, error) = Btt(args);

        Assert.Equal(StatsCommands.InputError, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        foreach (var text in expected)
        {
            Assert.Contains(text, error, StringComparison.Ordinal);
        }
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static (double Lower, double Upper) Pair(JsonElement array)
    {
        Assert.Equal(2, array.GetArrayLength());
        return (array[0].GetDouble(), array[1].GetDouble());
    }
}
