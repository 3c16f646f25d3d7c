using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;

namespace BoneTumorTutor.Tests.Inference;

public sealed class FeatureMapNeighboursTests
{
    private static FeatureMapPoint P(int? id, Diagnosis d, params float[] e) => new(id, id is null ? null : $"Case {id}", d, e);

    [Fact]
    public void The_nearest_cases_are_counted_by_diagnosis_leaving_the_case_itself_out()
    {
        var map = new FeatureMapData("m", "sha",
        [
            P(null, Diagnosis.Osteosarcoma, 10, 10),
            P(1, Diagnosis.GiantCellTumor, 0, 0),
            P(null, Diagnosis.GiantCellTumor, 0, 1),
            P(null, Diagnosis.Osteosarcoma, 1, 0),
            P(2, Diagnosis.GiantCellTumor, 1, 1),
        ]);

        Assert.Equal(new FeatureMapNeighbours(3, 1, 2), FeatureMaps.Neighbours(map, 1, k: 3));
        Assert.Equal(new FeatureMapNeighbours(4, 2, 2), FeatureMaps.Neighbours(map, 1, k: 10));
        Assert.Equal(new FeatureMapNeighbours(1, 0, 1), FeatureMaps.Neighbours(map, 2, k: 1));
    }

    [Fact]
    public void A_case_that_is_not_a_named_point_has_no_neighbours_to_tell()
    {
        var map = new FeatureMapData("m", "sha", [P(null, Diagnosis.Osteosarcoma, 1), P(1, Diagnosis.GiantCellTumor, 0)]);
        Assert.Null(FeatureMaps.Neighbours(map, 7));
    }
}
