namespace BoneTumorTutor.Cases;

/// <summary>The lesion's region of interest in image pixels; the model's input is cut around it.</summary>
public readonly record struct LesionBox(int X, int Y, int Width, int Height)
{
    public bool FitsInside(int imageWidth, int imageHeight) =>
        Width > 0 && Height > 0 && X >= 0 && Y >= 0 && X + Width <= imageWidth && Y + Height <= imageHeight;

    public override string ToString() => $"[{X}, {Y}, {Width}, {Height}]";
}
