using Microsoft.Extensions.DependencyInjection;

namespace WhatsPortal.Tests.Infrastructure;

public static class TestClock
{
    /// <summary>
    /// The app runs on <paramref name="clock"/>, and the Orleans silo keeps the machine's clock (Orleans resolves its
    /// clocks by key, falling back to the app's): a clock moved past a lease by a test would make the silo's failure
    /// detection declare the silo dead, and Orleans ends a dead silo's process, which is the test run.
    /// </summary>
    public static IServiceCollection AddTestClock(this IServiceCollection services, TimeProvider clock) =>
        services.AddSingleton(clock).AddKeyedSingleton(KeyedService.AnyKey, TimeProvider.System);
}
