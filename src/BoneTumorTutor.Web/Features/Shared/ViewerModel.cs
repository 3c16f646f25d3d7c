using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Web.Features.Shared;

/// <summary>What the radiograph viewer shows: the image, and after a reveal optionally the lesion box.</summary>
public sealed record ViewerModel(string ImageUrl, string AltText, int Width, int Height, LesionBox? LesionBox = null)
{
    public static string ImageUrlFor(Guid imageId) => $"/media/{imageId}";
}
