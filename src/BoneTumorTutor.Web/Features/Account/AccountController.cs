using BoneTumorTutor.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using BoneTumorTutor.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Features.Account;

[Route("account")]
public sealed class AccountController(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    IOptions<ExperienceOptions> experience,
    TimeProvider clock,
    ILogger<AccountController> logger) : Controller
{
    // Registrations are serialised so that exactly one "first user" becomes Admin.
    private static readonly SemaphoreSlim RegistrationGate = new(1, 1);

    [AllowAnonymous, HttpGet("register")]
    public IActionResult Register() => View(new RegisterInput());

    [AllowAnonymous, HttpPost("register"), EnableRateLimiting(AbuseLimits.Register)]
    public async Task<IActionResult> Register(RegisterInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var stage = input.Stage!.Value;
        var user = new AppUser
        {
            UserName = input.Email.Trim(),
            Email = input.Email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? input.Email.Split('@')[0] : input.DisplayName.Trim(),
            TrainingStage = stage,
            TrainingStageValue = input.StageValue!.Value,
            ExperienceYears = TrainingLevels.YearsFor(stage, input.StageValue.Value),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        await RegistrationGate.WaitAsync(HttpContext.RequestAborted);
        try
        {
            var isFirst = (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 0;
            var result = await users.CreateAsync(user, input.Password);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(input.Password) : "", error.Description);
                }

                return View(input);
            }

            await users.AddToRoleAsync(user, Roles.Trainee);
            if (isFirst)
            {
                await users.AddToRoleAsync(user, Roles.Admin);
                logger.LogInformation("First account {Email} was made Admin.", user.Email);
            }
        }
        finally
        {
            RegistrationGate.Release();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return RedirectToAction("Index", "Home");
    }

    [AllowAnonymous, HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginInput());

    [AllowAnonymous, HttpPost("login"), EnableRateLimiting(AbuseLimits.Login)]
    public async Task<IActionResult> Login(LoginInput input, string? returnUrl)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var result = await signIn.PasswordSignInAsync(input.Email.Trim(), input.Password, input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction("Index", "Home");
        }

        ModelState.AddModelError("", result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes."
            : "The email or password is not right.");
        return View(input);
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return RedirectToAction("Index", "Home");
    }

    [AllowAnonymous, HttpGet("denied")]
    public IActionResult Denied() => View();

    [HttpGet("profile")]
    public async Task<IActionResult> Profile(bool saved = false)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var input = new ProfileInput
        {
            DisplayName = user.DisplayName,
            Stage = user.TrainingStage,
            StageValue = user.TrainingStageValue,
        };
        return View(await ProfileViewAsync(user, input, saved));
    }

    [HttpPost("profile")]
    public async Task<IActionResult> Profile(ProfileInput input)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return View(await ProfileViewAsync(user, input, saved: false));
        }

        var stage = input.Stage!.Value;
        user.DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? user.DisplayName : input.DisplayName.Trim();
        user.TrainingStage = stage;
        user.TrainingStageValue = input.StageValue!.Value;
        user.ExperienceYears = TrainingLevels.YearsFor(stage, input.StageValue.Value);
        await users.UpdateAsync(user);
        return RedirectToAction(nameof(Profile), new { saved = true });
    }

    private async Task<ProfileView> ProfileViewAsync(AppUser user, ProfileInput input, bool saved)
    {
        var options = experience.Value;
        var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        return new ProfileView(input, user.Email ?? "", user.TrainingLevel, user.ExperienceYears,
            options.Describe(options.BandFor(user.ExperienceYears)), roles, saved);
    }
}
