using BoneTumorTutor.PhantomGenerator;
using BoneTumorTutor.PhantomGenerator.Rendering;

namespace BoneTumorTutor.Tests.Phantoms;

public class PhantomGeneratorTests
{
    [Fact]
    public void The_Same_Spec_Renders_To_The_Same_Bytes_Twice()
    {
        foreach (var spec in PhantomCatalog.All.Take(2))
        {
            var first = PhantomCaseFiles.Generate(spec);
            var second = PhantomCaseFiles.Generate(spec);
            Assert.Equal(first.Select(f => f.RelativePath), second.Select(f => f.RelativePath));
            for (var i = 0; i < first.Count; i++)
            {
                Assert.Equal(first[i].Content, second[i].Content);
            }
        }
    }

    [Fact]
    public void Another_Seed_Gives_Another_Image()
    {
        var spec = PhantomCatalog.All[0];
        var renumbered = spec with { Number = 99 };
        Assert.NotEqual(spec.Seed, renumbered.Seed);
        Assert.NotEqual(PhantomRenderer.Render(spec).Png, PhantomRenderer.Render(renumbered).Png);
    }

    [Fact]
    public void Images_Are_Small_8_Bit_Grayscale_Pngs()
    {
        var image = PhantomRenderer.Render(PhantomCatalog.All[0]);
        var info = SixLabors.ImageSharp.Image.Identify(image.Png);
        Assert.Equal((KneeGeometry.Width, KneeGeometry.Height), (info.Width, info.Height));
        Assert.Equal(8, info.PixelType.BitsPerPixel);
        Assert.True(image.Png.Length < 250_000, $"{image.Png.Length} bytes");
    }

    [Fact]
    public void SplitMix64_Follows_The_Reference_Sequence()
    {
        // First outputs of the reference SplitMix64 for seed 0 (Vigna, xoshiro/splitmix64.c).
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Theory]
    [InlineData(-20.0)]
    [InlineData(-1.3)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(3.9)]
    [InlineData(250.25)]
    public void Deterministic_Maths_Agrees_With_The_Platform_To_Rounding(double x)
    {
        Assert.Equal(Math.Sin(x), DetMath.Sin(x), 1e-12);
        Assert.Equal(Math.Cos(x), DetMath.Cos(x), 1e-12);
        Assert.Equal(Math.Atan2(x, 1.7), DetMath.Atan2(x, 1.7), 1e-12);
        Assert.Equal(Math.Atan2(1.1, x), DetMath.Atan2(1.1, x), 1e-12);
        if (x < 5)
        {
            Assert.Equal(1.0, DetMath.Exp(x) / Math.Exp(x), 1e-13);
        }
    }
}
