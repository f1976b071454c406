namespace WhatsPortal.Simulator;

/// <summary>
/// Runs the simulator alone: <c>dotnet run --project WhatsPortal.Simulator --urls http://127.0.0.1:5080</c>, then open
/// <c>/sandbox/phone</c> and <c>/sandbox/web/</c>. A named class rather than top-level statements, so this
/// assembly adds no second global <c>Program</c> next to the portal's.
/// </summary>
public static class SimulatorProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddWhatsAppSimulator();
        var app = builder.Build();
        app.MapGet("/", () => Results.Redirect("/sandbox/phone")).ExcludeFromDescription();
        app.MapWhatsAppSimulator("/sandbox");
        app.Run();
    }
}
