namespace BoneTumorTutor.Statistics;

/// <summary>
/// One reader's rating of one case in one modality of a multi-reader multi-case study; a higher rating means
/// "more likely positive". Ids are free text and only need to be consistent.
/// </summary>
public sealed record MrmcRating(string Modality, string Reader, string Case, bool IsPositive, double Rating);

/// <summary>MRMC input that cannot be analysed (not fully crossed, malformed, too small), with the offending record if there is one.</summary>
public sealed class MrmcInputException : ArgumentException
{
    public MrmcInputException(string message, int? recordIndex = null)
        : base(message)
    {
        RecordIndex = recordIndex;
    }

    /// <summary>Zero-based index of the rating at fault in the input list, when one rating is at fault.</summary>
    public int? RecordIndex { get; }
}
