using BoneTumorTutor.PhantomGenerator;

// Regenerates the synthetic teaching phantoms under content/cases, or checks the committed ones for drift.
const string Usage = """
    usage: PhantomGenerator --out <cases folder>     write every phantom case (case.md + image.png)
           PhantomGenerator --check <cases folder>   regenerate in memory; exit 1 listing files that differ
    """;

if (args.Length != 2 || args[0] is not ("--out" or "--check"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var folder = args[1];
if (args[0] == "--out")
{
    var written = PhantomCaseFiles.Write(folder);
    Console.WriteLine($"wrote {written} files for {PhantomCatalog.All.Count} phantom cases to {folder}");
    return 0;
}

var problems = PhantomCaseFiles.Check(folder);
foreach (var problem in problems)
{
    Console.Error.WriteLine(problem);
}

Console.WriteLine(problems.Count == 0
    ? $"{PhantomCatalog.All.Count} phantom cases in {folder} match the generator"
    : $"{problems.Count} phantom file(s) in {folder} differ from the generator; run with --out to regenerate");
return problems.Count == 0 ? 0 : 1;
