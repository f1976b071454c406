namespace WhatsPortal.Simulator;

/// <summary>
/// Runs the simulator alone: <c>dotnet run --project WhatsPortal.Simulator --urls http://127.0.0.1:5080</c>, then open
/// <c>/sandbox/phone</c> and <c>/sandbox/web/</c>; with <c>--data &lt;dir&gt;</c> the network is kept there across
/// restarts. A named class rather than top-level statements, so this assembly adds no second global <c>Program</c>
/// next to the portal's.
/// </summary>
public static class SimulatorProgram
{
    public static void Main(string[] args) => Build(args).Run();

    /// <summary>The app <see cref="Main"/> runs, built from the same arguments; tests start it this way.</summary>
    internal static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data"] = $"{SimulatorOptions.SectionName}:{nameof(SimulatorOptions.DataDirectory)}" });
        builder.Services.AddWhatsAppSimulator();
        var app = builder.Build();
        app.MapGet("/", () => Results.Redirect("/sandbox/phone")).ExcludeFromDescription();
        app.MapWhatsAppSimulator("/sandbox");
        return app;
    }
}
