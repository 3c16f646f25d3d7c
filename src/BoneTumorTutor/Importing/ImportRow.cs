using BoneTumorTutor.Authoring;

namespace BoneTumorTutor.Importing;

/// <summary>A row of an import source that cannot become a case; reported with its line and skipped.</summary>
public sealed class ImportRowException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A case ready to store: its stable import key, fields, and the image file's bytes.</summary>
public sealed record PreparedCase(string ImportKey, CaseFields Fields, byte[] ImageBytes, string ImageFileName);

/// <summary>One row of an import source: where it is (for error reports) and how to turn it into a case.</summary>
/// <remarks>Preparing reads and checks files, so it runs row by row and a bad row fails alone.</remarks>
public sealed record ImportRow(string Where, string ImportKey, Func<PreparedCase> Prepare);

/// <summary>What a reader found in a source folder: the rows to import and the rows it skipped while reading.</summary>
public sealed record ImportSource(string Description, IReadOnlyList<ImportRow> Rows, IReadOnlyList<string> Problems, int RowsFiltered);
