var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "BoneTumorTutor");
app.Run();

public partial class Program;
