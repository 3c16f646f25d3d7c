namespace BoneTumorTutor.Statistics;

/// <summary>Obuchowski–Rockette MRMC analysis of two modalities with Hillis' degrees of freedom (as RJafroc and OR-DBM MRMC).</summary>
public static class Mrmc
{
    /// <summary>
    /// Compares two modalities read by the same readers on the same cases, with the empirical (Wilcoxon) AUC as
    /// figure of merit and jackknife error covariances: random readers and cases, fixed readers, fixed cases.
    /// The difference is first − second modality in order of first appearance.
    /// </summary>
    /// <exception cref="MrmcInputException">
    /// The design is not fully crossed (a reader skipped a case, a rating is repeated), a case has two truths,
    /// there are not exactly two modalities, fewer than two readers, or fewer than two cases of a class.
    /// </exception>
    public static MrmcResult Analyze(IReadOnlyList<MrmcRating> ratings, double confidenceLevel = 0.95)
    {
        Distributions.CheckLevel(confidenceLevel);
        var design = MrmcDesign.Build(ratings);
        var t = design.Modalities.Length;
        var r = design.Readers.Length;
        var cases = design.Cases.Length;

        var (auc, jackknife) = FiguresOfMerit(design);
        var covariance = JackknifeCovariance(jackknife);
        var components = AverageCovariances(covariance, t, r);

        // Modality, reader and overall means of the figures of merit.
        var modalityMean = new double[t];
        var readerMean = new double[r];
        double grandMean = 0;
        for (var i = 0; i < t; i++)
        {
            for (var j = 0; j < r; j++)
            {
                modalityMean[i] += auc[i, j];
                readerMean[j] += auc[i, j];
                grandMean += auc[i, j];
            }
        }

        // Sum first, divide once: equal AUCs then give exactly equal means and exactly zero mean squares.
        for (var i = 0; i < t; i++)
        {
            modalityMean[i] /= r;
        }

        for (var j = 0; j < r; j++)
        {
            readerMean[j] /= t;
        }

        grandMean /= t * r;

        // Mean squares of the modality x reader ANOVA of the figures of merit
        // (Obuchowski NA, Rockette HE (1995) Commun Stat Simul Comput 24:285-308; Hillis 2007 Stat Med 26:596-619):
        //     MS(T) = r/(t-1) sum_i (mean_i. - mean..)^2, MS(R) = t/(r-1) sum_j (mean_.j - mean..)^2,
        //     MS(T*R) = 1/((t-1)(r-1)) sum_ij (AUC_ij - mean_i. - mean_.j + mean..)^2.
        double ssT = 0, ssR = 0, ssTR = 0;
        for (var i = 0; i < t; i++)
        {
            ssT += Square(modalityMean[i] - grandMean);
        }

        for (var j = 0; j < r; j++)
        {
            ssR += Square(readerMean[j] - grandMean);
        }

        for (var i = 0; i < t; i++)
        {
            for (var j = 0; j < r; j++)
            {
                ssTR += Square(auc[i, j] - modalityMean[i] - readerMean[j] + grandMean);
            }
        }

        var msT = r * ssT / (t - 1);
        var msR = t * ssR / (r - 1);
        var msTR = ssTR / ((t - 1) * (r - 1));

        // Variance components by the method of moments from E[MS(R)] and E[MS(T*R)] under the OR model
        // (Hillis, Obuchowski, Schartz & Berbaum 2005 Stat Med 24:1579-1607, the OR estimates of
        // sigma^2_R and sigma^2_TR); unconstrained, as RJafroc reports them:
        //     var_TR = MS(T*R) - Var + Cov1 + Cov2 - Cov3,  var_R = (MS(R) - MS(T*R)) / t - Cov1 + Cov3.
        var (varError, cov1, cov2, cov3) = components;
        var varTR = msTR - varError + cov1 + cov2 - cov3;
        var varR = (msR - msTR) / t - cov1 + cov3;

        var difference = modalityMean[0] - modalityMean[1];
        var positiveCov2MinusCov3 = Math.Max(cov2 - cov3, 0);

        // Random readers and random cases: Hillis, Obuchowski & Berbaum (2008) Acad Radiol 15:647-661,
        //     F_OR = MS(T) / (MS(T*R) + r max(Cov2 - Cov3, 0))  on (t - 1, ddf_H) degrees of freedom,
        //     ddf_H = (MS(T*R) + r max(Cov2 - Cov3, 0))^2 / (MS(T*R)^2 / ((t - 1)(r - 1)))   (Hillis 2007, ddf_H),
        // and the CI of a difference d +/- t(ddf_H) sqrt(2 / r (MS(T*R) + r max(Cov2 - Cov3, 0))).
        var rrrcDenominator = msTR + r * positiveCov2MinusCov3;
        var rrrcDdf = Square(rrrcDenominator) / (Square(msTR) / ((t - 1) * (r - 1)));
        var rrrc = FTest(msT / rrrcDenominator, t - 1, rrrcDdf, difference, Math.Sqrt(2.0 / r * rrrcDenominator), confidenceLevel);

        // Fixed readers, random cases (same paper): chi^2 = MS(T) / (Var - Cov1 + (r - 1) max(Cov2 - Cov3, 0))
        // on t - 1 df; CI d +/- z sqrt(2 / r (Var - Cov1 + (r - 1) max(Cov2 - Cov3, 0))).
        var frrcDenominator = varError - cov1 + (r - 1) * positiveCov2MinusCov3;
        var frrcSe = Math.Sqrt(2.0 / r * frrcDenominator);
        var frrcMargin = Distributions.NormalCritical(confidenceLevel) * frrcSe;
        var chiSquare = msT / frrcDenominator;
        var frrc = new MrmcChiSquareTest(
            chiSquare,
            t - 1,
            Distributions.ChiSquareUpperTail(chiSquare, t - 1),
            frrcSe,
            new ConfidenceInterval(difference - frrcMargin, difference + frrcMargin));

        // Random readers, fixed cases (same paper): F = MS(T) / MS(T*R) on (t - 1, (t - 1)(r - 1)) df;
        // CI d +/- t((t - 1)(r - 1)) sqrt(2 / r MS(T*R)).
        var rrfc = FTest(msT / msTR, t - 1, (t - 1) * (r - 1), difference, Math.Sqrt(2.0 / r * msTR), confidenceLevel);

        var modalities = new MrmcModality[t];
        for (var i = 0; i < t; i++)
        {
            modalities[i] = new MrmcModality(
                design.Modalities[i],
                modalityMean[i],
                [.. design.Readers.Select((reader, j) => new ReaderAuc(reader, auc[i, j]))],
                SingleModality(auc, covariance, i, modalityMean[i], confidenceLevel));
        }

        var positives = design.Truth.Count(x => x);
        return new MrmcResult(
            modalities,
            design.Readers,
            cases,
            positives,
            cases - positives,
            new MrmcDifference(design.Modalities[0], design.Modalities[1], difference),
            new OrVarianceComponents(varR, varTR, cov1, cov2, cov3, varError),
            new OrMeanSquares(msT, msR, msTR),
            rrrc,
            frrc,
            rrfc);
    }

    // Wilcoxon AUC of every modality x reader and its jackknife (leave-one-case-out) values.
    private static (double[,] Auc, double[][] Jackknife) FiguresOfMerit(MrmcDesign design)
    {
        int t = design.Modalities.Length, r = design.Readers.Length, cases = design.Cases.Length;
        var positiveCases = Enumerable.Range(0, cases).Where(c => design.Truth[c]).ToArray();
        var negativeCases = Enumerable.Range(0, cases).Where(c => !design.Truth[c]).ToArray();
        int m = positiveCases.Length, n = negativeCases.Length;

        var auc = new double[t, r];
        var jackknife = new double[t * r][];
        var positives = new double[m];
        var negatives = new double[n];
        for (var i = 0; i < t; i++)
        {
            for (var j = 0; j < r; j++)
            {
                var ratings = design.Ratings[i][j];
                for (var p = 0; p < m; p++)
                {
                    positives[p] = ratings[positiveCases[p]];
                }

                for (var q = 0; q < n; q++)
                {
                    negatives[q] = ratings[negativeCases[q]];
                }

                var placements = Placements.Compute(positives, negatives);
                var theta = placements.Auc;
                auc[i, j] = theta;

                // Leaving out positive case p removes its row of Mann-Whitney kernels, whose mean is V10(p):
                // AUC(-p) = (m AUC - V10(p)) / (m - 1); likewise AUC(-q) = (n AUC - V01(q)) / (n - 1) for a
                // negative case (DeLong et al. 1988: the AUC is the mean of either set of components).
                var values = new double[cases];
                for (var p = 0; p < m; p++)
                {
                    values[positiveCases[p]] = (m * theta - placements.V10[p]) / (m - 1);
                }

                for (var q = 0; q < n; q++)
                {
                    values[negativeCases[q]] = (n * theta - placements.V01[q]) / (n - 1);
                }

                jackknife[i * r + j] = values;
            }
        }

        return (auc, jackknife);
    }

    // Jackknife covariance of the figures of merit (Efron B (1982) The Jackknife, the Bootstrap and Other
    // Resampling Plans, SIAM, ch. 3, the jackknife variance extended to pairs; as used for OR by
    // Hillis et al. 2005 Stat Med 24:1579-1607):
    //     Cov(A, B) = (K - 1) / K sum_k (A(-k) - A(.)) (B(-k) - B(.)).
    private static double[,] JackknifeCovariance(double[][] jackknife)
    {
        var size = jackknife.Length;
        var cases = jackknife[0].Length;
        var centred = new double[size][];
        for (var a = 0; a < size; a++)
        {
            var mean = jackknife[a].Average();
            centred[a] = [.. jackknife[a].Select(v => v - mean)];
        }

        var covariance = new double[size, size];
        var scale = (cases - 1.0) / cases;
        for (var a = 0; a < size; a++)
        {
            for (var b = a; b < size; b++)
            {
                double sum = 0;
                var x = centred[a];
                var y = centred[b];
                for (var k = 0; k < cases; k++)
                {
                    sum += x[k] * y[k];
                }

                covariance[a, b] = covariance[b, a] = scale * sum;
            }
        }

        return covariance;
    }

    // OR error covariances averaged by kind of pair (Obuchowski & Rockette 1995; Hillis 2007):
    // Var = same modality and reader, Cov1 = same reader / other modality, Cov2 = same modality / other
    // reader, Cov3 = other modality and other reader. Index a = modality * r + reader.
    private static (double Var, double Cov1, double Cov2, double Cov3) AverageCovariances(double[,] covariance, int t, int r)
    {
        double var = 0, cov1 = 0, cov2 = 0, cov3 = 0;
        for (var i = 0; i < t; i++)
        {
            for (var j = 0; j < r; j++)
            {
                for (var i2 = 0; i2 < t; i2++)
                {
                    for (var j2 = 0; j2 < r; j2++)
                    {
                        var c = covariance[i * r + j, i2 * r + j2];
                        switch (i == i2, j == j2)
                        {
                            case (true, true): var += c; break;
                            case (false, true): cov1 += c; break;
                            case (true, false): cov2 += c; break;
                            case (false, false): cov3 += c; break;
                        }
                    }
                }
            }
        }

        return (var / (t * r), cov1 / (t * (t - 1) * r), cov2 / (t * r * (r - 1)), cov3 / (t * (t - 1) * r * (r - 1)));
    }

    // One modality on its own, random readers and cases (Hillis, Obuchowski & Berbaum 2008, single-modality
    // analysis; Hillis 2007): SE = sqrt((MS(R)_i + r max(Cov2_i, 0)) / r),
    // df = (MS(R)_i + r max(Cov2_i, 0))^2 / (MS(R)_i^2 / (r - 1)), CI = mean +/- t(df) SE.
    private static MrmcModalityEstimate SingleModality(double[,] auc, double[,] covariance, int modality, double mean, double confidenceLevel)
    {
        var r = auc.GetLength(1);
        double ssR = 0, cov2 = 0;
        for (var j = 0; j < r; j++)
        {
            ssR += Square(auc[modality, j] - mean);
            for (var j2 = 0; j2 < r; j2++)
            {
                if (j2 != j)
                {
                    cov2 += covariance[modality * r + j, modality * r + j2];
                }
            }
        }

        var msR = ssR / (r - 1);
        cov2 /= r * (r - 1);
        var denominator = msR + r * Math.Max(cov2, 0);
        var se = Math.Sqrt(denominator / r);
        var df = Square(denominator) / (Square(msR) / (r - 1));
        var margin = Distributions.StudentTCritical(confidenceLevel, df) * se;
        return new MrmcModalityEstimate(se, df, new ConfidenceInterval(mean - margin, mean + margin), msR, cov2);
    }

    private static MrmcFTest FTest(double f, double ndf, double ddf, double difference, double se, double confidenceLevel)
    {
        var margin = Distributions.StudentTCritical(confidenceLevel, ddf) * se;
        return new MrmcFTest(f, ndf, ddf, Distributions.FUpperTail(f, ndf, ddf), se, new ConfidenceInterval(difference - margin, difference + margin));
    }

    private static double Square(double x) => x * x;
}
