using AngleSharp.Html.Parser;

namespace BoneTumorTutor.Testing;

/// <summary>Script-injection payloads in Markdown and HTML, and the checks that rendered notes carry none of them.</summary>
internal static class XssCorpus
{
    public static readonly IReadOnlyList<string> Payloads =
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<body onload=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<style>*{background:url('javascript:alert(1)')}</style>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<input autofocus onfocus=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java&#x09;script:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](//evil.example/phish)",
        "[click](\\\\evil.example\\share)",
        "![img](javascript:alert(1))",
        "![img](https://evil.example/track.png)",
        "<javascript:alert(1)>",
        "<https://example.org/\" onmouseover=\"alert(1)>",
        "[x](https://example.org/\" onmouseover=\"alert(1))",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "`<script>alert(1)</script>` and ```\n<script>alert(1)</script>\n```",
        "<!-- <script>alert(1)</script> -->",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<a href=\"https://example.org\" target=_blank onclick=alert(1)>x</a>",
        "\"><script>alert(1)</script>",
        "<template><script>alert(1)</script></template>",
        "<link rel=stylesheet href=javascript:alert(1)>",
    ];

    private static readonly string[] ForbiddenElements =
        ["script", "iframe", "object", "embed", "svg", "math", "style", "img", "form", "input", "button", "meta", "base", "link", "template", "noscript", "body"];

    /// <summary>Every problem in rendered HTML: a forbidden element, an event handler or style, or a link that is not http(s) or relative.</summary>
    public static IReadOnlyList<string> Problems(string html)
    {
        var problems = new List<string>();
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><head></head><body>" + html + "</body></html>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            var name = element.LocalName;
            if (ForbiddenElements.Contains(name))
            {
                problems.Add($"element <{name}>");
            }

            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || attribute.Name is "style" or "srcdoc" or "formaction")
                {
                    problems.Add($"attribute {attribute.Name} on <{name}>");
                }

                if (attribute.Name is "href" or "src" or "action" or "data" or "xlink:href")
                {
                    var value = attribute.Value.Trim();
                    var ok = value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                        || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                        || (!value.Contains(':', StringComparison.Ordinal) && !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith('\\'));
                    if (!ok)
                    {
                        problems.Add($"{attribute.Name}=\"{value}\" on <{name}>");
                    }
                }
            }
        }

        if (html.Contains("javascript:", StringComparison.OrdinalIgnoreCase) && document.Body.QuerySelectorAll("a").Any(a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add("a javascript: link");
        }

        return problems;
    }
}
