using System.Text;
using System.Text.Json;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Cli.Stats;

// JSON output of the stats commands: written by hand so that key names and order follow the documented
// schema exactly; numbers keep full (round-trip) precision and undefined ones (NaN, infinity) become null.
internal static class StatsJson
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Number(this Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void Interval(this Utf8JsonWriter writer, string name, ConfidenceInterval interval)
    {
        writer.WriteStartArray(name);
        foreach (var value in new[] { interval.Lower, interval.Upper })
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndArray();
    }
}
