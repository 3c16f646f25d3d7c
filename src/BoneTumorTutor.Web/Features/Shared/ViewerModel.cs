using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Web.Features.Shared;

/// <summary>What the radiograph viewer shows: the image, and after a reveal optionally the lesion box and the model's heatmap.</summary>
public sealed record ViewerModel(string ImageUrl, string AltText, int Width, int Height, LesionBox? LesionBox = null, string? HeatUrl = null)
{
    public static string ImageUrlFor(Guid imageId) => $"/media/{imageId}";
}
