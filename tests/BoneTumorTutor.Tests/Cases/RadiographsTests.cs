using BoneTumorTutor.Cases;
using BoneTumorTutor.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Tests.Cases;

public class RadiographsTests
{
    [Fact]
    public void Checks_A_Png_And_Prepares_A_Grayscale_Display_Png()
    {
        var checkedImage = Radiographs.Check(TestFiles.Png(64, 48));

        Assert.Equal("image/png", checkedImage.ContentType);
        Assert.Equal((64, 48), (checkedImage.Width, checkedImage.Height));
        using var display = Image.Load<L8>(checkedImage.DisplayPng);
        Assert.Equal(64, display.Width);
        Assert.Equal(64, checkedImage.Sha256.Length);
    }

    [Fact]
    public void Display_Png_Carries_No_Text_Or_Exif_From_The_Original()
    {
        using var image = new Image<Rgba32>(32, 32, new Rgba32(200, 100, 50));
        image.Metadata.GetPngMetadata().TextData.Add(new PngTextData("Comment", "diagnosis: osteosarcoma", "", ""));
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.ImageDescription, "giant cell tumor");
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        Assert.Contains("osteosarcoma", System.Text.Encoding.Latin1.GetString(stream.ToArray()), StringComparison.Ordinal);

        var display = Radiographs.Check(stream.ToArray()).DisplayPng;

        var text = System.Text.Encoding.Latin1.GetString(display);
        Assert.DoesNotContain("osteosarcoma", text, StringComparison.Ordinal);
        Assert.DoesNotContain("giant", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tEXt", text, StringComparison.Ordinal);
        Assert.DoesNotContain("eXIf", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Checks_A_Jpeg()
    {
        using var image = new Image<L8>(40, 30, new L8(128));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);

        Assert.Equal("image/jpeg", Radiographs.Check(stream.ToArray()).ContentType);
    }

    [Fact]
    public void Refuses_Other_Formats_Empty_And_Damaged_Files()
    {
        using var gif = new Image<L8>(10, 10);
        using var gifStream = new MemoryStream();
        gif.SaveAsGif(gifStream);
        var png = TestFiles.Png(50, 50);

        Assert.Contains("not a PNG or JPEG", Assert.Throws<RadiographRejectedException>(() => Radiographs.Check(gifStream.ToArray())).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<RadiographRejectedException>(() => Radiographs.Check([])).Message, StringComparison.Ordinal);
        Assert.Contains("not a PNG or JPEG", Assert.Throws<RadiographRejectedException>(() => Radiographs.Check("<svg onload=alert(1)>"u8.ToArray())).Message, StringComparison.Ordinal);
        Assert.Throws<RadiographRejectedException>(() => Radiographs.Check(png[..(png.Length / 2)]));
    }

    [Fact]
    public void Refuses_A_Huge_Image_From_Its_Header_Before_Decoding()
    {
        // A valid PNG header claiming 60000×60000 pixels followed by a tiny body: a decompression bomb's shape.
        var png = TestFiles.Png(8, 8);
        var header = png.ToArray();
        WriteBigEndian(header, 16, 60000);
        WriteBigEndian(header, 20, 60000);
        FixIhdrCrc(header);

        var error = Assert.Throws<RadiographRejectedException>(() => Radiographs.Check(header));

        Assert.Contains("60000×60000", error.Message, StringComparison.Ordinal);
    }

    private static void WriteBigEndian(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    private static void FixIhdrCrc(byte[] png)
    {
        // IHDR chunk: length at 8, type at 12, data 16..29, CRC at 29..33 over type+data.
        var crc = System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(12, 17));
        WriteBigEndian(png, 29, unchecked((int)crc));
    }
}
