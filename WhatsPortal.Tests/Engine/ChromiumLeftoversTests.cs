using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Engine;

/// <summary>What the engine clears away before launching: browsers left on its profiles, and locks whose owner is gone.</summary>
[Trait("Category", "Browser")]
public sealed class ChromiumLeftoversTests
{
    [Fact]
    public async Task Browsers_on_profiles_under_the_directory_are_ended_and_others_are_left_alone()
    {
        using var work = new TestDirectory();
        var profiles = Path.Combine(work.Path, "profiles");
        var leftover = Path.Combine(profiles, "a");
        // A sibling whose name merely starts the same way is not inside the directory.
        var neighbour = Path.Combine(work.Path, "profiles-other");
        await using var leftBehind = await TestChromium.LaunchEngineBrowserAsync(leftover);
        await using var unrelated = await TestChromium.LaunchEngineBrowserAsync(neighbour);
        Assert.NotEmpty(ChromiumProcesses.Of(leftover));

        ChromiumLeftovers.EndBrowsersUsing(profiles, NullLogger.Instance);

        await Eventually.TrueAsync(() => Task.FromResult(ChromiumProcesses.Of(leftover).Count == 0), "the browser on the profile to be ended");
        Assert.NotEmpty(ChromiumProcesses.Of(neighbour));
        Assert.True(unrelated.IsConnected);
    }

    [Fact]
    public async Task A_lock_is_cleared_only_when_its_owner_on_this_host_is_gone_or_is_not_a_browser_on_the_profile()
    {
        using var work = new TestDirectory();
        var profile = Path.Combine(work.Path, "profile");
        Directory.CreateDirectory(profile);
        var host = Dns.GetHostName();

        var deadPid = FinishedProcessId();
        Lock(profile, $"{host}-{deadPid}");
        File.WriteAllText(Path.Combine(profile, "SingletonCookie"), "");
        Assert.True(ChromiumLeftovers.ClearStaleSingletonLock(profile, NullLogger.Instance));
        Assert.False(LockExists(profile));
        Assert.False(File.Exists(Path.Combine(profile, "SingletonCookie")));

        // A live process that is not a Chromium on this profile: the pid was reused.
        Lock(profile, $"{host}-{Environment.ProcessId}");
        Assert.True(ChromiumLeftovers.ClearStaleSingletonLock(profile, NullLogger.Instance));
        Assert.False(LockExists(profile));

        // Another host's owner cannot be checked from here.
        Lock(profile, $"elsewhere.example-{deadPid}");
        Assert.False(ChromiumLeftovers.ClearStaleSingletonLock(profile, NullLogger.Instance));
        Assert.True(LockExists(profile));
        File.Delete(Path.Combine(profile, "SingletonLock"));

        // The browser really using the profile keeps its lock.
        await using var browser = await TestChromium.LaunchEngineBrowserAsync(profile);
        var owner = ChromiumProcesses.Of(profile).First();
        Lock(profile, $"{host}-{owner}");
        Assert.False(ChromiumLeftovers.ClearStaleSingletonLock(profile, NullLogger.Instance));
        Assert.True(LockExists(profile));
    }

    private static int FinishedProcessId()
    {
        using var process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    private static void Lock(string profile, string owner) => File.CreateSymbolicLink(Path.Combine(profile, "SingletonLock"), owner);

    private static bool LockExists(string profile) => new FileInfo(Path.Combine(profile, "SingletonLock")).LinkTarget is not null;
}
