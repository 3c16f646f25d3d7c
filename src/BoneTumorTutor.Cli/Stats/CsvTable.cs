using System.Globalization;
using CsvHelper;

namespace BoneTumorTutor.Cli.Stats;

// A small CSV file read whole (RFC 4180, comma separated, header row) with the line number of every record.
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string source, string[] header, List<CsvRow> rows)
    {
        Source = source;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (!_columns.TryAdd(header[i], i))
            {
                throw new StatsInputException($"{source}: line 1: the column '{header[i]}' appears twice in the header.");
            }
        }
    }

    public string Source { get; }

    public string[] Header { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    public static CsvTable Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new StatsInputException($"{path}: file not found.");
        }

        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };

        try
        {
            using var reader = CsvReader.FromFile(path, options);
            var header = reader.Headers.ToArray();
            if (header.Length == 0 || header.All(string.IsNullOrEmpty))
            {
                throw new StatsInputException($"{path}: the file is empty; expected a header row.");
            }

            var rows = new List<CsvRow>();
            while (reader.Read())
            {
                if (reader.FieldCount != header.Length)
                {
                    throw new StatsInputException($"{path}: line {reader.LineNumber}: expected {header.Length} fields as in the header, found {reader.FieldCount}.");
                }

                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.GetString(i);
                }

                rows.Add(new CsvRow(reader.LineNumber, fields));
            }

            return new CsvTable(path, header, rows);
        }
        catch (CsvFormatException e)
        {
            throw new StatsInputException($"{path}: line {e.LineNumber}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new StatsInputException($"{path}: cannot be read: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StatsInputException($"{path}: cannot be read: {e.Message}");
        }
    }

    public int Column(string name, string option)
    {
        if (_columns.TryGetValue(name, out var index))
        {
            return index;
        }

        throw new StatsInputException($"{Source}: there is no column '{name}' ({option}); the header has: {string.Join(", ", Header)}.");
    }

    public string Text(CsvRow row, int column) => row.Fields[column];

    public double Number(CsvRow row, int column)
    {
        var text = row.Fields[column];
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        var shown = text.Length == 0 ? "an empty value" : $"'{text}'";
        throw new StatsInputException($"{Source}: line {row.Line}: column '{Header[column]}' has {shown}; expected a finite number.");
    }
}

internal sealed record CsvRow(long Line, string[] Fields);
