using System.Security.Cryptography;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Cases;

/// <summary>A radiograph file that was refused, with a message fit for the person who supplied it.</summary>
public sealed class RadiographRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A radiograph that passed every check: its format, size and a metadata-free grayscale PNG for display.</summary>
public sealed record CheckedRadiograph(string ContentType, int Width, int Height, byte[] DisplayPng, string Sha256);

/// <summary>
/// Hardened decoding of radiographs with ImageSharp 2.1: only PNG and JPEG are registered, the header is read
/// with Identify and the size capped before any pixel is decoded, allocations are limited, and metadata (text
/// chunks, EXIF, ICC profiles) is ignored, so nothing hidden in a file reaches a trainee.
/// </summary>
public static class Radiographs
{
    public const int MaxSide = 8192;
    public const long MaxPixels = 40_000_000;
    public const int MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>The one ImageSharp configuration the product decodes with.</summary>
    public static Configuration Configuration { get; } = CreateConfiguration();

    private static readonly PngDecoder PngDecoder = new() { IgnoreMetadata = true };
    private static readonly JpegDecoder JpegDecoder = new() { IgnoreMetadata = true };
    private static readonly PngEncoder DisplayEncoder = new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.BestCompression,
        IgnoreMetadata = true,
        ChunkFilter = PngChunkFilter.ExcludeAll,
    };

    private static Configuration CreateConfiguration()
    {
        var configuration = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = 256,
                MaximumPoolSizeMegabytes = 64,
            }),
        };
        return configuration;
    }

    /// <summary>Checks a file's bytes completely (header, size, full decode) and prepares its display PNG.</summary>
    public static CheckedRadiograph Check(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var image = DecodeGray(bytes, out var contentType);
        return new CheckedRadiograph(contentType, image.Width, image.Height, EncodeDisplayPng(image), Sha256Hex(bytes));
    }

    /// <summary>Decodes a checked PNG or JPEG to 8-bit grayscale (luminance).</summary>
    public static Image<L8> DecodeGray(byte[] bytes) => DecodeGray(bytes, out _);

    private static Image<L8> DecodeGray(byte[] bytes, out string contentType)
    {
        if (bytes.Length == 0)
        {
            throw new RadiographRejectedException("The file is empty.");
        }

        if (bytes.Length > MaxFileBytes)
        {
            throw new RadiographRejectedException($"The file is larger than {MaxFileBytes / (1024 * 1024)} MB.");
        }

        var format = Image.DetectFormat(Configuration, bytes);
        IImageDecoder decoder;
        switch (format)
        {
            case PngFormat:
                decoder = PngDecoder;
                contentType = "image/png";
                break;
            case JpegFormat:
                decoder = JpegDecoder;
                contentType = "image/jpeg";
                break;
            default:
                throw new RadiographRejectedException("The file is not a PNG or JPEG image.");
        }

        IImageInfo? info;
        try
        {
            info = Image.Identify(Configuration, bytes, out _);
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidMemoryOperationException or InvalidOperationException or ArgumentException)
        {
            throw new RadiographRejectedException("The image header cannot be read: the file is damaged or not really an image.", ex);
        }

        if (info is null)
        {
            throw new RadiographRejectedException("The image header cannot be read: the file is damaged or not really an image.");
        }

        if (info.Width <= 0 || info.Height <= 0 || info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
        {
            throw new RadiographRejectedException(
                $"The image is {info.Width}×{info.Height} pixels; at most {MaxSide} pixels a side and {MaxPixels / 1_000_000} megapixels are accepted.");
        }

        try
        {
            var image = Image.Load<L8>(Configuration, bytes, decoder);
            image.Metadata.ExifProfile = null;
            image.Metadata.IccProfile = null;
            image.Metadata.XmpProfile = null;
            image.Metadata.IptcProfile = null;
            return image;
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidMemoryOperationException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new RadiographRejectedException("The image cannot be decoded: the file is truncated or damaged.", ex);
        }
    }

    /// <summary>A grayscale 8-bit PNG with no metadata: the only form of a radiograph a browser ever gets.</summary>
    public static byte[] EncodeDisplayPng(Image<L8> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var clean = new Image<L8>(Configuration, image.Width, image.Height);
        image.ProcessPixelRows(clean, static (source, target) =>
        {
            for (var y = 0; y < source.Height; y++)
            {
                source.GetRowSpan(y).CopyTo(target.GetRowSpan(y));
            }
        });
        using var stream = new MemoryStream();
        clean.Save(stream, DisplayEncoder);
        return stream.ToArray();
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
