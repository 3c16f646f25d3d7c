using BoneTumorTutor.Content;
using BoneTumorTutor.Testing;

namespace BoneTumorTutor.Tests.Content;

public sealed class XssCorpusTests
{
    public static TheoryData<string> Payloads() => new(XssCorpus.Payloads);

    [Theory]
    [MemberData(nameof(Payloads))]
    public void No_Payload_Survives_The_Teaching_Notes_Pipeline(string payload)
    {
        var html = TeachingNotes.ToHtml("## Findings\n\n" + payload + "\n\nInline too: " + payload);

        Assert.Empty(XssCorpus.Problems(html));
    }

    [Fact]
    public void The_Checker_Finds_What_It_Looks_For()
    {
        // A check that cannot fail proves nothing: raw payloads must be caught.
        Assert.NotEmpty(XssCorpus.Problems("<script>alert(1)</script>"));
        Assert.NotEmpty(XssCorpus.Problems("<a href=\"javascript:alert(1)\">x</a>"));
        Assert.NotEmpty(XssCorpus.Problems("<p onclick=\"x()\">x</p>"));
        Assert.NotEmpty(XssCorpus.Problems("<a href=\"//evil.example\">x</a>"));
        Assert.Empty(XssCorpus.Problems("<p><a href=\"https://example.org\">ok</a> <a href=\"/about\">ok</a> <strong>b</strong></p>"));
    }

    [Fact]
    public void Ordinary_Links_And_Formatting_Survive()
    {
        var html = TeachingNotes.ToHtml("See [Radiopaedia](https://radiopaedia.org/articles/osteosarcoma) and [about](/about). **Bold**, _em_.");

        Assert.Contains("href=\"https://radiopaedia.org/articles/osteosarcoma\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/about\"", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Bold</strong>", html, StringComparison.Ordinal);
    }
}
