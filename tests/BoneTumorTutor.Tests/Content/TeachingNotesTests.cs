using BoneTumorTutor.Content;

namespace BoneTumorTutor.Tests.Content;

public class TeachingNotesTests
{
    public static TheoryData<string> XssPayloads =>
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        "![x](javascript:alert(1))",
        "![x](https://evil.example/tracker.png)",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<object data=\"x.swf\"></object>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<<script>script>alert(1)<</script>/script>",
        "[x](//evil.example/path)",
        "<https://ok.example/\" onmouseover=\"alert(1)>",
        "<javascript:alert(1)>",
        "`<script>alert(1)</script>` and ```\n<script>alert(1)</script>\n```",
        "<form action=\"https://evil.example\"><input name=a></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"https://evil.example/\">",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "[x](file:///etc/passwd)",
        "<details open ontoggle=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ];

    private static readonly HashSet<string> AllowedElements =
    [
        "HTML", "HEAD", "BODY", "P", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "LI", "STRONG", "EM", "DEL", "INS", "MARK", "SUB", "SUP",
        "CODE", "PRE", "BLOCKQUOTE", "A", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD", "HR", "BR", "DL", "DT", "DD",
    ];

    [Theory]
    [MemberData(nameof(XssPayloads))]
    public void No_Script_Or_Dangerous_Url_Survives(string payload)
    {
        var html = TeachingNotes.ToHtml("Notes before.\n\n" + payload + "\n\nNotes after.");

        // Judge what a browser would build from the HTML, not its text: escaped payloads are harmless text.
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        foreach (var element in document.All)
        {
            Assert.Contains(element.TagName, AllowedElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} in {html}");
                Assert.NotEqual("style", attribute.Name);
                if (attribute.Name is "href" or "src")
                {
                    Assert.True(TeachingNotes.IsAllowedUrl(attribute.Value), $"url {attribute.Value} in {html}");
                }
            }
        }

        Assert.Contains("Notes after.", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Renders_Ordinary_Markdown()
    {
        var html = TeachingNotes.ToHtml("## Findings\n\n- **Wide** zone of transition\n- See [Radiopaedia](https://radiopaedia.org/articles/osteosarcoma) and [the guide](/about)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");

        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Wide</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://radiopaedia.org/articles/osteosarcoma\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/about\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.org/a", true)]
    [InlineData("http://example.org", true)]
    [InlineData("/about", true)]
    [InlineData("notes/other#part", true)]
    [InlineData("#section", true)]
    [InlineData("?q=1", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("mailto:a@b.c", false)]
    [InlineData("//evil.example", false)]
    [InlineData("ftp://example.org", false)]
    [InlineData("", false)]
    public void Allows_Only_Http_Https_And_Relative_Urls(string url, bool allowed) =>
        Assert.Equal(allowed, TeachingNotes.IsAllowedUrl(url));
}
