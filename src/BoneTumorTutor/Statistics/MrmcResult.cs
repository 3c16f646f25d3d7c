namespace BoneTumorTutor.Statistics;

/// <summary>
/// The Obuchowski–Rockette analysis of two modalities. Statistics that the data leave undefined (for example
/// an F whose denominator is zero because all readers agree exactly) are NaN or infinite, never a guess.
/// </summary>
public sealed record MrmcResult(
    IReadOnlyList<MrmcModality> Modalities,
    IReadOnlyList<string> Readers,
    int Cases,
    int PositiveCases,
    int NegativeCases,
    MrmcDifference Difference,
    OrVarianceComponents VarianceComponents,
    OrMeanSquares MeanSquares,
    MrmcFTest RandomReadersRandomCases,
    MrmcChiSquareTest FixedReadersRandomCases,
    MrmcFTest RandomReadersFixedCases);

/// <summary>One modality: its reader-averaged AUC, each reader's AUC and its random-readers-and-cases interval.</summary>
public sealed record MrmcModality(string Id, double Auc, IReadOnlyList<ReaderAuc> ReaderAucs, MrmcModalityEstimate RandomReadersRandomCases);

/// <summary>One reader's empirical AUC in one modality.</summary>
public readonly record struct ReaderAuc(string Reader, double Auc);

/// <summary>
/// Standard error, Hillis degrees of freedom and confidence interval of one modality's reader-averaged AUC, with the
/// modality's own reader mean square and Cov2 they come from.
/// </summary>
public sealed record MrmcModalityEstimate(double StandardError, double DegreesOfFreedom, ConfidenceInterval Ci, double MeanSquareReaders, double Cov2);

/// <summary>The reader-averaged AUC difference, first modality minus second.</summary>
public sealed record MrmcDifference(string First, string Second, double Estimate);

/// <summary>OR variance components: reader and modality×reader variances and the jackknife error (co)variances.</summary>
public sealed record OrVarianceComponents(double VarR, double VarTR, double Cov1, double Cov2, double Cov3, double VarError);

/// <summary>Mean squares of the modality×reader ANOVA of the figures of merit: MS(T), MS(R), MS(T×R).</summary>
public sealed record OrMeanSquares(double T, double R, double TR);

/// <summary>An F test of equal modality AUCs with the standard error and confidence interval of the difference.</summary>
public sealed record MrmcFTest(double F, double Ndf, double Ddf, double P, double StandardError, ConfidenceInterval Ci);

/// <summary>A chi-square test of equal modality AUCs (fixed readers) with the standard error and confidence interval of the difference.</summary>
public sealed record MrmcChiSquareTest(double ChiSquare, double Df, double P, double StandardError, ConfidenceInterval Ci);
