using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Inference;

/// <summary>One published case on the feature map: the model's embedding and the proven diagnosis; named (id, title) only when the viewer may know which case it is.</summary>
public sealed record FeatureMapPoint(int? CaseId, string? Title, Diagnosis Diagnosis, float[] Embedding);

/// <summary>The active model's embeddings of the published cases, in a stable order that says nothing about which case is which.</summary>
public sealed record FeatureMapData(string? ModelName, string? ModelSha256, IReadOnlyList<FeatureMapPoint> Points)
{
    public int Count(Diagnosis diagnosis) => Points.Count(p => p.Diagnosis == diagnosis);
}

/// <summary>How the cases nearest to one case in the model's embedding space were diagnosed (the map's text alternative).</summary>
public sealed record FeatureMapNeighbours(int Count, int Osteosarcoma, int GiantCellTumor);

/// <summary>
/// The feature map of the study's t-SNE figure: the active model's cached embeddings of every published case,
/// coloured by proven diagnosis; the browser lays them out in 2-D with UMAP. Read from the cache only (the model never
/// runs on a page view).
/// <para>
/// Leak rule. A point carries a proven diagnosis and an embedding (model output), so a viewer must not be able to tell
/// which case an unanswered point is. Staff see every point named. Anyone else sees a point named only for a case whose
/// model output they may already see (<see cref="IModelOutputAccessRule"/>: practice after the answer, a study after the
/// unaided read); every other point is anonymous: no id, no title, and the list is ordered by a hash of the embedding,
/// so neither the order nor the count of named points tells anything about the others. The same order for everyone
/// and a seeded layout make the picture the same on every load and for every viewer. A residual risk, accepted: someone
/// who has the ONNX file, the case's lesion box (not shown before the answer) and the exact preprocessing could compute an
/// embedding themselves and look for the nearest anonymous point.
/// </para>
/// </summary>
public sealed class FeatureMaps(AppDbContext db, IActiveModel models)
{
    /// <summary>The map for a viewer who may name the cases in <paramref name="named"/>; null names every case (staff).</summary>
    public async Task<FeatureMapData> BuildAsync(IReadOnlySet<int>? named, CancellationToken cancellationToken = default)
    {
        if (models.Current is not { } active)
        {
            return new FeatureMapData(null, null, []);
        }

        var rows = await db.CasePredictions
            .Where(p => p.ModelSha256 == active.Sha256 && p.Case!.Status == CaseStatus.Published)
            .Select(p => new { p.CaseId, p.Case!.Title, p.Case.Diagnosis, p.Embedding })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        var points = rows
            .Where(r => r.Embedding.Length > 0 && r.Embedding.Length % sizeof(float) == 0)
            .Select(r => (Key: Convert.ToHexString(SHA256.HashData(r.Embedding)), r.CaseId, Point: new FeatureMapPoint(
                named is null || named.Contains(r.CaseId) ? r.CaseId : null,
                named is null || named.Contains(r.CaseId) ? r.Title : null,
                r.Diagnosis,
                MemoryMarshal.Cast<byte, float>(r.Embedding).ToArray())))
            // Equal embeddings (the same image twice) tie on the hash; their order among themselves changes nothing visible.
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .ThenBy(x => x.CaseId)
            .Select(x => x.Point)
            .ToList();
        return new FeatureMapData(active.Name, active.Sha256, points);
    }

    /// <summary>
    /// How the <paramref name="k"/> cases nearest to a case (Euclidean distance between embeddings, the case itself left
    /// out) were diagnosed; null when the case is not a named point of the map.
    /// </summary>
    public static FeatureMapNeighbours? Neighbours(FeatureMapData map, int caseId, int k = 5)
    {
        var self = map.Points.FirstOrDefault(p => p.CaseId == caseId);
        if (self is null)
        {
            return null;
        }

        var nearest = map.Points
            .Where(p => !ReferenceEquals(p, self) && p.Embedding.Length == self.Embedding.Length)
            .Select(p => (p.Diagnosis, Distance: SquaredDistance(p.Embedding, self.Embedding)))
            .OrderBy(x => x.Distance)
            .Take(k)
            .ToList();
        return new FeatureMapNeighbours(
            nearest.Count, nearest.Count(x => x.Diagnosis == Diagnosis.Osteosarcoma), nearest.Count(x => x.Diagnosis == Diagnosis.GiantCellTumor));
    }

    private static double SquaredDistance(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }
}
