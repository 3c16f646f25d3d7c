using Microsoft.AspNetCore.Mvc.Razor;

namespace BoneTumorTutor.Web.Infrastructure;

/// <summary>Views live beside their controllers: Features/&lt;Feature&gt;/&lt;View&gt;.cshtml, shared ones in Features/Shared.</summary>
public static class FeatureFolders
{
    public static IMvcBuilder AddFeatureFolders(this IMvcBuilder mvc) =>
        mvc.AddRazorOptions(options =>
        {
            options.ViewLocationFormats.Clear();
            options.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
            options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
        });
}
