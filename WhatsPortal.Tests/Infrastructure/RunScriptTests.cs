using System.Diagnostics;

namespace WhatsPortal.Tests.Infrastructure;

/// <summary>
/// run.sh tells a newcomer where the app listens and, with --sandbox, where the phone page is. Those addresses come
/// from scripts/lib.sh, run here by bash exactly as run.sh runs them.
/// </summary>
public sealed class RunScriptTests
{
    [Theory]
    [InlineData("", "http://localhost:5000")]
    [InlineData("--urls http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    [InlineData("--urls=http://0.0.0.0:9000 --Sandbox:Enabled=true", "http://0.0.0.0:9000")]
    [InlineData("--Admin:Email=a@b.c --urls http://[::1]:7000;http://127.0.0.1:7001", "http://[::1]:7000;http://127.0.0.1:7001")]
    public async Task The_address_printed_is_the_one_urls_gives(string arguments, string expected)
    {
        Assert.Equal(expected, await LibAsync($"listen_urls {Quoted(arguments)}"));
    }

    [Fact]
    public async Task Urls_on_the_command_line_win_over_the_environment()
    {
        Assert.Equal("http://127.0.0.1:8080", await LibAsync("listen_urls --urls http://127.0.0.1:8080", ("ASPNETCORE_URLS", "http://localhost:6000")));
        Assert.Equal("http://localhost:6000", await LibAsync("listen_urls", ("ASPNETCORE_URLS", "http://localhost:6000")));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://[::]:8080/", "http://localhost:8080")]
    [InlineData("http://*:8080", "http://localhost:8080")]
    [InlineData("http://+:8080", "http://localhost:8080")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    public async Task The_phone_page_is_given_at_an_address_a_browser_can_open(string listening, string expected)
    {
        Assert.Equal(expected, await LibAsync($"browsable_url '{listening}'"));
    }

    private static string Quoted(string arguments) =>
        string.Join(' ', arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => $"'{a}'"));

    private static async Task<string> LibAsync(string command, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"source scripts/lib.sh && {command}"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"bash failed ({bash.ExitCode}): {errors}");
        return output.TrimEnd('\n');
    }
}
