using System.Globalization;

namespace BoneTumorTutor.Progress;

/// <summary>
/// CSV cells that are safe to open in a spreadsheet: every cell quoted (RFC 4180, quotes doubled), and a text cell that
/// starts with =, +, -, @, tab or carriage return prefixed with an apostrophe so it is not run as a formula (OWASP CSV injection).
/// </summary>
public static class CsvCells
{
    public static string Text(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Number(double? value, string format = "0.####") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    public static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Line(params string[] cells) => string.Join(',', cells) + "\r\n";
}
