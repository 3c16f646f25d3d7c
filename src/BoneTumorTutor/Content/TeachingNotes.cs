using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BoneTumorTutor.Content;

/// <summary>
/// Renders teaching notes from Markdown safely: raw HTML is disabled in the Markdown pipeline, links other than
/// http, https and relative ones are removed, and the result passes through HtmlSanitizer as a second wall.
/// The reveal page and the editor's preview use this one pipeline.
/// </summary>
public static class TeachingNotes
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseAutoLinks()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedAttributes.Remove("id");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } anchor)
            {
                anchor.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }

    /// <summary>Markdown to safe HTML.</summary>
    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            // Remote images are not part of teaching notes, and only http(s) and relative links survive:
            // anything else keeps its text and loses the link.
            if (link.IsImage || !IsAllowedUrl(link.Url))
            {
                var text = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
                link.ReplaceBy(new LiteralInline(text));
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (autolink.IsEmail || !IsAllowedUrl(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        var html = document.ToHtml(Pipeline);
        return Sanitizer.Sanitize(html);
    }

    /// <summary>http, https, and relative links (no scheme, not protocol-relative).</summary>
    public static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith("\\", StringComparison.Ordinal))
        {
            return false;
        }

        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute) && !trimmed.StartsWith('/'))
        {
            return absolute.Scheme is "http" or "https";
        }

        // Relative: must not smuggle a scheme ("javascript:..." with odd characters is not relative).
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var firstSeparator = trimmed.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (firstSeparator >= 0 && firstSeparator < colon);
    }
}
