using BoneTumorTutor.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Web.Tests.Authoring;

/// <summary>Tiny BTXRD-like folders made by the tests (never the real data).</summary>
public static class BtxrdFixtures
{
    public static byte[] Jpeg(int width, int height, int seed)
    {
        using var image = new Image<L8>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new L8((byte)((x * 7 + y * 3 + seed * 29) % 256));
            }
        }

        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    /// <summary>A tiny BTXRD folder in the published layout: dataset.csv, images/*.jpeg, Annotations/*.json.</summary>
    public static string PublishedLayout(string ageOfFirst = "14")
    {
        var dir = TestFiles.CreateTempDirectory("btxrd-published");
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        Directory.CreateDirectory(Path.Combine(dir, "Annotations"));
        const string Header = "image_id,center,age,gender,hand,ulna,radius,humerus,foot,tibia,fibula,femur,hip bone,ankle-joint,knee-joint,hip-joint,wrist-joint,elbow-joint,shoulder-joint,tumor,benign,malignant,osteochondroma,multiple osteochondromas,simple bone cyst,giant cell tumor,osteofibroma,synovial osteochondroma,other bt,osteosarcoma,other mt,upper limb,lower limb,pelvis,frontal,lateral,oblique";
        static string Row(string id, string age, string sex, string bone, string tumour, string view)
        {
            string[] bones = ["hand", "ulna", "radius", "humerus", "foot", "tibia", "fibula", "femur", "hip bone"];
            string[] types = ["osteochondroma", "multiple osteochondromas", "simple bone cyst", "giant cell tumor", "osteofibroma", "synovial osteochondroma", "other bt", "osteosarcoma", "other mt"];
            var b = string.Join(',', bones.Select(x => x == bone ? "1" : "0"));
            var t = string.Join(',', types.Select(x => x == tumour ? "1" : "0"));
            var v = string.Join(',', new[] { "frontal", "lateral", "oblique" }.Select(x => x == view ? "1" : "0"));
            return $"{id},1,{age},{sex},{b},0,0,0,0,0,0,1,0,1,{t},0,1,0,{v}";
        }

        File.WriteAllLines(Path.Combine(dir, "dataset.csv"),
        [
            Header,
            Row("IMG900001.jpeg", ageOfFirst, "M", "femur", "osteosarcoma", "frontal"),
            Row("IMG900002.jpeg", "33", "F", "tibia", "giant cell tumor", "lateral"),
            Row("IMG900003.jpeg", "20", "F", "tibia", "giant cell tumor", "frontal"),  // image missing: reported, skipped
            Row("IMG900004.jpeg", "40", "M", "femur", "osteochondroma", "frontal"),    // not a selected tumour
            Row("IMG900005.jpeg", "16", "M", "humerus", "osteosarcoma", "frontal"),    // not a selected site
        ]);
        File.WriteAllBytes(Path.Combine(dir, "images", "IMG900001.jpeg"), Jpeg(300, 200, 1));
        File.WriteAllBytes(Path.Combine(dir, "images", "IMG900002.jpeg"), Jpeg(240, 320, 2));
        File.WriteAllBytes(Path.Combine(dir, "images", "IMG900004.jpeg"), Jpeg(100, 100, 4));
        File.WriteAllText(Path.Combine(dir, "Annotations", "IMG900001.json"), """
            {"version": "5.2.1", "flags": {}, "imagePath": "IMG900001.jpeg", "imageHeight": 200, "imageWidth": 300,
             "shapes": [{"label": "osteosarcoma", "shape_type": "polygon", "points": [[40.2, 50.7], [120.9, 60.0], [100.5, 150.3], [45.0, 140.0]]}]}
            """);
        return dir;
    }
}
