using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace BoneTumorTutor.Web.Features.Home;

public sealed record ErrorPage(int StatusCode, string Title, string Message);

public sealed class HomeController : Controller
{
    [AllowAnonymous, HttpGet("/")]
    public IActionResult Index() => View();

    [AllowAnonymous, HttpGet("/about")]
    public IActionResult About() => View();

    // Any method: status pages re-execute the failed request (a refused POST too) against this action.
    [AllowAnonymous, Route("/error/{code:int?}"), IgnoreAntiforgeryToken]
    public IActionResult Error(int? code)
    {
        // Only error statuses: /error/200 or /error/987654 typed by hand is simply "not found".
        var status = code ?? (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is null ? 404 : 500);
        if (status is < 400 or > 599)
        {
            status = 404;
        }

        Response.StatusCode = status;
        var (title, message) = status switch
        {
            404 => ("Not found", "There is nothing here, or it is not yours to see."),
            403 => ("Not allowed", "Your account does not have access to this page."),
            400 => ("Bad request", "The request could not be understood. If you submitted a form, reload the page and try again."),
            413 => ("Too large", "The upload is larger than allowed."),
            429 => ("Slow down", "Too many requests in a short time. Wait a moment and try again."),
            _ => ("Something went wrong", "The error was logged. Try again, and tell your administrator if it happens again."),
        };
        return View(new ErrorPage(status, title, message));
    }
}
