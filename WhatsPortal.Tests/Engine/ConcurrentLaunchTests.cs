using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// Browsers the engine launches at the same moment (instances starting together) keep to their own pipes: each one
/// killed is seen to end at once, while its siblings run on. A browser holding a copy of a sibling's pipe would keep
/// that pipe open after the sibling died, and the engine would wait on the dead one forever.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ConcurrentLaunchTests
{
    [Fact]
    public async Task Each_of_several_browsers_launched_at_once_is_seen_to_end_when_it_is_killed()
    {
        using var work = new TestDirectory();
        var profiles = Enumerable.Range(0, 4).Select(i => Path.Combine(work.Path, $"profile-{i}")).ToList();
        var browsers = await Task.WhenAll(profiles.Select(p => TestChromium.LaunchEngineBrowserAsync(p)));
        try
        {
            // The first launched first: a copy of its pipe could only be held by one launched after it, still running.
            var byStart = profiles.Zip(browsers).OrderBy(b => b.Second.Process.StartTime).ToList();
            for (var i = 0; i < byStart.Count; i++)
            {
                var (profile, browser) = byStart[i];
                var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                browser.Disconnected += (_, _) => ended.TrySetResult();

                Assert.True(ChromiumProcesses.Kill(profile) > 0, $"browser {i} should have been running");

                var seen = await Task.WhenAny(ended.Task, Task.Delay(Eventually.DefaultTimeout)) == ended.Task;
                Assert.True(seen, $"browser {i} was killed but not seen to end within {Eventually.DefaultTimeout}: a sibling holds its pipe open");
                Assert.All(byStart.Skip(i + 1), sibling => Assert.True(sibling.Second.IsConnected));
            }
        }
        finally
        {
            foreach (var browser in browsers) await browser.DisposeAsync();
        }
    }
}
