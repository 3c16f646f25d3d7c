using BoneTumorTutor.Accounts;
using BoneTumorTutor.Content;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Practice;
using BoneTumorTutor.Web.Features.Authoring;
using BoneTumorTutor.Web.Features.Model;
using BoneTumorTutor.Web.Features.Progress;
using BoneTumorTutor.Web.Features.Studies;
using BoneTumorTutor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.WebEncoders;
using System.Text.Encodings.Web;
using System.Text.Unicode;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The repository's top-level wwwroot is copied next to the binaries (see the .csproj).
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

// Folders: data (database, keys), content (cases as text), models (ONNX + cards).
var paths = AppPaths.Resolve(
    builder.Environment.ContentRootPath,
    builder.Configuration["Storage:DataDirectory"],
    builder.Configuration["Content:Directory"],
    builder.Configuration["Models:Directory"]);
builder.Services.AddSingleton(paths);
builder.Services.AddSingleton(TimeProvider.System);

// Database (SQLite by default) and data protection keys under the data folder.
builder.Services.AddAppData(builder.Configuration, paths);

// Accounts: Identity with roles; the experience bands are configurable.
builder.Services.AddOptions<ExperienceOptions>()
    .BindConfiguration(ExperienceOptions.Section)
    .ValidateDataAnnotations()
    .Validate(o => o.IntermediateMaxYears > o.JuniorMaxYears, "Experience:IntermediateMaxYears must be above JuniorMaxYears.")
    .ValidateOnStart();
builder.Services.AddIdentity<AppUser, IdentityRole>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 10;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    })
    .AddEntityFrameworkStores<AppDbContext>()
    .AddDefaultTokenProviders();
builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
builder.Services.ConfigureApplicationCookie(options =>
{
    options.Cookie.Name = "btt.auth";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    options.LoginPath = "/account/login";
    options.LogoutPath = "/account/logout";
    options.AccessDeniedPath = "/account/denied";
    options.SlidingExpiration = true;
});
builder.Services.AddAntiforgery(options =>
{
    options.Cookie.Name = "btt.af";
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
});

// Every endpoint needs a signed-in user unless it says [AllowAnonymous]; every unsafe request needs an antiforgery token.
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
builder.Services.AddControllersWithViews(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))
    .AddFeatureFolders();

// Budgets for sign-in, registration, answers and uploads (429 with Retry-After when spent).
builder.Services.AddAbuseLimits(builder.Configuration);
builder.Services.AddAdmission();

// Pages in plain Unicode (dashes, ≤, accents) rather than numeric entities.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

// Features.
builder.Services.AddMemoryCache();
builder.Services.AddSingleton<WriteGate>();
builder.Services.AddSingleton<AnswerCommitter>();
builder.Services.AddSingleton<RenderedNotes>();
builder.Services.AddScoped<PracticeService>();
builder.Services.AddScoped<AidedAnswers>();
builder.Services.AddInference();
builder.Services.TryAddSingleton<IActiveModel, NoActiveModel>();
builder.Services.AddReaderStudies();
builder.Services.AddAuthoring();
builder.Services.AddProgress();

var app = builder.Build();

await app.InitialiseDataAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseRouting();
app.UseAdmission();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapControllers();

app.PrintBannerWhenStarted();
await app.RunAsync();

/// <summary>The web app's entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
