using CsvHelper;

namespace BoneTumorTutor.Importing;

/// <summary>One record of a CSV file, by column name, with its line number for error reports.</summary>
public sealed record CsvRecord(long Line, IReadOnlyDictionary<string, string> Fields)
{
    public string this[string column] => Fields.TryGetValue(column, out var value) ? value : "";
}

/// <summary>Reads a header-row CSV file (RFC 4180) whole; a malformed file is an <see cref="ArgumentException"/> with its line.</summary>
public static class CsvRecords
{
    public static (IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Records) Read(string path)
    {
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
            var records = new List<CsvRecord>();
            while (reader.Read())
            {
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < Math.Min(header.Length, reader.FieldCount); i++)
                {
                    fields.TryAdd(header[i], reader.GetString(i));
                }

                records.Add(new CsvRecord(reader.LineNumber, fields));
            }

            return (header, records);
        }
        catch (CsvFormatException e)
        {
            throw new ArgumentException($"{Path.GetFileName(path)}: line {e.LineNumber}: {e.Message}", e);
        }
    }
}
