namespace BoneTumorTutor.Web.Tests.Security;

/// <summary>Who a row of the access table lets in. A person may hold several roles; any one that is allowed is enough.</summary>
[Flags]
public enum Who
{
    Nobody = 0,
    Anonymous = 1,
    Trainee = 2,
    Educator = 4,
    Director = 8,
    Admin = 16,

    SignedIn = Trainee | Educator | Director | Admin,
    Everyone = Anonymous | SignedIn,
    Staff = Educator | Director | Admin,
    EducatorOrAdmin = Educator | Admin,
    DirectorOrAdmin = Director | Admin,
}

/// <summary>One row: the callers the role rules let through, and whether the endpoint also checks the resource itself.</summary>
/// <param name="Allowed">Callers who pass the endpoint's role rules.</param>
/// <param name="PerResource">
/// The endpoint also decides per resource (a trainee's own attempt, a case they have answered, a study they are
/// assigned to), so an allowed caller may still be refused for the made-up ids the matrix uses; the leak and
/// feature tests cover those rules with real resources.
/// </param>
public sealed record Access(Who Allowed, bool PerResource = false);

/// <summary>
/// The expected-access table: every routed endpoint of the app, as "METHOD /route/template" (the routed template with a
/// leading slash; "*" for endpoints that answer every method), and who may use it. The matrix test fails when the app has
/// an endpoint this table does not name, or the table names one the app no longer has — so a new endpoint cannot
/// ship without someone deciding who may call it.
/// </summary>
public static class EndpointAccessTable
{
    public static readonly IReadOnlyDictionary<string, Access> Rows = new Dictionary<string, Access>(StringComparer.Ordinal)
    {
        // Public pages and the sign-in flow.
        ["GET /"] = new(Who.Everyone),
        ["GET /about"] = new(Who.Everyone),
        ["* /error/{code:int?}"] = new(Who.Everyone),
        ["GET /account/register"] = new(Who.Everyone),
        ["POST /account/register"] = new(Who.Everyone),
        ["GET /account/login"] = new(Who.Everyone),
        ["POST /account/login"] = new(Who.Everyone),
        ["GET /account/denied"] = new(Who.Everyone),

        // The signed-in person's own account.
        ["POST /account/logout"] = new(Who.SignedIn),
        ["GET /account/profile"] = new(Who.SignedIn),
        ["POST /account/profile"] = new(Who.SignedIn),

        // Radiographs: any signed-in user; draft and retired cases are checked per image.
        ["GET /media/{id:guid}"] = new(Who.SignedIn, PerResource: true),

        // Practice: trainees only, and only their own attempts.
        ["GET /practice"] = new(Who.Trainee),
        ["GET /practice/next"] = new(Who.Trainee),
        ["GET /practice/{id:guid}"] = new(Who.Trainee, PerResource: true),
        ["POST /practice/{id:guid}/answer"] = new(Who.Trainee, PerResource: true),
        ["GET /practice/{id:guid}/reveal"] = new(Who.Trainee, PerResource: true),
        ["POST /practice/{id:guid}/aided"] = new(Who.Trainee, PerResource: true),
        ["GET /practice/history"] = new(Who.Trainee),

        // Case editor: educators and admins; made-up case ids are 404.
        ["GET /educator/cases"] = new(Who.EducatorOrAdmin),
        ["GET /educator/cases/new"] = new(Who.EducatorOrAdmin),
        ["POST /educator/cases/new"] = new(Who.EducatorOrAdmin),
        ["GET /educator/cases/{id:int}"] = new(Who.EducatorOrAdmin, PerResource: true),
        ["POST /educator/cases/{id:int}"] = new(Who.EducatorOrAdmin, PerResource: true),
        ["POST /educator/cases/{id:int}/status"] = new(Who.EducatorOrAdmin, PerResource: true),
        ["POST /educator/cases/{id:int}/revisions/{number:int}/restore"] = new(Who.EducatorOrAdmin, PerResource: true),
        ["POST /educator/cases/preview"] = new(Who.EducatorOrAdmin),
        ["GET /educator/cases/export"] = new(Who.EducatorOrAdmin),
        ["GET /educator/cases/{id:int}/export"] = new(Who.EducatorOrAdmin, PerResource: true),

        // Reader studies: directors and educators set them up; anyone signed in reads the studies they are assigned to
        // (made-up study ids are 404, unassigned readers 403).
        ["GET /studies"] = new(Who.SignedIn),
        ["GET /studies/new"] = new(Who.Educator | Who.Director),
        ["POST /studies/new"] = new(Who.Educator | Who.Director),
        ["GET /studies/{id:int}"] = new(Who.Educator | Who.Director, PerResource: true),
        ["GET /studies/{id:int}/edit"] = new(Who.Educator | Who.Director, PerResource: true),
        ["POST /studies/{id:int}/edit"] = new(Who.Educator | Who.Director, PerResource: true),
        ["POST /studies/{id:int}/close"] = new(Who.Educator | Who.Director, PerResource: true),
        ["GET /studies/{id:int}/read"] = new(Who.SignedIn, PerResource: true),
        ["POST /studies/{id:int}/start"] = new(Who.SignedIn, PerResource: true),
        ["POST /studies/{id:int}/pause"] = new(Who.SignedIn, PerResource: true),
        ["POST /studies/{id:int}/read/{readId:guid}/unaided"] = new(Who.SignedIn, PerResource: true),
        ["POST /studies/{id:int}/read/{readId:guid}/aided"] = new(Who.SignedIn, PerResource: true),
        ["GET /studies/{id:int}/feedback"] = new(Who.SignedIn, PerResource: true),
        ["GET /studies/{id:int}/results"] = new(Who.Director, PerResource: true),
        ["GET /studies/{id:int}/export/ratings.csv"] = new(Who.Director, PerResource: true),
        ["GET /studies/{id:int}/export/ratings.imrmc"] = new(Who.Director, PerResource: true),
        ["GET /studies/{id:int}/export/results.csv"] = new(Who.Director, PerResource: true),

        // Model output: staff always; others when a rule allows it for that case (practice: after answering it).
        ["GET /model/heat/{caseId:int}/{map}.png"] = new(Who.SignedIn, PerResource: true),

        // Feature map: anyone signed in; points are named only for staff or for cases whose model output the caller may
        // already see (the leak rule on FeatureMaps; FeatureMapTests and the crawl test hold it).
        ["GET /featuremap"] = new(Who.SignedIn),
        ["GET /featuremap/data"] = new(Who.SignedIn),

        // Progress: each signed-in person's own numbers only (the page takes no id).
        ["GET /progress"] = new(Who.SignedIn),

        // Director dashboard: directors and admins; drill-down only into trainees (made-up ids are 404).
        ["GET /dashboard"] = new(Who.DirectorOrAdmin),
        ["GET /dashboard/learners/{id}"] = new(Who.DirectorOrAdmin, PerResource: true),
        ["GET /dashboard/export/cohort.csv"] = new(Who.DirectorOrAdmin),
        ["GET /dashboard/export/answers.csv"] = new(Who.DirectorOrAdmin),

        // Imports: educators and admins, from the configured import folders only.
        ["GET /educator/import"] = new(Who.EducatorOrAdmin),
        ["POST /educator/import"] = new(Who.EducatorOrAdmin),
        ["GET /educator/import/status"] = new(Who.EducatorOrAdmin),

        // Administration.
        ["GET /admin/users"] = new(Who.Admin),
        ["POST /admin/users/{id}/roles"] = new(Who.Admin),
        ["GET /admin/model"] = new(Who.Admin),
        ["GET /admin/model/status"] = new(Who.Admin),
        ["POST /admin/model/activate"] = new(Who.Admin),
        ["POST /admin/model/upload"] = new(Who.Admin),
    };
}
